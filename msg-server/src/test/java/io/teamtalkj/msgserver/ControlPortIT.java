package io.teamtalkj.msgserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mogujie.tt.protobuf.IMBaseDefine.ClientType;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.teamtalkj.control.msg.MsgServerStatsGrpc;
import io.teamtalkj.control.msg.MsgStatsRequest;
import io.teamtalkj.control.msg.MsgStatsResponse;
import io.teamtalkj.control.proto.HealthCheckRequest;
import io.teamtalkj.control.proto.ServingStatus;
import io.teamtalkj.control.proto.TierHealthGrpc;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The msg-server's gRPC control port: health and the stats the load tester reads. */
@Timeout(300)
class ControlPortIT {
    static TestBed bed;
    static MsgServer server;
    static ManagedChannel channel;

    @BeforeAll
    static void start() throws Exception {
        bed = TestBed.start();
        bed.user(1, "c1", "pw1");
        MsgServerConfig cfg = bed.msgConfig("ms-control");
        cfg.controlPort = 0;
        cfg.metricsPort = 0;
        server = bed.startMsgServer(cfg);
        channel = NettyChannelBuilder.forAddress("127.0.0.1", server.controlPort()).usePlaintext().build();
    }

    @AfterAll
    static void stop() {
        channel.shutdownNow();
        bed.close();
    }

    @Test
    void healthIsServingWithTheDbproxyLinkUp() {
        var rsp = TierHealthGrpc.newBlockingStub(channel).check(HealthCheckRequest.getDefaultInstance());
        assertThat(rsp.getStatus()).isEqualTo(ServingStatus.SERVING);
        assertThat(rsp.getTier()).isEqualTo("msg-server");
        assertThat(rsp.getInstance()).isEqualTo("ms-control");
    }

    @Test
    void prometheusMetricsCountLoginsAndShowTheJvm() throws Exception {
        try (RawClient c = RawClient.loggedIn(server.port(), "c1", "pw1", ClientType.CLIENT_TYPE_WINDOWS)) {
            var http = java.net.http.HttpClient.newHttpClient();
            var rsp = http.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + server.metricsPort() + "/metrics")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(rsp.statusCode()).isEqualTo(200);
            assertThat(rsp.body()).containsPattern("teamtalk_msg_logins_total\\{.*result=\"ok\".*\\} [1-9]")
                    .contains("teamtalk_msg_connections 1.0", "jvm_memory_used_bytes",
                            "teamtalk_msg_slow_readers_dropped_total 0.0");
        }
    }

    @Test
    void statsCountConnectionsAndLogins() throws Exception {
        var stub = MsgServerStatsGrpc.newBlockingStub(channel);
        long loginsBefore = stub.get(MsgStatsRequest.getDefaultInstance()).getLoginsOk();
        try (RawClient c = RawClient.loggedIn(server.port(), "c1", "pw1", ClientType.CLIENT_TYPE_WINDOWS);
             RawClient idle = new RawClient(server.port())) {
            MsgStatsResponse s = await("both sockets counted").atMost(Duration.ofSeconds(5))
                    .until(() -> stub.get(MsgStatsRequest.getDefaultInstance()), r -> r.getOpenSockets() >= 2);
            assertThat(s.getConnections()).isEqualTo(1);
            assertThat(s.getUsers()).isEqualTo(1);
            assertThat(s.getLoginsOk()).isEqualTo(loginsBefore + 1);
            assertThat(s.getHeapUsedBytes()).isPositive();
            assertThat(s.getInstance()).isEqualTo("ms-control");
            assertThat(s.getSlowReadersDropped()).isZero();
        }
    }
}
