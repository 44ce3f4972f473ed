package io.teamtalkj.launcher;

import io.teamtalkj.launcher.cluster.ClusterLayout;
import io.teamtalkj.launcher.cluster.ClusterPorts;
import io.teamtalkj.launcher.cluster.LocalCluster;
import io.teamtalkj.launcher.cluster.PortInUseException;
import io.teamtalkj.net.HostPort;
import io.teamtalkj.loadtest.LoadReport;
import io.teamtalkj.loadtest.LoadTest;
import io.teamtalkj.loadtest.LoadTestOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code teamtalk loadtest}: simulated TeamTalk clients against a cluster, with exact loss accounting. */
@Command(name = "loadtest",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Load-test a cluster and report loss, duplicates and latency. N simulated TeamTalk clients (the Java SDK",
            "on a shared event-loop group) log in, send and receive; after the run every receiver pulls its history",
            "and each acked message is reconciled: expected = received, lost, duplicated, out of order.",
            "Scenarios: p2p, group, login-storm, idle, mixed. Every run stops by itself (--duration / --messages).",
        },
        footer = {
            "",
            "Examples:",
            "  teamtalk loadtest --cluster --scenario p2p --clients 200 --duration 30s",
            "  teamtalk loadtest --cluster ~/.teamtalk-j/data --create-users --clients 20 --rate 100 --duration 10s",
            "  teamtalk loadtest --login http://HOST:8080/msg_server --route HOST:8201 --admin HOST:10601 \\",
            "      --create-users --scenario group --group-size 10 --rate 500 --duration 1m --html report.html",
            "",
            "Exit codes: 0 run done, nothing lost or duplicated; 1 run done with losses or duplicates;",
            "2 bad settings or the cluster / clients could not start.",
        })
