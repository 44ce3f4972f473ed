package io.teamtalkj.msgserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mogujie.tt.protobuf.IMBaseDefine.ClientType;
import io.teamtalkj.client.ClientConfig;
import io.teamtalkj.client.ClientListener;
import io.teamtalkj.client.TeamTalkClient;
import io.teamtalkj.file.FileServer;
import io.teamtalkj.file.FileServerConfig;
import io.teamtalkj.login.LoginServer;
import io.teamtalkj.route.RouteServer;
import io.teamtalkj.route.RouteServerConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every tier's Prometheus scrape after some traffic: each {@code teamtalk_} metric has HELP text,
 * none carries an {@code instance} label of ours, and the Grafana dashboard and alert rules in
 * {@code docker/} name only metrics some tier exports.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class TierMetricsIT {
    private static final Pattern METRIC_NAME = Pattern.compile("teamtalk_[a-z0-9_]+");
    static TestBed bed;
    static RouteServer route;
    static LoginServer login;
    static FileServer files;
    static MsgServer msg;
    static Path storage;
    static final Map<String, Integer> metricsPorts = new LinkedHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        bed = TestBed.start();
        bed.user(1, "m1", "pw1");
        bed.user(2, "m2", "pw2");
        RouteServerConfig rc = new RouteServerConfig();
        rc.listenHost = "127.0.0.1";
        rc.port = 0;
        rc.controlPort = -1;
        rc.metricsPort = 0;
        route = RouteServer.start(rc);
        login = TestBed.startLoginServer();
        storage = Files.createTempDirectory("tt-metrics");
        FileServerConfig fc = new FileServerConfig();
        fc.listenHost = "127.0.0.1";
        fc.clientPort = 0;
        fc.msgServerPort = 0;
        fc.httpPort = -1;
        fc.metricsPort = 0;
        fc.storageDir = storage;
        files = FileServer.start(fc);
        MsgServerConfig c = bed.msgConfig("ms-metrics");
        c.metricsPort = 0;
        c.routeServers = new ArrayList<>(List.of(InetSocketAddress.createUnresolved("127.0.0.1", route.port())));
        c.loginServers = new ArrayList<>(List.of(InetSocketAddress.createUnresolved("127.0.0.1", login.msgServerPort())));
        msg = bed.startMsgServer(c);
        metricsPorts.put("dbproxy", bed.dbProxy.metricsPort());
        metricsPorts.put("msg", msg.metricsPort());
        metricsPorts.put("route", route.metricsPort());
        metricsPorts.put("login", login.metricsPort());
        metricsPorts.put("file", files.metricsPort());
        traffic();
    }

    /**
     * One message stored, delivered to a local receiver and relayed, and one client asking the
     * login-server: the meters made on first use exist and each counted once.
     */
    private static void traffic() throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(() -> msg.relayAvailable() && login.registry().size() == 1);
        try (TeamTalkClient m1 = client("m1", "pw1"); TeamTalkClient m2 = client("m2", "pw2")) {
            assertThat(m1.sendText(2, "hello").get(15, TimeUnit.SECONDS).getMsgId()).isPositive();
            await().atMost(Duration.ofSeconds(10)).until(() -> msg.stats().deliveriesLocal.sum() == 1);
        }
        assertThat(HealthEndpointsIT.get(login.httpPort(), "/msg_server").body()).contains("\"code\":0");
        await().atMost(Duration.ofSeconds(10)).until(() -> scrape("route").contains("teamtalk_route_envelopes_total{"));
    }

    private static TeamTalkClient client(String user, String password) throws Exception {
        TeamTalkClient c = TeamTalkClient.create(ClientConfig.builder().msgServer("127.0.0.1", msg.port())
                .user(user).password(password).clientType(ClientType.CLIENT_TYPE_WINDOWS)
                .requestTimeout(Duration.ofSeconds(15)).reconnect(false).build(), new ClientListener() { });
        c.connect().get(15, TimeUnit.SECONDS);
        return c;
    }

    @AfterAll
    static void stop() throws IOException {
        bed.close();
        files.close();
        login.close();
        route.close();
    }

    static String scrape(String tier) {
        var rsp = HealthEndpointsIT.get(metricsPorts.get(tier), "/metrics");
        assertThat(rsp.statusCode()).isEqualTo(200);
        return rsp.body();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dbproxy", "msg", "route", "login", "file"})
    void everyTeamTalkMetricHasHelpAndNoInstanceLabel(String tier) {
        String text = scrape(tier);
        Map<String, String> help = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("# HELP teamtalk_")) {
                String rest = line.substring("# HELP ".length());
                int space = rest.indexOf(' ');
                help.put(space < 0 ? rest : rest.substring(0, space), space < 0 ? "" : rest.substring(space + 1).strip());
            } else if (line.startsWith("teamtalk_")) {
                assertThat(line).as("Prometheus sets instance itself").doesNotContainPattern("[{,]instance=\"");
            }
        }
        assertThat(help.keySet()).as("%s exports its own metrics", tier).anyMatch(n -> n.startsWith("teamtalk_" + tier + "_"));
        assertThat(help).allSatisfy((name, helpText) -> assertThat(helpText).as("HELP of %s", name).isNotEmpty());
    }

    @Test
    void theTrafficIsCounted() {
        assertThat(scrape("msg")).contains("teamtalk_msg_ack_latency_seconds_count 1\n",
                "teamtalk_msg_delivery_latency_seconds_count{path=\"local\"} 1\n", "teamtalk_msg_dbproxy_links_up 1.0");
        assertThat(scrape("dbproxy")).contains("teamtalk_dbproxy_store_results_total{result=\"ok\"} 1.0",
                "teamtalk_dbproxy_commit_latency_seconds_count{command=\"CID_MSG_DATA\"} 1\n",
                "teamtalk_dbproxy_requests_total{outcome=\"rejected\"} 0.0", "hikaricp_connections_max")
                .containsPattern("teamtalk_dbproxy_requests_total\\{outcome=\"served\"} [1-9]")
                .containsPattern("teamtalk_dbproxy_queue_depth\\{worker=\"3\"} 0.0");
        assertThat(scrape("login")).contains("teamtalk_login_chosen_total{msg_server=\"ms-metrics\"} 1.0",
                "teamtalk_login_requests_total{result=\"ok\"} 1.0", "teamtalk_login_msg_servers 1.0");
    }

    @Test
    void dashboardAndAlertRulesUseOnlyExportedMetrics() throws IOException {
        Set<String> exported = new TreeSet<>();
        for (String tier : metricsPorts.keySet()) {
            for (String line : scrape(tier).split("\n")) {
                Matcher m = METRIC_NAME.matcher(line);
                if (line.startsWith("teamtalk_") && m.lookingAt()) {
                    exported.add(m.group());
                }
            }
        }
        Path docker = Path.of("..", "docker");
        for (Path file : List.of(docker.resolve("grafana/teamtalk-dashboard.json"), docker.resolve("prometheus/alerts.yml"))) {
            Set<String> used = new TreeSet<>();
            Matcher m = METRIC_NAME.matcher(Files.readString(file));
            while (m.find()) {
                used.add(m.group());
            }
            assertThat(used).as("%s names metrics", file).hasSizeGreaterThan(10);
            assertThat(exported).as("metrics %s uses", file).containsAll(used);
        }
    }
}
