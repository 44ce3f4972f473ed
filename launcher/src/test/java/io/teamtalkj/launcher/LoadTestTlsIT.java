package io.teamtalkj.launcher;

import static io.teamtalkj.launcher.TeamTalkCommandTest.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.teamtalkj.dbproxy.DbProxyConfig;
import io.teamtalkj.dbproxy.DbProxyServer;
import io.teamtalkj.dbproxy.testing.EmbeddedStorage;
import io.teamtalkj.loadtest.LoadReport;
import io.teamtalkj.loadtest.LoadTest;
import io.teamtalkj.loadtest.LoadTestOptions;
import io.teamtalkj.msgserver.MsgServer;
import io.teamtalkj.msgserver.MsgServerConfig;
import io.teamtalkj.net.TlsConfig;
import io.teamtalkj.testing.TestCerts;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code teamtalk loadtest --tls-ca}: the load tester's clients against a msg-server whose client port is TLS only. */
@Timeout(300)
class LoadTestTlsIT {
    @TempDir
    Path dir;

    @Test
    void loadTesterRunsOverATlsClientPortLosingNothing() throws Exception {
        TestCerts.Authority ca = TestCerts.authority(dir, "ca");
        TestCerts.Identity port = ca.issue("msg-server");
        DbProxyConfig dc = EmbeddedStorage.freshConfig();
        try (DbProxyServer db = DbProxyServer.start(dc)) {
            MsgServerConfig mc = new MsgServerConfig();
            mc.listenHost = "127.0.0.1";
            mc.port = 0;
            mc.controlPort = -1;
            mc.metricsPort = -1;
            mc.messageRateLimit = 0;
            mc.dbProxies = new ArrayList<>(List.of(InetSocketAddress.createUnresolved("127.0.0.1", db.port())));
            mc.loginServers = new ArrayList<>();
            mc.routeServers = new ArrayList<>();
            mc.fileServers = new ArrayList<>();
            mc.clientTls = TlsConfig.of(new TlsConfig.Pem("--tls-cert", port.cert()), new TlsConfig.Pem("--tls-key", port.key()),
                    null);
            try (MsgServer ms = MsgServer.start(mc)) {
                await("msg-server linked to the dbproxy").atMost(Duration.ofSeconds(15)).until(() -> ms.db().anyUp());
                LoadTestCommand cmd = parse(new LoadTestCommand(), "--msg-server", "127.0.0.1:" + ms.port(),
                        "--tls-ca", ca.ca().toString());
                LoadTestOptions o = cmd.options();
                assertThat(o.tls).isNotNull();
                o.admin = "127.0.0.1:" + db.controlPort();
                o.createUsers = true;
                o.userPrefix = "tls";
                o.clients = 6;
                o.crossFraction = 0;
                o.messages = 120;
                o.sourceAddresses = 0;
                o.requestTimeout = Duration.ofSeconds(30);
                o.drainTimeout = Duration.ofSeconds(30);
                LoadReport r = LoadTest.run(o);

                assertThat(r.clientsConnected).isEqualTo(6);
                assertThat(r.acked).as("acks (failures: %s)", r.ackFailures).isEqualTo(120);
                assertThat(r.received()).isEqualTo(r.expected());
                assertThat(r.lost()).isZero();
                assertThat(r.duplicated()).isZero();
            }
        }
    }
}