final class LoadTestCommand implements Callable<Integer> {
    static final int EXIT_LOSS = 1;
    static final int EXIT_CANNOT_RUN = 2;
    /** --cluster without a directory. */
    private static final String IN_PROCESS = "";
    /** What only an in-process cluster is started with. */
    private static final List<String> IN_PROCESS_OPTIONS = List.of("--port-base", "--data-dir", "--msg-servers",
            "--route-servers", "--rate-limit", "--verbose");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--scenario", paramLabel = "NAME", defaultValue = "p2p", order = 1,
            description = "p2p, group, login-storm, idle or mixed (default: ${DEFAULT-VALUE}).")
    String scenario;

    @Option(names = "--login", paramLabel = "URL", order = 2,
            description = "Login-server discovery URL (http://HOST:8080 or .../msg_server); each client asks it for a msg-server.")
    String login;

    @Option(names = "--transport", paramLabel = "tcp|ws|mixed", defaultValue = "tcp", order = 3,
            description = "How clients connect: TCP, WebSocket (the msg-server's wsUrl from --login, as browsers do),"
                    + " or mixed (every other client on WebSocket) (default: ${DEFAULT-VALUE}).")
    String transport;

    @Option(names = "--msg-server", paramLabel = "HOST:PORT", split = ",", order = 3,
            description = "Connect straight to these msg-servers, clients spread round-robin (instead of --login).")
    List<String> msgServers = new ArrayList<>();

    @Option(names = "--tls-ca", paramLabel = "FILE", order = 3,
            description = "Connect to the msg-servers with TLS (their --tls-cert), trusting this PEM CA bundle.")
    java.nio.file.Path tlsCa;

    @Option(names = "--route", paramLabel = "HOST:PORT", split = ",", order = 4,
            description = "Route-server control ports to read RouteStats from (repeatable or comma-separated).")
    List<String> routes = new ArrayList<>();

    @Option(names = "--msg-control", paramLabel = "HOST:PORT", split = ",", order = 5,
            description = "msg-server control ports to read MsgServerStats (counters, heap) from.")
    List<String> msgControls = new ArrayList<>();

    @Option(names = "--admin", paramLabel = "HOST:PORT", order = 6,
            description = "The dbproxy's control port (DbAdmin), for --create-users and groups.")
    String admin;

    @Option(names = "--create-users", order = 7,
            description = "Create the users PREFIX0..PREFIX(N-1) that do not exist yet (through --admin).")
    boolean createUsers;

    @Option(names = "--user-prefix", paramLabel = "PREFIX", defaultValue = "lt", order = 8,
            description = "Users are PREFIX0, PREFIX1, ... (default: ${DEFAULT-VALUE}).")
    String userPrefix;

    @Option(names = "--password", paramLabel = "PASSWORD", defaultValue = "loadtest", order = 9,
            description = "Password of every load-test user (default: ${DEFAULT-VALUE}).")
    String password;

    @Option(names = "--clients", paramLabel = "N", defaultValue = "100", order = 10,
            description = "Simulated clients, one connection each (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--cross", paramLabel = "FRACTION", defaultValue = "0.5", order = 11,
            description = "p2p: share of pairs on different msg-servers (default: ${DEFAULT-VALUE}).")
    double cross;

    @Option(names = "--group-size", paramLabel = "K", defaultValue = "10", order = 12,
            description = "group: members per group; each message fans out to K-1 (default: ${DEFAULT-VALUE}).")
    int groupSize;

    @Option(names = "--rate", paramLabel = "MSG/S", defaultValue = "0", order = 13,
            description = "Messages per second over all senders; 0 = as fast as acks allow (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--window", paramLabel = "N", defaultValue = "4", order = 14,
            description = "With --rate 0: messages in flight per sender (default: ${DEFAULT-VALUE}).")
    int window;

    @Option(names = "--duration", paramLabel = "DURATION", converter = DurationConverter.class, order = 15,
            description = "Length of the traffic phase (idle: how long to hold). Default 10s unless --messages is given.")
    Duration duration;

    @Option(names = "--warmup", paramLabel = "DURATION", defaultValue = "0s", converter = DurationConverter.class, order = 15,
            description = "Traffic before the measured part (JIT warm-up); latencies and rates count after it, "
                    + "loss accounting covers it too (default: ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(names = "--messages", paramLabel = "N", defaultValue = "0", order = 16,
            description = "Stop after sending this many messages (0 = no limit).")
    long messages;

    @Option(names = "--size", paramLabel = "CHARS", defaultValue = "64", order = 17,
            description = "Text length of each message (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--login-rate", paramLabel = "N/S", defaultValue = "0", order = 18,
            description = "Logins per second while connecting; 0 = as fast as --login-concurrency allows.")
    double loginRate;

    @Option(names = "--login-concurrency", paramLabel = "N", defaultValue = "64", order = 19,
            description = "Logins in progress at once (default: ${DEFAULT-VALUE}).")
    int loginConcurrency;

    @Option(names = "--source-addresses", paramLabel = "N", defaultValue = "16", order = 20,
            description = "Spread connections over source addresses 127.0.0.1..127.0.0.N (0 = system's choice; default: ${DEFAULT-VALUE}).")
    int sourceAddresses;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "2", order = 21,
            description = "Event-loop threads of the simulated clients (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--drain", paramLabel = "DURATION", defaultValue = "30s", converter = DurationConverter.class, order = 22,
            description = "Wait at most this long after the traffic for acks and deliveries (default: ${DEFAULT-VALUE}).")
    Duration drain;

    @Option(names = "--no-reconnect", order = 22,
            description = "A client whose connection drops stays down (default: it logs in again and carries on, as apps do).")
    boolean noReconnect;

    @Option(names = "--no-session-token", order = 22,
            description = "Log in again with the password only, not the cluster's session token (to compare re-home times).")
    boolean noSessionToken;

    @Option(names = "--stop-msg-server-after", paramLabel = "DURATION", converter = DurationConverter.class, order = 22,
            description = "Stop one msg-server (its SIGTERM drain, over its control port) this long after every client "
                    + "logged in, and report how fast its clients log in again elsewhere (needs the control ports: --cluster "
                    + "or --msg-control; clients move through the login-server).")
    Duration stopMsgServerAfter;

    @Option(names = "--stop-msg-server", paramLabel = "N", defaultValue = "0", order = 22,
            description = "Which msg-server --stop-msg-server-after stops, 0-based in --msg-control order (default: ${DEFAULT-VALUE}).")
    int stopMsgServer;

    @Option(names = "--no-pull", order = 23, description = "Skip the history pull (loss figures then count online arrivals only).")
    boolean noPull;

    @Option(names = "--json", paramLabel = "FILE", order = 24, description = "Write the report as JSON.")
    Path json;

    @Option(names = "--html", paramLabel = "FILE", order = 25,
            description = "Write a self-contained HTML report (charts inline, nothing fetched).")
    Path html;

    @Option(names = "--quiet", order = 26, description = "No progress lines.")
    boolean quiet;

    @Option(names = "--cluster", paramLabel = "DIR", arity = "0..1", fallbackValue = IN_PROCESS, order = 30,
            description = {"Alone: start an in-process cluster (embedded MariaDB and Redis) first and test that.",
                "With DIR: test the `teamtalk cluster` running on that data directory, at the addresses in DIR/"
                        + ClusterLayout.FILE_NAME + " (for each address option not given)."})
    String cluster;

    @Option(names = "--port-base", paramLabel = "PORT", defaultValue = "0", order = 31,
            description = "--cluster: first port of its layout, which takes PORT to PORT+" + ClusterPorts.LARGEST_OFFSET
                    + " (0 = every tier on a free port; default: ${DEFAULT-VALUE}).")
    int portBase;

    @Option(names = "--data-dir", paramLabel = "DIR", order = 32,
            description = "--cluster: MariaDB data directory to use and keep (default: a temporary one, deleted after).")
    Path dataDir;

    @Option(names = "--msg-servers", paramLabel = "N", defaultValue = "2", order = 33,
            description = "--cluster: msg-servers to start (default: ${DEFAULT-VALUE}).")
    int clusterMsgServers;

    @Option(names = "--route-servers", paramLabel = "N", defaultValue = "2", order = 34,
            description = "--cluster: route-servers to start (default: ${DEFAULT-VALUE}).")
    int clusterRouteServers;

    @Option(names = "--rate-limit", paramLabel = "MSG/S", defaultValue = "0", order = 35,
            description = "--cluster: msg-server rate limit per connection; 0 = unlimited (default: ${DEFAULT-VALUE}).")
    int rateLimit;

    @Option(names = "--verbose", order = 37, description = "--cluster: keep the cluster's INFO logging (default: warnings only).")
    boolean verbose;

    @Option(names = "--discover", order = 36,
            description = "--cluster: find msg-servers through the login-server instead of spreading clients round-robin.")
    boolean discover;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        LoadTestOptions o;
        try {
            o = options();
            if (cluster == null) {
                o.validate();
            } else if (!cluster.equals(IN_PROCESS)) {
                useLayout(o, runningCluster());
                o.validate();
            }
        } catch (IllegalArgumentException e) {
            return fail(e.getMessage());
        }
        if (cluster == null || !cluster.equals(IN_PROCESS)) {
            return runAndReport(o, out);
        }
        LocalCluster.Options co = new LocalCluster.Options();
        co.msgServers = clusterMsgServers;
        co.routeServers = clusterRouteServers;
        co.messageRateLimit = rateLimit;
        co.seedDemoData = false;
        Path temp = null;
        try {
            co.portBase = portBase;
            if (dataDir != null) {
                co.dataDir = dataDir;
            } else {
                temp = Files.createTempDirectory("teamtalk-loadtest-");
                co.dataDir = temp;
            }
        } catch (IOException e) {
            return fail(e.getMessage());
        }
        if (!verbose) {
            // the tiers' INFO lines (links, logins) would bury the progress lines
            ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                    .setLevel(ch.qos.logback.classic.Level.WARN);
        }
        out.println("Starting an in-process cluster (" + clusterMsgServers + " msg-servers, " + clusterRouteServers
                + " route-servers, " + (co.portBase == ClusterPorts.FREE_PORTS ? "free ports" : "port base " + co.portBase)
                + ", msg-server rate limit "
                + (rateLimit == 0 ? "off" : rateLimit + "/s") + ")...");
        out.flush();
        LocalCluster c;
        try {
            c = LocalCluster.start(co);
        } catch (PortInUseException e) {
            deleteQuietly(temp);
            return fail(ClusterCommand.portInUse(e));
        } catch (Exception e) {
            deleteQuietly(temp);
            return fail("cannot start the cluster: " + TierCommand.describe(e));
        }
        Path tempDir = temp;
        Thread hook = new Thread(() -> {
            c.close();
            deleteQuietly(tempDir);
        }, "loadtest-cluster-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            useLayout(o, c.layout());
            o.createUsers = true;
            o.sharedJvm = true;
            try {
                o.validate();
            } catch (IllegalArgumentException e) {
                return fail(e.getMessage());
            }
            return runAndReport(o, out);
        } finally {
            c.close();
            deleteQuietly(temp);
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // shutting down already: the hook runs (close is idempotent)
            }
        }
    }

    /** The layout of the cluster --cluster DIR names; the in-process cluster's options make no sense with it. */
    private ClusterLayout runningCluster() {
        for (String name : IN_PROCESS_OPTIONS) {
            if (spec.commandLine().getParseResult().hasMatchedOption(name)) {
                throw new IllegalArgumentException(name + " is for an in-process cluster (--cluster without DIR)");
            }
        }
        return ClusterLayout.readRunning(Path.of(cluster));
    }

    /** The cluster's addresses for each address option not given. */
    private void useLayout(LoadTestOptions o, ClusterLayout layout) {
        if (o.loginUrl == null) {
            o.loginUrl = layout.loginUrl();
            if (!discover && o.msgServers.isEmpty()) {
                o.msgServers.addAll(layout.msgServers());
            }
        }
        if (o.routeControls.isEmpty()) {
            o.routeControls.addAll(layout.routeControls());
        }
        if (o.msgControls.isEmpty()) {
            o.msgControls.addAll(layout.msgControls());
        }
        if (o.admin == null) {
            o.admin = layout.dbProxyControl();
        }
    }

    LoadTestOptions options() {
        LoadTestOptions o = new LoadTestOptions();
        try {
            o.scenario = LoadTestOptions.Scenario.parse(scenario);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--scenario must be p2p, group, login-storm, idle or mixed (got " + scenario + ")");
        }
        try {
            o.transport = LoadTestOptions.Transport.parse(transport);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--transport must be tcp, ws or mixed (got " + transport + ")");
        }
        if (login != null) {
            o.loginUrl = login.matches("https?://[^/]+/?") ? login.replaceAll("/$", "") + "/msg_server" : login;
        }
        msgServers.forEach(HostPort::parse);
        routes.forEach(HostPort::parse);
        msgControls.forEach(HostPort::parse);
        if (admin != null) {
            HostPort.parse(admin);
        }
        o.msgServers = new ArrayList<>(msgServers);
        if (tlsCa != null) {
            o.tls = io.teamtalkj.net.TlsConfig.of(null, null, io.teamtalkj.net.TlsConfig.Pem.of("--tls-ca", tlsCa.toString()))
                    .clientContext("the load tester");
        }
        o.routeControls = new ArrayList<>(routes);
        o.msgControls = new ArrayList<>(msgControls);
        o.admin = admin;
        o.createUsers = createUsers;
        o.userPrefix = userPrefix;
        o.password = password;
        o.clients = clients;
        o.crossFraction = cross;
        o.groupSize = groupSize;
        o.rate = rate;
        o.window = window;
        o.duration = duration;
        o.messages = messages;
        o.warmup = warmup;
        o.messageSize = size;
        o.loginRate = loginRate;
        o.loginConcurrency = loginConcurrency;
        o.sourceAddresses = sourceAddresses;
        o.ioThreads = threads;
        o.drainTimeout = drain;
        o.pull = !noPull;
        o.reconnect = !noReconnect;
        o.sessionToken = !noSessionToken;
        o.stopMsgServerAfter = stopMsgServerAfter;
        o.stopMsgServer = stopMsgServer;
        o.label = "teamtalk " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
        if (!quiet) {
            PrintWriter err = spec.commandLine().getErr();
            o.progress = line -> {
                err.println(line);
                err.flush();
            };
        }
        return o;
    }

    private int runAndReport(LoadTestOptions o, PrintWriter out) {
        LoadReport report;
        try {
            report = LoadTest.run(o);
        } catch (IllegalArgumentException | IllegalStateException e) {
            return fail(e.getMessage());
        } catch (Exception e) {
            return fail("run failed: " + TierCommand.describe(e));
        }
        out.println();
        out.print(report.toTable());
        out.flush();
        try {
            if (json != null) {
                report.writeJson(json);
                out.println("JSON report: " + json.toAbsolutePath());
            }
            if (html != null) {
                report.writeHtml(html);
                out.println("HTML report: " + html.toAbsolutePath());
            }
        } catch (IOException e) {
            return fail("cannot write the report: " + e.getMessage());
        }
        out.flush();
        return report.lost() == 0 && report.duplicated() == 0 ? 0 : EXIT_LOSS;
    }

    private int fail(String message) {
        spec.commandLine().getErr().println("teamtalk loadtest: " + message);
        spec.commandLine().getErr().flush();
        return EXIT_CANNOT_RUN;
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException e) {
            // best effort: a temp dir left behind is harmless
        }
    }
}
