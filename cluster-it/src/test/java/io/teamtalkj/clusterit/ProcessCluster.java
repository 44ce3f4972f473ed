package io.teamtalkj.clusterit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

/**
 * TeamTalk-J as separate processes over one MySQL and one Redis URL: dbproxies, route-servers,
 * one login-server and msg-servers, each its own JVM on free ports, wired with the ports they
 * report. Tiers of one kind start in parallel; the msg-servers once everything they link to is up.
 */
final class ProcessCluster implements AutoCloseable {
    static final String SESSION_SECRET = "cluster-it-session-secret-0123456789";
    private static final long START_SECONDS = 150; // ten JVMs starting at once on two busy cores

    final List<TierProcess> dbproxies = new ArrayList<>();
    final List<TierProcess> routeServers = new ArrayList<>();
    final List<TierProcess> msgServers = new ArrayList<>();
    TierProcess loginServer;
    private final Path logDir;
    private String replicaUrls = "";

    private ProcessCluster(Path logDir) {
        this.logDir = logDir;
    }

    /**
     * @param dbUrl JDBC URL of the database (migrated by the first dbproxy)
     * @param redisUrl any URL the dbproxy takes
     */
    static ProcessCluster start(String dbUrl, String dbUser, String dbPassword, String redisUrl, int dbproxyCount,
                                int routeCount, int msgCount, Path logDir) throws Exception {
        return start(dbUrl, "", dbUser, dbPassword, redisUrl, dbproxyCount, routeCount, msgCount, logDir);
    }

    /** @param replicaUrls the dbproxies' --mysql-replica-urls (comma-separated JDBC URLs; empty = none) */
    static ProcessCluster start(String dbUrl, String replicaUrls, String dbUser, String dbPassword, String redisUrl,
                                int dbproxyCount, int routeCount, int msgCount, Path logDir) throws Exception {
        ProcessCluster c = new ProcessCluster(logDir);
        c.replicaUrls = replicaUrls;
        try {
            c.startTiers(dbUrl, dbUser, dbPassword, redisUrl, dbproxyCount, routeCount, msgCount);
            return c;
        } catch (Exception | Error e) {
            c.close();
            throw e;
        }
    }

    private void startTiers(String dbUrl, String dbUser, String dbPassword, String redisUrl, int dbproxyCount,
                            int routeCount, int msgCount) throws Exception {
        Map<String, String> dbEnv = Map.of("TEAMTALK_DB_PASSWORD", dbPassword);
        // the first dbproxy migrates the schema; the others start once it is there
        dbproxies.add(TierProcess.start("dbproxy-1", "dbproxy-server", dbproxyArgs(dbUrl, dbUser, redisUrl, true), dbEnv, logDir));
        for (int i = 1; i <= routeCount; i++) {
            routeServers.add(TierProcess.start("route-server-" + i, "route-server", List.of("--listen-host", "127.0.0.1",
                    "--port", "0", "--control-port", "0", "--metrics-port", "0"), Map.of(), logDir));
        }
        loginServer = TierProcess.start("login-server", "login-server", List.of("--listen-host", "127.0.0.1",
                "--http-port", "0", "--msg-server-port", "0", "--legacy-port", "-1", "--metrics-port", "0"), Map.of(), logDir);
        dbproxies.get(0).awaitUp(START_SECONDS);
        for (int i = 2; i <= dbproxyCount; i++) {
            dbproxies.add(TierProcess.start("dbproxy-" + i, "dbproxy-server", dbproxyArgs(dbUrl, dbUser, redisUrl, false), dbEnv, logDir));
        }
        awaitAll(dbproxies);
        awaitAll(routeServers);
        loginServer.awaitUp(START_SECONDS);
        String dbproxyList = dbproxies.stream().map(p -> p.address(0)).collect(Collectors.joining(","));
        String routeList = routeServers.stream().map(p -> p.address(0)).collect(Collectors.joining(","));
        for (int i = 1; i <= msgCount; i++) {
            List<String> args = new ArrayList<>(List.of("--listen-host", "127.0.0.1",
                    "--port", "0", "--ip1", "127.0.0.1", "--ip2", "127.0.0.1", "--host-name", "msg-server-" + i,
                    "--dbproxies", dbproxyList, "--login-servers", loginServer.address(1), "--route-servers", routeList,
                    "--file-servers", "", "--ws-port", "-1", "--control-port", "0", "--metrics-port", "0",
                    "--session-token-secret", SESSION_SECRET));
            // e.g. --message-rate-limit 0 for CapacityProbe's faster senders
            String extra = System.getProperty("cluster-it.msg-server-args", "").trim();
            if (!extra.isEmpty()) {
                args.addAll(List.of(extra.split("\\s+")));
            }
            msgServers.add(TierProcess.start("msg-server-" + i, "msg-server", args, Map.of(), logDir));
        }
        awaitAll(msgServers);
    }

    private List<String> dbproxyArgs(String dbUrl, String dbUser, String redisUrl, boolean migrate) {
        List<String> args = new ArrayList<>(List.of("--listen-host", "127.0.0.1", "--port", "0", "--control-port", "0",
                "--metrics-port", "0", "--db-url", dbUrl, "--db-user", dbUser, "--redis-url", redisUrl, "--workers", "4",
                migrate ? "--migrate" : "--no-migrate"));
        if (!replicaUrls.isEmpty()) {
            args.addAll(List.of("--mysql-replica-urls", replicaUrls));
        }
        return args;
    }

    private static void awaitAll(List<TierProcess> tiers) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(tiers.size());
        try {
            List<Future<TierProcess>> ups = new ArrayList<>();
            for (TierProcess t : tiers) {
                ups.add(pool.submit((Callable<TierProcess>) () -> t.awaitUp(START_SECONDS)));
            }
            for (Future<TierProcess> up : ups) {
                try {
                    up.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw e.getCause() instanceof Exception ex ? ex : e;
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    String loginUrl() {
        return "http://" + loginServer.address(0) + "/msg_server";
    }

    /** The first dbproxy's control port (DbAdmin): users for the load tester. */
    String admin() {
        return dbproxies.get(0).address(1);
    }

    /** A msg-server's control port: the last but one address of its started line. */
    static int msgControlPort(TierProcess msg) {
        return msg.portFromEnd(1);
    }

    List<TierProcess> all() {
        List<TierProcess> all = new ArrayList<>(msgServers);
        if (loginServer != null) {
            all.add(loginServer);
        }
        all.addAll(routeServers);
        all.addAll(dbproxies);
        return all;
    }

    @Override
    public void close() throws InterruptedException {
        // clients' tiers first, storage tier last (a msg-server drains into the dbproxies)
        for (TierProcess t : all()) {
            t.close();
        }
    }

    Path logDir() {
        return logDir;
    }
}
