package io.teamtalkj.clusterit;

import io.teamtalkj.embedded.EmbeddedMariaDb;
import io.teamtalkj.embedded.EmbeddedRedis;
import io.teamtalkj.loadtest.LoadReport;
import io.teamtalkj.loadtest.LoadTest;
import io.teamtalkj.loadtest.LoadTestOptions;
import io.teamtalkj.loadtest.LoadTestOptions.Scenario;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Measures the inputs of docs/capacity.md on the multi-process cluster (not a test: run by hand,
 * see docs/capacity.md): per paced scenario, the CPU each process used per acked message, Redis
 * commands (INFO commandstats) and MySQL row/commit counters (SHOW GLOBAL STATUS) per message,
 * over the measured window only; then heap per idle connection on the msg-servers and on every
 * route-server (presence), after a full GC.
 *
 * <p>Arguments: rate (msg/s), measured seconds, idle clients. System property cluster-it.jvm sets
 * the tiers' JVM options.
 */
public final class CapacityProbe {
    private static final Pattern HEAP_USED = Pattern.compile("heap\\s+total \\d+K, used (\\d+)K");

    public static void main(String[] args) throws Exception {
        double rate = args.length > 0 ? Double.parseDouble(args[0]) : 500;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int idle = args.length > 2 ? Integer.parseInt(args[2]) : 3000;
        try (EmbeddedMariaDb db = EmbeddedMariaDb.startTemporary(); EmbeddedRedis redis = EmbeddedRedis.start(0)) {
            db.createDatabase("teamtalk_cap");
            String jdbc = db.jdbcUrl("teamtalk_cap");
            try (ProcessCluster cluster = ProcessCluster.start(jdbc, db.user(), db.password(), redis.url(), 2, 2, 3,
                    Path.of("target", "capacity"))) {
                Map<String, ProcessHandle> processes = new LinkedHashMap<>();
                for (TierProcess t : cluster.all()) {
                    processes.put(t.name, ProcessHandle.of(t.pid()).orElseThrow());
                }
                processes.put("mariadbd", ProcessHandle.of(db.pid()).orElseThrow());
                processes.put("redis-server", ProcessHandle.of(redis.pid()).orElseThrow());
                processes.put("load generator", ProcessHandle.current());
                // the JIT first: an unmeasured p2p run
                paced(cluster, Scenario.P2P, "warm", rate, 40, processes, redis, db, jdbc);
                baseline(processes, redis, db, jdbc, seconds);
                // two rates each: the difference is the marginal cost of a message, free of fixed costs
                paced(cluster, Scenario.P2P, "p2p", rate, seconds, processes, redis, db, jdbc);
                paced(cluster, Scenario.P2P, "p2q", rate * 3, seconds, processes, redis, db, jdbc);
                paced(cluster, Scenario.GROUP, "group", rate / 5, seconds, processes, redis, db, jdbc);
                paced(cluster, Scenario.GROUP, "grouq", rate * 3 / 5, seconds, processes, redis, db, jdbc);
                if (idle > 0) {
                    idle(cluster, idle);
                }
            }
        }
    }

    /** CPU of every process with no traffic at all (connections to storage, heartbeats, probes). */
    private static void baseline(Map<String, ProcessHandle> processes, EmbeddedRedis redis, EmbeddedMariaDb db,
                                 String jdbc, int seconds) throws Exception {
        Snapshot a = Snapshot.take(processes, redis, db, jdbc);
        Thread.sleep(seconds * 1000L); // a measuring window, not a wait for a condition
        Snapshot b = Snapshot.take(processes, redis, db, jdbc);
        double window = (b.nanos - a.nanos) / 1e9;
        System.out.printf("%n== no traffic, %.1f s: cores per process%n", window);
        for (String p : a.cpu.keySet()) {
            System.out.printf("  %-16s %.3f cores%n", p, (b.cpu.get(p) - a.cpu.get(p)) / 1e9 / window);
        }
    }

