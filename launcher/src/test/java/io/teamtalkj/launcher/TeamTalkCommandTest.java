package io.teamtalkj.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.teamtalkj.dbproxy.DbProxyConfig;
import io.teamtalkj.login.LoginServerConfig;
import io.teamtalkj.route.RouteServer;
import io.teamtalkj.route.RouteServerConfig;
import io.teamtalkj.links.route.RouteClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TeamTalkCommandTest {
    private static final String[] TIERS = {
        "dbproxy-server", "msg-server", "route-server", "login-server", "file-server", "api-server", "push-server",
    };

    static final class Result {
        final int code;
        final String out;
        final String err;

        Result(int code, String out, String err) {
            this.code = code;
            this.out = out;
            this.err = err;
        }
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = TeamTalk.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    /** The command with these arguments parsed (options and --config defaults applied). */
    static <T> T parse(T command, String... args) {
        new CommandLine(command).parseArgs(args);
        return command;
    }

    /**
     * conf/NAME has a key for every option of the command (except --config and {@code exempt}) and
     * no key that is not an option; returns its path.
     */
    static Path assertConfCoversEveryOption(String name, Object command, String... exempt) throws java.io.IOException {
        Path conf = Path.of("..", "conf", name);
        java.util.Properties props = new java.util.Properties();
        try (java.io.Reader in = Files.newBufferedReader(conf, StandardCharsets.UTF_8)) {
            props.load(in);
        }
        java.util.Set<String> skip = new java.util.HashSet<>(java.util.List.of(exempt));
        skip.add("config");
        java.util.Set<String> optionKeys = new java.util.HashSet<>();
        for (CommandLine.Model.OptionSpec o : new CommandLine(command).getCommandSpec().options()) {
            String key = o.longestName().substring(2);
            optionKeys.add(key);
            if (!o.usageHelp() && !o.versionHelp() && !skip.contains(key)) {
                assertThat(props).as("conf/" + name).containsKey(key);
            }
        }
        assertThat(optionKeys).as("keys of conf/" + name + " are options").containsAll(props.stringPropertyNames());
        return conf;
    }

    @Test
    void shippedApiServerConfHoldsEveryOptionWithItsDefault() throws Exception {
        Path conf = assertConfCoversEveryOption("api-server.conf", new ApiServerCommand());
        io.teamtalkj.api.ApiServerConfig fromFile = parse(new ApiServerCommand(), "--config", conf.toString()).toConfig();
        io.teamtalkj.api.ApiServerConfig defaults = parse(new ApiServerCommand()).toConfig();
        assertThat(fromFile.port).isEqualTo(defaults.port).isEqualTo(8400);
        assertThat(fromFile.appReload).isEqualTo(defaults.appReload);
        assertThat(fromFile.maxBodyBytes).isEqualTo(defaults.maxBodyBytes);
        assertThat(fromFile.dbProxyControl).isEqualTo(defaults.dbProxyControl);
    }

    @Test
    void helpListsEveryTierAndTool() {
        Result r = run("--help");
        assertThat(r.code).isZero();
        assertThat(r.out).contains(TIERS);
        assertThat(r.out).contains("cluster", "chat", "admin", "route-stats", "loadtest");
    }

    @Test
    void versionNamesTheProject() {
        Result r = run("--version");
        assertThat(r.code).isZero();
        assertThat(r.out).startsWith("teamtalk ").contains("Java ");
    }

    @Test
    void loadtestNeedsATargetAndAKnownScenario() {
        Result none = run("loadtest", "--quiet");
        assertThat(none.code).isEqualTo(LoadTestCommand.EXIT_CANNOT_RUN);
        assertThat(none.err).contains("--login").contains("--msg-server");
        Result bad = run("loadtest", "--login", "http://127.0.0.1:1", "--scenario", "flood");
        assertThat(bad.code).isEqualTo(LoadTestCommand.EXIT_CANNOT_RUN);
        assertThat(bad.err).contains("--scenario must be p2p, group, login-storm, idle or mixed");
        Result port = run("loadtest", "--msg-server", "127.0.0.1:99999");
        assertThat(port.code).isEqualTo(LoadTestCommand.EXIT_CANNOT_RUN);
        assertThat(port.err).contains("HOST:PORT");
    }

    @Test
    void loadtestHelpListsScenariosAndOutputs() {
        Result r = run("loadtest", "--help");
        assertThat(r.code).isZero();
        String out = r.out.replaceAll("\\s+", " ");
        assertThat(out).contains("--scenario=NAME", "login-storm", "--cluster", "--json=FILE", "--html=FILE",
                "--create-users", "--rate-limit=MSG/S", "--duration=DURATION", "--messages=N");
        assertThat(out).doesNotContain("${DEFAULT-VALUE}");
    }

    @Test
    void dbproxyHelpListsEveryOptionWithItsDefault() {
        Result r = run("dbproxy-server", "--help");
        assertThat(r.code).isZero();
        String out = r.out.replaceAll("\\s+", " "); // picocli wraps long lines
        assertThat(out).contains("--config=FILE", "--listen-host=HOST", "--port=PORT", "--control-host=HOST",
                "--control-port=PORT", "--db-url=URL", "--db-user=USER", "--db-password=PASSWORD", "--db-pool-size=N",
                "--redis-url=URL", "--redis-pool-size=N", "--workers=N", "--batch-size=N", "--queue-capacity=N",
                "--history-page-cap=N", "--login-failure-limit=N", "--max-frame-length=BYTES", "--[no-]migrate",
                "TEAMTALK_DB_PASSWORD");
        assertThat(out).contains("(default: 0.0.0.0)", "(default: 10600)", "(default: 127.0.0.1)", "(default: 10601)",
                "(default: jdbc:mysql://127.0.0.1:3306/teamtalk)", "(default: root)", "(default: 16)",
                "(default: redis://127.0.0.1:6379)", "(default: 32)", "(default: 8)", "(default: 128)", "(default: 65536)",
                "(default: 100)", "(default: 10)", "(default: 409600)", "(default: true)");
        assertThat(out).doesNotContain("${DEFAULT-VALUE}", "null");
    }

    @Test
    void dbproxyDefaultsAreTheConfigDefaults() {
        DbProxyConfig parsed = parse(new DbProxyCommand()).toConfig();
        // the password may come from TEAMTALK_DB_PASSWORD in the test environment
        assertThat(parsed).usingRecursiveComparison().ignoringFields("dbPassword").isEqualTo(new DbProxyConfig());
        assertThat(parse(new DbProxyCommand(), "--no-migrate").toConfig().migrate).isFalse();
        assertThat(parse(new DbProxyCommand(), "--migrate").toConfig().migrate).isTrue();
    }

    @Test
    void dbproxyConfigFileSuppliesDefaultsAndTheCommandLineWins(@TempDir Path dir) throws Exception {
        Path conf = dir.resolve("dbproxy.conf");
        Files.writeString(conf, "# comment\nport=1234\ndb-url=jdbc:mysql://db.example:3306/tt\nworkers = 3\nmigrate=false\n"
                + "db-password=from-file\n", StandardCharsets.UTF_8);
        DbProxyConfig fromFile = parse(new DbProxyCommand(), "--config", conf.toString()).toConfig();
        assertThat(fromFile.port).isEqualTo(1234);
        assertThat(fromFile.dbUrl).isEqualTo("jdbc:mysql://db.example:3306/tt");
        assertThat(fromFile.workers).isEqualTo(3);
        assertThat(fromFile.migrate).isFalse();
        assertThat(fromFile.redisUrl).isEqualTo("redis://127.0.0.1:6379");

        // wherever --config stands, options on the command line win
        DbProxyConfig overridden = parse(new DbProxyCommand(), "--port", "99", "--config", conf.toString(), "--migrate", "--db-password", "cli").toConfig();
        assertThat(overridden.port).isEqualTo(99);
        assertThat(overridden.migrate).isTrue();
        assertThat(overridden.dbPassword).isEqualTo("cli");
        assertThat(overridden.workers).isEqualTo(3);
        assertThat(parse(new DbProxyCommand(), "--config", conf.toString(), "--no-migrate").toConfig().migrate).isFalse();

        // --help shows the file's values as the defaults, never the password
        Result help = run("dbproxy-server", "--config", conf.toString(), "--help");
        assertThat(help.out.replaceAll("\\s+", " ")).contains("(default: 1234)", "(default: jdbc:mysql://db.example:3306/tt)").doesNotContain("from-file");
    }

    @Test
    void shippedDbproxyConfHoldsEveryOptionWithItsDefault() throws Exception {
        Path conf = assertConfCoversEveryOption("dbproxy.conf", new DbProxyCommand(), "db-password");
        assertThat(Files.readString(conf)).contains("#db-password=", "TEAMTALK_DB_PASSWORD");
        DbProxyCommand parsed = new DbProxyCommand();
        new CommandLine(parsed).parseArgs("--config", conf.toString());
        assertThat(parsed.toConfig()).usingRecursiveComparison().ignoringFields("dbPassword").isEqualTo(new DbProxyConfig());
    }

    @Test
    void dbproxyRejectsUnknownConfigKeysAndMissingFiles(@TempDir Path dir) throws Exception {
        Path conf = dir.resolve("typo.conf");
        Files.writeString(conf, "db_url=jdbc:mysql://x/y\n", StandardCharsets.UTF_8);
        Result typo = run("dbproxy-server", "--config", conf.toString());
        assertThat(typo.code).isEqualTo(2);
        assertThat(typo.err.strip().lines()).singleElement().asString().contains("unknown key db_url", "db-url");

        Result missing = run("dbproxy-server", "--config", dir.resolve("nope.conf").toString());
        assertThat(missing.code).isEqualTo(2);
        assertThat(missing.err.strip().lines()).singleElement().asString().contains("nope.conf", "no such file");
    }

    @Test
    void dbproxyWithAnUnreachableDatabaseSaysSoInOneLineAndExits2() {
        long start = System.nanoTime();
        Result r = run("dbproxy-server", "--db-url", "jdbc:mysql://127.0.0.1:1/nope", "--port", "0", "--control-port", "0",
                "--metrics-port", "0");
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(r.code).isEqualTo(2);
        assertThat(r.err.strip().lines()).singleElement().asString()
                .startsWith("teamtalk dbproxy-server: cannot connect to MySQL at jdbc:mysql://127.0.0.1:1/nope")
                .containsIgnoringCase("refused");
        assertThat(r.out).isEmpty();
        // guards against a retry loop that never gives up, not a speed target
        assertThat(took).isLessThan(Duration.ofSeconds(60));
    }

    @Test
    void dbproxyWithANonMysqlUrlSaysSoAndExits2() {
        Result r = run("dbproxy-server", "--db-url", "postgres://x");
        assertThat(r.code).isEqualTo(2);
        assertThat(r.err.strip().lines()).singleElement().asString()
                .isEqualTo("teamtalk dbproxy-server: --db-url must start with jdbc:mysql:// (got postgres://x)");
    }

    // ---- route-server and route-stats ----------------------------------------------------------

    @Test
    void routeServerHelpListsEveryOptionWithItsDefault() {
        Result r = run("route-server", "--help");
        assertThat(r.code).isZero();
        String out = r.out.replaceAll("\\s+", " ");
        assertThat(out).contains("--config=FILE", "--listen-host=HOST", "--port=PORT", "--control-host=HOST",
                "--control-port=PORT", "--metrics-host=HOST", "--metrics-port=PORT", "--link-heartbeat=DURATION",
                "--link-timeout=DURATION", "--max-frame-length=BYTES", "--max-link-backlog=BYTES", "--io-threads=N",
                "--[no-]mobile-online");
        assertThat(out).contains("(default: 0.0.0.0)", "(default: 8200)", "(default: 127.0.0.1)", "(default: 8201)",
                "(default: 8202)", "(default: 1s)", "(default: 10s)", "(default: 409600)", "(default: 33554432)",
                "(default: 0)", "(default: true)");
        assertThat(out).doesNotContain("${DEFAULT-VALUE}", "null");
    }

    @Test
    void routeServerDefaultsAreTheConfigDefaults() {
        assertThat(parse(new RouteServerCommand()).toConfig()).usingRecursiveComparison().isEqualTo(new RouteServerConfig());
        assertThat(parse(new RouteServerCommand(), "--no-mobile-online").toConfig().mobileCountsAsOnline).isFalse();
        RouteServerConfig c = parse(new RouteServerCommand(), "--link-heartbeat", "250ms", "--link-timeout", "2m", "--port", "9").toConfig();
        assertThat(c.linkHeartbeat).isEqualTo(Duration.ofMillis(250));
        assertThat(c.linkTimeout).isEqualTo(Duration.ofMinutes(2));
        assertThat(c.port).isEqualTo(9);
    }

    @Test
    void shippedRouteServerConfHoldsEveryOptionWithItsDefault() throws Exception {
        Path conf = assertConfCoversEveryOption("route-server.conf", new RouteServerCommand());
        RouteServerCommand parsed = parse(new RouteServerCommand(), "--config", conf.toString());
        assertThat(parsed.toConfig()).usingRecursiveComparison().isEqualTo(new RouteServerConfig());
    }

    @Test
    void routeServerConfigFileSuppliesDefaultsAndTheCommandLineWins(@TempDir Path dir) throws Exception {
        Path conf = dir.resolve("route.conf");
        Files.writeString(conf, "port=1234\nlink-timeout=30s\nmobile-online=false\n", StandardCharsets.UTF_8);
        RouteServerConfig fromFile = parse(new RouteServerCommand(), "--config", conf.toString()).toConfig();
        assertThat(fromFile.port).isEqualTo(1234);
        assertThat(fromFile.linkTimeout).isEqualTo(Duration.ofSeconds(30));
        assertThat(fromFile.mobileCountsAsOnline).isFalse();
        RouteServerConfig overridden = parse(new RouteServerCommand(), "--config", conf.toString(), "--port", "99", "--mobile-online").toConfig();
        assertThat(overridden.port).isEqualTo(99);
        assertThat(overridden.mobileCountsAsOnline).isTrue();
    }

    @Test
    void routeServerRefusesBadSettingsInOneLine(@TempDir Path dir) throws Exception {
        Result timers = run("route-server", "--link-heartbeat", "5s", "--link-timeout", "6s");
        assertThat(timers.code).isEqualTo(2);
        assertThat(timers.err.strip().lines()).singleElement().asString()
                .startsWith("teamtalk route-server: link timeout must be at least twice the link heartbeat");

        Result unit = run("route-server", "--link-timeout", "30x");
        assertThat(unit.code).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(unit.err).contains("'30x' is not a duration");

        Path conf = dir.resolve("typo.conf");
        Files.writeString(conf, "mobile_online=false\n", StandardCharsets.UTF_8);
        Result typo = run("route-server", "--config", conf.toString());
        assertThat(typo.code).isEqualTo(2);
        assertThat(typo.err.strip().lines()).singleElement().asString().contains("unknown key mobile_online", "mobile-online");
    }

    @Test
    void routeServerStartsPrintsOneLineAndStopsWhenInterrupted() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int[] code = {-1};
        Thread runner = new Thread(() -> {
            CommandLine cmd = TeamTalk.commandLine();
            cmd.setOut(new PrintWriter(out, true));
            cmd.setErr(new PrintWriter(err, true));
            code[0] = cmd.execute("route-server", "--listen-host", "127.0.0.1", "--port", "0", "--control-port", "0",
                    "--metrics-port", "-1");
        }, "route-server-command");
        runner.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> out.toString().contains("listening on") || !runner.isAlive());
        assertThat(out.toString()).startsWith("teamtalk route-server: listening on 127.0.0.1:")
                .contains("control (gRPC) on 127.0.0.1:", "metrics on none", "mobile sessions count as online: yes");
        runner.interrupt();
        runner.join(20_000);
        assertThat(runner.isAlive()).isFalse();
    }

    @Test
    void routeStatsPrintsATableAndJson() throws Exception {
        RouteServerConfig config = new RouteServerConfig();
        config.listenHost = "127.0.0.1";
        config.port = 0;
        config.controlPort = 0;
        config.metricsPort = -1;
        io.netty.channel.EventLoopGroup group = io.teamtalkj.net.EventLoops.newGroup("test-msg", 1);
        try (RouteServer route = RouteServer.start(config);
             RouteClient client = RouteClient.start("msg-test", java.util.List.of(
                     new java.net.InetSocketAddress("127.0.0.1", route.port())), group,
                     RouteClient.RECOMMENDED_SETTINGS, e -> { })) {
            client.userOnline(42, com.mogujie.tt.protobuf.IMBaseDefine.ClientType.CLIENT_TYPE_WINDOWS, java.util.List.of());
            await().atMost(Duration.ofSeconds(10)).until(() -> route.presence().connections() >= 1);
            Result table = run("route-stats", "--route", "127.0.0.1:" + route.controlPort());
            assertThat(table.code).as(table.err).isZero();
            assertThat(table.out).startsWith("route-server 127.0.0.1:" + route.port())
                    .contains("presence: 1 online users", "COMMAND", "MSG-SERVER LINK", "msg-test #1", "active",
                            "(nothing relayed yet)", "relay latency  : no samples");
            Result json = run("route-stats", "--route", "127.0.0.1:" + route.controlPort(), "--json");
            assertThat(json.code).isZero();
            assertThat(json.out.strip()).startsWith("{").endsWith("}");
            assertThat(json.out).contains("\"instance\": \"127.0.0.1:" + route.port() + "\"", "\"online_users\": 1",
                    "\"name\": \"msg-test\"", "\"commands\": []", "\"mobile_counts_as_online\": true");
        } finally {
            group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Test
    void clusterHelpGivesThePortSpanAndTheToolsTakeTheClustersDataDir() {
        String cluster = run("cluster", "--help").out.replaceAll("\\s+", " ");
        assertThat(cluster).contains("PORT to PORT+" + io.teamtalkj.launcher.cluster.ClusterPorts.LARGEST_OFFSET,
                "0 = every tier on a free port", "DIR/cluster.properties", "--cluster DIR");
        for (String tool : new String[] {"chat", "admin", "route-stats", "loadtest"}) {
            // picocli wraps anywhere, even inside a file name
            assertThat(run(tool, "--help").out.replaceAll("\\s+", "")).as(tool).contains("--cluster", "DIR/cluster.properties");
        }
    }

    @Test
    void toolsGivenADirectoryWithoutARunningClusterSaySoInOneLine(@TempDir Path dir) {
        String missing = dir.resolve("cluster.properties") + " does not exist";
        Result route = run("route-stats", "--cluster", dir.toString());
        assertThat(route.code).isEqualTo(RouteStatsCommand.EXIT_UNREACHABLE);
        assertThat(route.err.strip().lines()).singleElement().asString().startsWith("teamtalk route-stats: " + missing);
        Result admin = run("admin", "--cluster", dir.toString(), "user", "list");
        assertThat(admin.code).isEqualTo(io.teamtalkj.launcher.admin.AdminRoot.EXIT_USAGE);
        assertThat(admin.err.strip().lines()).singleElement().asString().startsWith("teamtalk admin user list: " + missing);
        Result loadtest = run("loadtest", "--cluster", dir.toString(), "--clients", "2");
        assertThat(loadtest.code).isEqualTo(LoadTestCommand.EXIT_CANNOT_RUN);
        assertThat(loadtest.err.strip().lines()).singleElement().asString().startsWith("teamtalk loadtest: " + missing);
        Result mixed = run("loadtest", "--cluster", dir.toString(), "--port-base", "9000");
        assertThat(mixed.err).contains("--port-base is for an in-process cluster (--cluster without DIR)");
    }

    @Test
    void routeStatsWithNothingListeningSaysSoInOneLine() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Result r = run("route-stats", "--route", "127.0.0.1:" + port, "--timeout", "3s");
        assertThat(r.code).isEqualTo(RouteStatsCommand.EXIT_UNREACHABLE);
        assertThat(r.err.strip().lines()).singleElement().asString()
                .startsWith("teamtalk route-stats: cannot get stats from 127.0.0.1:" + port + ": UNAVAILABLE");
        Result bad = run("route-stats", "--route", "nope");
        assertThat(bad.code).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(bad.err).contains("--route must be HOST:PORT");
    }

    @Test
    void loginServerHelpListsEveryOptionWithItsDefault() {
        Result r = run("login-server", "--help");
        assertThat(r.code).isZero();
        String out = r.out.replaceAll("\\s+", " ");
        assertThat(out).contains("--config=FILE", "--listen-host=HOST", "--http-port=PORT", "--msg-server-port=PORT",
                "--legacy-port=PORT", "--msfs-prior=URL", "--msfs-backup=URL", "--discovery=URL", "--control-host=HOST",
                "--control-port=PORT", "--max-frame-length=BYTES");
        assertThat(out).contains("(default: 0.0.0.0)", "(default: 8080)", "(default: 8100)", "(default: 8008)",
                "-1 disables it", "(default: http://127.0.0.1:8700/)", "(default: http://127.0.0.1/api/discovery)",
                "(default: 127.0.0.1)", "(default: -1)", "(default: 409600)");
        assertThat(out).doesNotContain("${DEFAULT-VALUE}", "null", "not implemented");
    }

    @Test
    void loginServerDefaultsAreTheConfigDefaultsAndTheFileAndCommandLineApply(@TempDir Path dir) throws Exception {
        assertThat(parse(new LoginServerCommand()).toConfig()).usingRecursiveComparison().isEqualTo(new LoginServerConfig());

        Path conf = dir.resolve("login.conf");
        Files.writeString(conf, "http-port=9090\nlegacy-port=-1\nmsfs-prior=http://img.example/\n", StandardCharsets.UTF_8);
        LoginServerConfig fromFile = parse(new LoginServerCommand(), "--config", conf.toString(), "--discovery", "http://d.example/x").toConfig();
        assertThat(fromFile.httpPort).isEqualTo(9090);
        assertThat(fromFile.legacyClientPort).isEqualTo(-1);
        assertThat(fromFile.msfsPrior).isEqualTo("http://img.example/");
        assertThat(fromFile.msfsBackup).isEqualTo("http://127.0.0.1:8700/");
        assertThat(fromFile.discovery).isEqualTo("http://d.example/x");
        assertThat(parse(new LoginServerCommand(), "--http-port", "1", "--config", conf.toString()).toConfig().httpPort).isEqualTo(1);
    }

    @Test
    void shippedLoginServerConfHoldsEveryOptionWithItsDefault() throws Exception {
        Path conf = assertConfCoversEveryOption("login-server.conf", new LoginServerCommand());
        LoginServerCommand parsed = parse(new LoginServerCommand(), "--config", conf.toString());
        assertThat(parsed.toConfig()).usingRecursiveComparison().isEqualTo(new LoginServerConfig());
    }

    @Test
    void loginServerRejectsUnknownConfigKeysAndBadSettingsInOneLine(@TempDir Path dir) throws Exception {
        Path conf = dir.resolve("typo.conf");
        Files.writeString(conf, "http_port=9090\n", StandardCharsets.UTF_8);
        Result typo = run("login-server", "--config", conf.toString());
        assertThat(typo.code).isEqualTo(2);
        assertThat(typo.err.strip().lines()).singleElement().asString()
                .startsWith("teamtalk login-server: unknown key http_port").contains("http-port");

        Result badPort = run("login-server", "--legacy-port", "-5");
        assertThat(badPort.code).isEqualTo(2);
        assertThat(badPort.err.strip().lines()).singleElement().asString()
                .startsWith("teamtalk login-server: --legacy-port out of range");

        Result badUrl = run("login-server", "--msfs-prior", "img.example");
        assertThat(badUrl.code).isEqualTo(2);
        assertThat(badUrl.err.strip().lines()).singleElement().asString()
                .isEqualTo("teamtalk login-server: --msfs-prior must be an http:// or https:// URL (got img.example)");
        assertThat(badUrl.out).isEmpty();
    }

    @Test
    void loginServerOnAPortInUseSaysSoAndExits2() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Result r = run("login-server", "--listen-host", "127.0.0.1", "--http-port", "0", "--legacy-port", "-1",
                    "--metrics-port", "-1", "--msg-server-port", Integer.toString(taken.getLocalPort()));
            assertThat(r.code).isEqualTo(2);
            assertThat(r.err.strip().lines()).singleElement().asString()
                    .startsWith("teamtalk login-server: cannot listen on 127.0.0.1 ports 0 (HTTP), " + taken.getLocalPort()
                            + " (msg-servers): ")
                    .contains("in use");
            assertThat(r.out).isEmpty();
        }
    }

    // ---- file-server ---------------------------------------------------------------------------

    @Test
    void fileServerHelpListsEveryOptionWithItsDefault() {
        Result r = run("file-server", "--help");
        assertThat(r.code).isZero();
        String out = r.out.replaceAll("\\s+", " ");
        assertThat(out).contains("--config=FILE", "--listen-host=HOST", "--client-port=PORT", "--msg-server-port=PORT",
                "--http-port=PORT", "--advertised-hosts=LIST", "--advertised-port=PORT", "--storage-dir=DIR",
                "--image-base-url=URL", "--task-timeout=DURATION", "--max-file-size=BYTES", "--min-free-space=BYTES",
                "--max-image-size=BYTES", "--max-upload-size=BYTES", "--login-timeout=DURATION",
                "--client-idle-timeout=DURATION", "--http-idle-timeout=DURATION", "--link-heartbeat=DURATION",
                "--link-timeout=DURATION", "--max-frame-length=BYTES", "--io-threads=N", "--disk-threads=N");
        assertThat(out).contains("(default: 0.0.0.0)", "(default: 8600)", "(default: 8601)", "(default: 8700)",
                "(default: 127.0.0.1)", "(default: data/file-server)", "(default: 60s)", "(default: 1073741824)",
                "(default: 104857600)", "(default: 5242880)", "(default: 10485760)", "(default: 15s)", "(default: 120s)",
                "(default: 5s)", "(default: 30s)", "(default: 409600)", "(default: 2)");
        assertThat(out).doesNotContain("${DEFAULT-VALUE}", "null", "not implemented");
    }

    @Test
    void fileServerDefaultsAreTheConfigDefaultsAndTheFileAndCommandLineApply(@TempDir Path dir) throws Exception {
        assertThat(parse(new FileServerCommand()).toConfig()).usingRecursiveComparison().isEqualTo(new io.teamtalkj.file.FileServerConfig());
        Path conf = dir.resolve("file.conf");
        Files.writeString(conf, "client-port=9600\nhttp-port=-1\nadvertised-hosts=10.0.0.7, 10.0.0.8\ntask-timeout=2m\n"
                + "image-base-url=https://img.example/\n", StandardCharsets.UTF_8);
        io.teamtalkj.file.FileServerConfig c = parse(new FileServerCommand(), "--config", conf.toString(), "--client-port", "9601",
                "--storage-dir", "/srv/tt").toConfig();
        assertThat(c.clientPort).isEqualTo(9601);
        assertThat(c.httpPort).isEqualTo(-1);
        assertThat(c.advertisedHosts).containsExactly("10.0.0.7", "10.0.0.8");
        assertThat(c.taskTimeout).isEqualTo(Duration.ofMinutes(2));
        assertThat(c.imageBaseUrl).isEqualTo("https://img.example/");
        assertThat(c.storageDir).isEqualTo(Path.of("/srv/tt"));
        assertThat(c.msgServerPort).isEqualTo(8601);
    }

    @Test
    void shippedFileServerConfHoldsEveryOptionWithItsDefault() throws Exception {
        Path conf = assertConfCoversEveryOption("file-server.conf", new FileServerCommand());
        assertThat(parse(new FileServerCommand(), "--config", conf.toString()).toConfig()).usingRecursiveComparison()
                .isEqualTo(new io.teamtalkj.file.FileServerConfig());
    }

    @Test
    void fileServerRefusesBadSettingsInOneLine(@TempDir Path dir) throws Exception {
        Result anyHost = run("file-server", "--advertised-hosts", "0.0.0.0");
        assertThat(anyHost.code).isEqualTo(2);
        assertThat(anyHost.err.strip().lines()).singleElement().asString()
                .startsWith("teamtalk file-server: --advertised-hosts must be addresses clients can reach");

        Result tooBig = run("file-server", "--max-file-size", "5000000000");
        assertThat(tooBig.code).isEqualTo(2);
        assertThat(tooBig.err.strip().lines()).singleElement().asString().contains("--max-file-size must be 1..4294967295");

        Path conf = dir.resolve("typo.conf");
        Files.writeString(conf, "client_port=1\n", StandardCharsets.UTF_8);
        Result typo = run("file-server", "--config", conf.toString());
        assertThat(typo.code).isEqualTo(2);
        assertThat(typo.err.strip().lines()).singleElement().asString().contains("unknown key client_port", "client-port");

        // the storage directory cannot be created (a file is in the way)
        Path blocked = dir.resolve("blocked");
        Files.writeString(blocked, "x");
        Result storage = run("file-server", "--listen-host", "127.0.0.1", "--client-port", "0", "--msg-server-port", "0",
                "--http-port", "-1", "--metrics-port", "-1", "--storage-dir", blocked.resolve("sub").toString());
        assertThat(storage.code).isEqualTo(2);
        assertThat(storage.err.strip().lines()).singleElement().asString().startsWith("teamtalk file-server: cannot start");
        assertThat(storage.out).isEmpty();
    }

    @Test
    void fileServerStartsPrintsOneLineAndStopsWhenInterrupted(@TempDir Path dir) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int[] code = {-1};
        Thread runner = new Thread(() -> {
            CommandLine cmd = TeamTalk.commandLine();
            cmd.setOut(new PrintWriter(out, true));
            cmd.setErr(new PrintWriter(err, true));
            code[0] = cmd.execute("file-server", "--listen-host", "127.0.0.1", "--client-port", "0", "--msg-server-port", "0",
                    "--http-port", "0", "--metrics-port", "0", "--storage-dir", dir.toString());
        }, "file-server-command");
        runner.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> out.toString().contains("clients on") || !runner.isAlive());
        assertThat(out.toString()).as(err.toString()).startsWith("teamtalk file-server: clients on 127.0.0.1:")
                .contains("(advertised 127.0.0.1)", "msg-servers on 127.0.0.1:", "image store on http://127.0.0.1:",
                        "metrics on http://127.0.0.1:", "storage " + dir.toAbsolutePath());
        assertThat(dir.resolve("offline")).isDirectory();
        assertThat(dir.resolve("images")).isDirectory();
        runner.interrupt();
        runner.join(20_000);
        assertThat(runner.isAlive()).isFalse();
    }

    @Test
    void unknownSubcommandIsAUsageError() {
        Result r = run("no-such-tier");
        assertThat(r.code).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(r.err).contains("no-such-tier");
    }
}
