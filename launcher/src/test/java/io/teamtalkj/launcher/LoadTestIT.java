package io.teamtalkj.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.teamtalkj.launcher.cluster.ClusterLayout;
import io.teamtalkj.launcher.cluster.LocalCluster;
import io.teamtalkj.loadtest.LoadReport;
import io.teamtalkj.loadtest.LoadTest;
import io.teamtalkj.loadtest.LoadTestOptions;
import io.teamtalkj.loadtest.LoadTestOptions.Scenario;
import io.teamtalkj.msgserver.MsgServer;
import io.teamtalkj.testing.TcpProxy;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Short load-test runs on an in-process cluster (two msg-servers, two route-servers, rate limit
 * off): every acked message reaches every receiver exactly once, and the route-servers count the
 * cross-server deliveries they relayed.
 */
@Timeout(300)
class LoadTestIT {
    @TempDir
    static Path dataDir;

    static LocalCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = InProcessClusters.start(dataDir);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    static LoadTestOptions options(Scenario scenario) {
        LoadTestOptions o = InProcessClusters.loadOptions(cluster, scenario);
        o.requestTimeout = Duration.ofSeconds(30);
        o.drainTimeout = Duration.ofSeconds(30);
        return o;
    }

    @Test
    void p2pAcrossTwoMsgServersLosesNothingAndTheRouteServersRelayTheCrossServerMessages() throws Exception {
        LoadTestOptions o = options(Scenario.P2P);
        o.clients = 8;
        o.crossFraction = 0.5;
        o.messages = 300;
        o.window = 4;
        LoadReport r = LoadTest.run(o);

        assertThat(r.clientsConnected).isEqualTo(8);
        assertThat(r.samePairs).isEqualTo(2);
        assertThat(r.crossPairs).isEqualTo(2);
        assertThat(r.sent).isEqualTo(300);
        assertThat(r.acked).as("acks (failures: %s)", r.ackFailures).isEqualTo(300);
        assertThat(r.expected()).isEqualTo(300);
        assertThat(r.received()).isEqualTo(r.expected());
        assertThat(r.lost()).isZero();
        assertThat(r.duplicated()).isZero();
        assertThat(r.outOfOrder()).isZero();
        assertThat(r.pulled).isTrue();
        assertThat(r.ackedCross).isPositive();
        assertThat(r.ackedSame).isPositive();
        assertThat(r.e2eCross.count()).isEqualTo(r.ackedCross);
        // every cross-server message went through a route-server to the other msg-server
        assertThat(r.relayedMessageDeliveries()).isGreaterThanOrEqualTo(r.ackedCross);
        assertThat(r.msgServers.get("messages_stored")).isEqualTo(300L);
        assertThat(r.ackLatency.count()).isEqualTo(300);
    }

    @Test
    void halfTheClientsOnWebSocketLoseNothing() throws Exception {
        LoadTestOptions o = options(Scenario.P2P);
        o.transport = LoadTestOptions.Transport.MIXED;
        o.userPrefix = "ws";
        o.clients = 8;
        o.crossFraction = 0.5;
        o.messages = 200;
        LoadReport r = LoadTest.run(o);

        assertThat(r.transport).isEqualTo("mixed");
        assertThat(r.clientsConnected).isEqualTo(8);
        assertThat(r.acked).as("acks (failures: %s)", r.ackFailures).isEqualTo(200);
        assertThat(r.received()).isEqualTo(r.expected());
        assertThat(r.lost()).isZero();
        assertThat(r.duplicated()).isZero();
        assertThat(r.outOfOrder()).isZero();
        assertThat(r.webSocketClients).as("every other client logged in over WebSocket").isEqualTo(4);
    }