    private static void paced(ProcessCluster cluster, Scenario scenario, String prefix, double rate, int seconds,
                              Map<String, ProcessHandle> processes, EmbeddedRedis redis, EmbeddedMariaDb db, String jdbc)
            throws Exception {
        LoadTestOptions o = options(cluster, prefix, 200);
        o.scenario = scenario;
        o.groupSize = 10;
        o.crossFraction = 0.5;
        o.rate = rate;
        o.warmup = Duration.ofSeconds(5);
        o.duration = Duration.ofSeconds(seconds + 30);
        AtomicReference<Snapshot> start = new AtomicReference<>();
        AtomicReference<Snapshot> end = new AtomicReference<>();
        o.progress = line -> {
            if (line.startsWith("warm-up over")) {
                start.set(Snapshot.take(processes, redis, db, jdbc));
            }
        };
        o.stopWhen = () -> {
            Snapshot s = start.get();
            if (s != null && System.nanoTime() - s.nanos > seconds * 1_000_000_000L) {
                end.compareAndSet(null, Snapshot.take(processes, redis, db, jdbc));
                return true;
            }
            return false;
        };
        LoadReport r = LoadTest.run(o);
        if (prefix.equals("warm")) {
            return;
        }
        Snapshot a = start.get();
        Snapshot b = end.get();
        double window = (b.nanos - a.nanos) / 1e9;
        long acked = r.ackedMeasured;
        System.out.printf("%n== %s: %d clients, %.0f msg/s asked, %d acked in the measured %.1f s (%.0f msg/s), "
                        + "deliveries expected %d, lost %d, duplicated %d%n",
                prefix, o.clients, rate, acked, window, acked / window, r.expected(), r.lost(), r.duplicated());
        System.out.println("CPU per acked message (µs), and cores at this rate:");
        for (String p : a.cpu.keySet()) {
            double ns = b.cpu.get(p) - a.cpu.get(p);
            System.out.printf("  %-16s %8.1f µs   %.3f cores%n", p, ns / 1e3 / acked, ns / 1e9 / window);
        }
        System.out.println("Redis commands per acked message:");
        for (String c : b.redis.keySet()) {
            long n = b.redis.get(c) - a.redis.getOrDefault(c, 0L);
            if (n > 0) {
                System.out.printf("  %-22s %8.3f%n", c, (double) n / acked);
            }
        }
        System.out.println("MySQL counters per acked message:");
        for (String c : b.mysql.keySet()) {
            long n = b.mysql.get(c) - a.mysql.getOrDefault(c, 0L);
            if (n > 0) {
                System.out.printf("  %-28s %10.3f%n", c, (double) n / acked);
            }
        }
    }

    private static void idle(ProcessCluster cluster, int clients) throws Exception {
        List<TierProcess> measured = new java.util.ArrayList<>(cluster.msgServers);
        measured.addAll(cluster.routeServers);
        measured.add(cluster.loginServer);
        Map<String, Long> before = heaps(measured);
        LoadTestOptions o = options(cluster, "idle", clients);
        o.scenario = Scenario.IDLE;
        o.loginConcurrency = 64;
        o.msgControls = cluster.msgServers.stream().map(m -> "127.0.0.1:" + ProcessCluster.msgControlPort(m)).toList();
        o.duration = Duration.ofSeconds(30); // the hold; the heaps are read during it
        AtomicReference<Map<String, Long>> during = new AtomicReference<>();
        AtomicBoolean holding = new AtomicBoolean();
        o.progress = line -> {
            if (line.contains("holding") && holding.compareAndSet(false, true)) {
                Thread t = new Thread(() -> {
                    try {
                        Thread.sleep(3000);
                        during.set(heaps(measured));
                    } catch (Exception e) {
                        e.printStackTrace();
                    }
                }, "heap-reader");
                t.setDaemon(true);
                t.start();
            }
        };
        LoadReport r = LoadTest.run(o);
        System.out.printf("%n== idle: %d clients connected; heap per idle connection (after a full GC), per process:%n",
                r.clientsConnected);
        Map<String, Long> after = during.get();
        if (after == null) {
            System.out.println("  (no measurement: the clients never all held; the load tester's progress said otherwise)");
            return;
        }
        for (TierProcess t : measured) {
            long grew = after.get(t.name) - before.get(t.name);
            // route-servers and the login-server hold every client; a msg-server a third of them
            int share = t.tier.equals("msg-server") ? r.clientsConnected / cluster.msgServers.size() : r.clientsConnected;
            System.out.printf("  %-16s +%,d bytes of heap, %.0f bytes per connection it holds (%d)%n",
                    t.name, grew, (double) grew / share, share);
        }
        System.out.println("  load tester's figure (msg-servers' MsgServerStats): " + r.heapPerConnection + " bytes");
    }

