package io.teamtalkj.launcher;

import io.teamtalkj.launcher.cluster.ClusterLayout;
import io.teamtalkj.launcher.cluster.ClusterPorts;
import io.teamtalkj.launcher.cluster.LocalCluster;
import io.teamtalkj.launcher.cluster.PortInUseException;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code teamtalk cluster}: every tier in one process, on embedded MariaDB and Redis by default. */
@Command(name = "cluster",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        defaultValueProvider = TierCommand.ConfigFileDefaults.class,
        description = {
            "Run the whole cluster in one process: embedded MariaDB and redis-server (unless --db-url /",
            "--redis-url name external ones), dbproxy, route-servers, login-server and msg-servers.",
            "The first start seeds demo users (printed with their passwords) and a group.",
        },
        footer = {
            "",
            "Ports are laid out from --port-base (TeamTalk's defaults with 8000): msg-servers 8000, 8010, ...",
            "(control +1, metrics +2); login-server HTTP 8080, metrics 8081, msg-server links 8100;",
            "route-servers 8200, 8210 (control +1, metrics +2); file-server 8600-8602, image store 8700;",
            "dbproxy 10600-10602; embedded MariaDB 10606 and Redis 10607: the span is PORT to PORT+"
                    + ClusterPorts.LARGEST_OFFSET + ".",
            "Once up, the cluster prints the chat, admin, route-stats and loadtest command lines for its ports and",
            "writes them to DIR/" + ClusterLayout.FILE_NAME + " (--data-dir), which those tools read with --cluster DIR.",
            "Ctrl-C stops everything (and removes that file).",
        })
final class ClusterCommand extends TierCommand {
    @Option(names = "--msg-servers", paramLabel = "N", defaultValue = "2", order = 1,
            description = "msg-servers to start, 1..9; 9 only with --port-base 0 (default: ${DEFAULT-VALUE}).")
    int msgServers;

    @Option(names = "--route-servers", paramLabel = "N", defaultValue = "2", order = 2,
            description = "route-servers to start, 0..9 (default: ${DEFAULT-VALUE}).")
    int routeServers;

    @Option(names = "--port-base", paramLabel = "PORT", defaultValue = "8000", order = 2,
            description = "First port of the layout below, which takes PORT to PORT+" + ClusterPorts.LARGEST_OFFSET
                    + "; 0 = every tier on a free port, shown at start (default: ${DEFAULT-VALUE}).")
    int portBase;

    @Option(names = "--listen-host", paramLabel = "HOST", defaultValue = "127.0.0.1", order = 3,
            description = "Address every tier binds; 0.0.0.0 to accept other machines (default: ${DEFAULT-VALUE}).")
    String listenHost;

    @Option(names = "--advertise-host", paramLabel = "HOST", defaultValue = "127.0.0.1", order = 4,
            description = "Address the login-server tells clients to connect to (default: ${DEFAULT-VALUE}).")
    String advertiseHost;

    @Option(names = "--db-url", paramLabel = "URL", order = 5,
            description = "External MySQL/MariaDB (jdbc:mysql://host:port/db) instead of the embedded one.")
    String dbUrl;

    @Option(names = "--db-user", paramLabel = "USER", defaultValue = "root", order = 6,
            description = "User for --db-url (default: ${DEFAULT-VALUE}).")
    String dbUser;

    @Option(names = "--db-password", paramLabel = "PASSWORD", defaultValue = "", order = 7,
            description = "Password for --db-url (default: $" + DbProxyCommand.PASSWORD_ENV + ", else empty).")
    String dbPassword;

    @Option(names = "--redis-url", paramLabel = "URL", order = 8,
            description = "External Redis instead of the embedded one: redis://[:password@]host:port[/db], rediss:// (TLS), "
                    + "redis-sentinel://[:password@]master@host:port,host:port or redis-cluster://[:password@]host:port,host:port,...")
    String redisUrl;

    @Option(names = "--data-dir", paramLabel = "DIR", order = 9,
            description = "Where the embedded MariaDB keeps its data across restarts, and where "
                    + ClusterLayout.FILE_NAME + " says where the tiers listen (default: ~/.teamtalk-j/data).")
    Path dataDir;

    @Option(names = "--seed", negatable = true, order = 10,
            description = "Seed demo users and a group when the directory is empty (default: true).")
    Boolean seed;

    @Override
    String overrideDefault(picocli.CommandLine.Model.OptionSpec option) {
        if (option.longestName().equals("--db-password")) {
            String env = System.getenv(DbProxyCommand.PASSWORD_ENV);
            return env == null || env.isEmpty() ? null : env;
        }
        return null;
    }

    @Override
    boolean skipDefault(picocli.CommandLine.Model.OptionSpec option) {
        return option.longestName().equals("--seed");
    }

    LocalCluster.Options toOptions() {
        LocalCluster.Options o = new LocalCluster.Options();
        o.msgServers = msgServers;
        o.routeServers = routeServers;
        o.portBase = portBase;
        o.listenHost = listenHost;
        o.advertiseHost = advertiseHost;
        o.dbUrl = dbUrl;
        o.dbUser = dbUser;
        o.dbPassword = dbPassword;
        o.redisUrl = redisUrl;
        if (dataDir != null) {
            o.dataDir = dataDir;
        }
        o.seedDemoData = seed != null ? seed : booleanFromFile("seed", true);
        return o;
    }

    /** The one line for a port of the layout that someone else holds, with the way out. */
    static String portInUse(PortInUseException e) {
        return "cannot start the cluster: " + e.getMessage() + " (" + e.advice() + ")";
    }

    @Override
    public Integer call() throws InterruptedException {
        Integer bad = checkConfigFile();
        if (bad != null) {
            return bad;
        }
        LocalCluster.Options options;
        Path logFile;
        try {
            options = toOptions();
            logFile = applyLogging(options.dataDir.toAbsolutePath().resolve("logs").resolve("teamtalk.log"));
        } catch (IllegalArgumentException e) {
            return fail(describe(e));
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("Starting the TeamTalk-J cluster (first start unpacks MariaDB: allow a minute)...");
        out.flush();
        LocalCluster cluster;
        try {
            cluster = LocalCluster.start(options);
        } catch (PortInUseException e) {
            return fail(portInUse(e));
        } catch (Exception e) {
            return fail("cannot start the cluster: " + describe(e)
                    + " (ports in use? another cluster running? see README \"Troubleshooting\")");
        }
        if (options.seedDemoData) {
            try {
                cluster.seedIfEmpty(out);
            } catch (RuntimeException e) {
                out.println("Demo data not seeded: " + describe(e));
            }
        }
        cluster.describe(out);
        out.println("Log: " + logFile + " (" + logLevel.strip().toUpperCase(java.util.Locale.ROOT)
                + " and above; warnings are shown here too).");
        return runUntilStopped(cluster, "");
    }
}
