package io.teamtalkj.msgserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.mogujie.tt.protobuf.IMBaseDefine.ClientType;
import com.mogujie.tt.protobuf.IMBaseDefine.UserStatType;
import io.teamtalkj.route.RouteServer;
import io.teamtalkj.route.RouteServerConfig;
import io.teamtalkj.testing.Ports;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Users who logged in while no route-server was reachable are known to it once it comes up. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LateRouteServerIT {
    static TestBed bed;
    static RouteServer route;

    @BeforeAll
    static void start() throws Exception {
        bed = TestBed.start();
        bed.user(1, "late1", "pw1");
    }

    @AfterAll
    static void stop() {
        bed.close();
        if (route != null) {
            route.close();
        }
    }

    @Test
    void aRouteServerStartedAfterTheLoginLearnsTheUser() throws Exception {
        int routePort = Ports.freeTcpPort();
        MsgServerConfig c = bed.msgConfig("ms-late");
        c.routeServers = new ArrayList<>(List.of(InetSocketAddress.createUnresolved("127.0.0.1", routePort)));
        MsgServer server = bed.startMsgServer(c);
        try (RawClient client = RawClient.loggedIn(server.port(), "late1", "pw1", ClientType.CLIENT_TYPE_WINDOWS)) {
            assertThat(server.relayAvailable()).isFalse();
            RouteServerConfig rc = new RouteServerConfig();
            rc.listenHost = "127.0.0.1";
            rc.port = routePort;
            rc.controlPort = -1;
            rc.metricsPort = -1;
            route = RouteServer.start(rc);
            Awaitility.await("user 1 online on the late route-server").atMost(Duration.ofSeconds(20))
                    .until(() -> route.presence().status(1) == UserStatType.USER_STATUS_ONLINE);
        }
    }
}