    private static LoadTestOptions options(ProcessCluster cluster, String prefix, int clients) {
        LoadTestOptions o = new LoadTestOptions();
        o.loginUrl = cluster.loginUrl();
        o.admin = cluster.admin();
        o.createUsers = true;
        o.userPrefix = prefix;
        o.clients = clients;
        o.sourceAddresses = 16;
        o.loginConcurrency = 8;
        o.requestTimeout = Duration.ofSeconds(30);
        return o;
    }

    /** Heap used after a full GC (jcmd GC.run, then GC.heap_info), per process. */
    private static Map<String, Long> heaps(List<TierProcess> processes) throws Exception {
        Map<String, Long> used = new LinkedHashMap<>();
        for (TierProcess t : processes) {
            jcmd(t.pid(), "GC.run");
            Matcher m = HEAP_USED.matcher(jcmd(t.pid(), "GC.heap_info"));
            used.put(t.name, m.find() ? Long.parseLong(m.group(1)) * 1024 : -1);
        }
        return used;
    }

    private static String jcmd(long pid, String command) throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    /** CPU of every process, Redis command counts and MySQL status counters at one moment. */
    record Snapshot(long nanos, Map<String, Long> cpu, Map<String, Long> redis, Map<String, Long> mysql) {
        static Snapshot take(Map<String, ProcessHandle> processes, EmbeddedRedis redis, EmbeddedMariaDb db, String jdbc) {
            try {
                Map<String, Long> cpu = new LinkedHashMap<>();
                processes.forEach((name, p) -> cpu.put(name,
                        p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L)));
                return new Snapshot(System.nanoTime(), cpu, redisCommands(redis.port()), mysqlStatus(jdbc, db));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static Map<String, Long> redisCommands(int port) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            OutputStream out = s.getOutputStream();
            out.write("*2\r\n$4\r\nINFO\r\n$12\r\ncommandstats\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream header = new ByteArrayOutputStream();
            int c;
            while ((c = in.read()) != '\n') {
                header.write(c);
            }
            int length = Integer.parseInt(header.toString(StandardCharsets.US_ASCII).trim().substring(1));
            String body = new String(in.readNBytes(length), StandardCharsets.US_ASCII);
            Map<String, Long> calls = new TreeMap<>();
            Matcher m = Pattern.compile("cmdstat_([a-z|]+):calls=(\\d+)").matcher(body);
            while (m.find()) {
                calls.put(m.group(1), Long.parseLong(m.group(2)));
            }
            return calls;
        }
    }

    private static Map<String, Long> mysqlStatus(String jdbc, EmbeddedMariaDb db) throws Exception {
        Map<String, Long> status = new TreeMap<>();
        try (Connection c = DriverManager.getConnection(jdbc, db.user(), db.password());
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SHOW GLOBAL STATUS WHERE Variable_name IN ('Innodb_rows_inserted',"
                     + "'Innodb_rows_updated','Innodb_rows_deleted','Innodb_rows_read','Com_commit','Com_insert',"
                     + "'Com_update','Com_select','Com_delete','Innodb_data_fsyncs','Innodb_os_log_written',"
                     + "'Handler_commit','Innodb_log_writes','Questions')")) {
            while (rs.next()) {
                status.put(rs.getString(1), rs.getLong(2));
            }
        }
        return status;
    }
}