    @Test
    void clientsWhoseConnectionsDropLogInAgainAndTheReportCountsThem() throws Exception {
        try (TcpProxy proxy = new TcpProxy(cluster.msgServers().get(0).port())) {
            LoadTestOptions o = options(Scenario.P2P);
            o.msgServers.clear();
            o.msgServers.add("127.0.0.1:" + proxy.port());
            o.loginUrl = null; // reconnect through the proxy again, not via the login-server to a real msg-server
            o.userPrefix = "rc";
            o.clients = 8;
            o.crossFraction = 0;
            o.rate = 100;
            o.duration = Duration.ofSeconds(8);
            Thread cutter = new Thread(() -> {
                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> proxy.accepted() >= 8);
                try {
                    Thread.sleep(3_000); // paces the fault into the traffic phase, not a poll
                } catch (InterruptedException e) {
                    return;
                }
                proxy.cutAll();
            });
            cutter.start();
            LoadReport r = LoadTest.run(o);
            cutter.join();

            assertThat(r.disconnects).as("each client's connection was cut once").isEqualTo(8);
            assertThat(r.reconnects).as("and each logged in again").isEqualTo(8);
            assertThat(proxy.accepted()).isEqualTo(16);
            assertThat(r.lost()).isZero();
            assertThat(r.duplicated()).isZero();
            assertThat(r.acked).isPositive();
            assertThat(r.received()).isEqualTo(r.expected());
        }
    }

    @Test
    void groupFanOutReachesEveryOtherMemberExactlyOnce() throws Exception {
        LoadTestOptions o = options(Scenario.GROUP);
        o.clients = 8;
        o.groupSize = 4;
        o.messages = 200;
        o.window = 2;
        LoadReport r = LoadTest.run(o);

        assertThat(r.groups).isEqualTo(2);
        assertThat(r.acked).as("acks (failures: %s)", r.ackFailures).isEqualTo(200);
        assertThat(r.expected()).isEqualTo(200 * 3);
        assertThat(r.received()).isEqualTo(r.expected());
        assertThat(r.lost()).isZero();
        assertThat(r.duplicated()).isZero();
        // each sender's messages arrive in the order it sent them (different senders may interleave)
        assertThat(r.outOfOrder()).isZero();
        // members are spread over both msg-servers, so part of the fan-out is relayed
        assertThat(r.relayedMessageDeliveries()).isPositive();
    }

    @Test
    void theCommandWritesJsonAndHtmlAndExitsZeroWhenNothingIsLost(@TempDir Path out) throws Exception {
        List<String> args = new ArrayList<>(List.of("loadtest", "--quiet", "--scenario", "p2p", "--clients", "4",
                "--messages", "40", "--login", cluster.loginUrl().replace("/msg_server", ""), "--admin",
                "127.0.0.1:" + cluster.dbProxy().controlPort(), "--create-users", "--user-prefix", "cmd",
                "--json", out.resolve("r.json").toString(), "--html", out.resolve("r.html").toString()));
        for (String route : cluster.routeControls()) {
            args.add("--route");
            args.add(route);
        }
        StringWriter stdout = new StringWriter();
        StringWriter stderr = new StringWriter();
        CommandLine cmd = TeamTalk.commandLine();
        cmd.setOut(new PrintWriter(stdout, true));
        cmd.setErr(new PrintWriter(stderr, true));
        int code = cmd.execute(args.toArray(String[]::new));

        assertThat(code).as("stdout %s stderr %s", stdout, stderr).isZero();
        assertThat(stdout.toString()).contains("persisted msg/s", "lost", "duplicated");
        String json = Files.readString(out.resolve("r.json"), StandardCharsets.UTF_8);
        assertThat(json).contains("\"expected\": 40", "\"received\": 40", "\"lost\": 0", "\"duplicated\": 0");
        String html = Files.readString(out.resolve("r.html"), StandardCharsets.UTF_8);
        assertThat(html).contains("<svg", "report-data").doesNotContain("http://", "https://");
    }

    @Test
    void theClusterOptionStartsItsOwnClusterWithoutRateLimitAndStopsIt(@TempDir Path out) throws Exception {
        StringWriter stdout = new StringWriter();
        StringWriter stderr = new StringWriter();
        CommandLine cmd = TeamTalk.commandLine();
        cmd.setOut(new PrintWriter(stdout, true));
        cmd.setErr(new PrintWriter(stderr, true));
        int code = cmd.execute("loadtest", "--cluster", "--quiet", "--verbose", "--data-dir", out.resolve("data").toString(),
                "--clients", "4", "--messages", "200", "--window", "8", "--json", out.resolve("c.json").toString());

        assertThat(code).as("stdout %s stderr %s", stdout, stderr).isZero();
        assertThat(stdout.toString()).contains("rate limit off", "persisted msg/s");
        String json = Files.readString(out.resolve("c.json"), StandardCharsets.UTF_8);
        // 2 senders with 8 in flight each would be refused by a 20/s limit: none were
        assertThat(json).contains("\"acked\": 200", "\"ack_failed\": 0", "\"lost\": 0", "\"duplicated\": 0",
                "\"messages_rate_limited\": 0");
    }

    @Test
    void theToolsFindTheClusterThroughItsDataDirAndTheBannerPrintsTheirCommandLines() throws Exception {
        Path layoutFile = ClusterLayout.file(dataDir);
        assertThat(layoutFile).exists();
        ClusterLayout layout = ClusterLayout.readRunning(dataDir);
        assertThat(layout).isEqualTo(cluster.layout());
        assertThat(layout.loginUrl()).isEqualTo(cluster.loginUrl());
        assertThat(layout.dbProxyControl()).isEqualTo("127.0.0.1:" + cluster.dbProxy().controlPort());

        String dir = dataDir.toString();
        TeamTalkCommandTest.Result users = TeamTalkCommandTest.run("admin", "--cluster", dir, "user", "list");
        assertThat(users.code).as(users.err).isZero();
        TeamTalkCommandTest.Result stats = TeamTalkCommandTest.run("route-stats", "--cluster", dir);
        assertThat(stats.code).as(stats.err).isZero();
        assertThat(stats.out).startsWith("route-server 127.0.0.1:" + cluster.routeServers().get(0).port());
        TeamTalkCommandTest.Result load = TeamTalkCommandTest.run("loadtest", "--cluster", dir, "--quiet", "--create-users",
                "--user-prefix", "dir", "--clients", "4", "--messages", "40");
        assertThat(load.code).as("stdout %s stderr %s", load.out, load.err).isZero();
        assertThat(load.out).contains("lost");

        StringWriter banner = new StringWriter();
        cluster.describe(new PrintWriter(banner, true));
        MsgServer first = cluster.msgServers().get(0);
        MsgServer second = cluster.msgServers().get(1);
        assertThat(banner.toString()).contains(
                "./teamtalk chat --login " + cluster.loginUrl() + " -u NAME",
                "./teamtalk admin --dbproxy-control 127.0.0.1:" + cluster.dbProxy().controlPort() + " user list",
                "./teamtalk route-stats --route 127.0.0.1:" + cluster.routeServers().get(0).controlPort(),
                "./teamtalk route-stats --route 127.0.0.1:" + cluster.routeServers().get(1).controlPort(),
                "./teamtalk loadtest --login " + cluster.loginUrl() + " --msg-server 127.0.0.1:" + first.port()
                        + ",127.0.0.1:" + second.port() + " --msg-control 127.0.0.1:" + first.controlPort() + ",127.0.0.1:"
                        + second.controlPort() + " --route 127.0.0.1:" + cluster.routeServers().get(0).controlPort(),
                "--cluster " + dataDir.toAbsolutePath(), layoutFile.toAbsolutePath().toString());
    }
}
