package io.teamtalkj.loadtest;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Where the CPU went during the measured traffic: this JVM's threads grouped by name (the load
 * generator's {@code lt-} threads apart from the tiers when the cluster runs in-process), the
 * JVM's garbage collection, and child processes such as the embedded mariadbd and redis-server
 * (from /proc on Linux; skipped elsewhere).
 */
final class CpuBreakdown {
    /** Linux USER_HZ: /proc times are in these ticks. */
    private static final long TICK_NANOS = 10_000_000L;

    private final long wallNanos = System.nanoTime();
    private final Map<String, Long> nanos = new TreeMap<>();
    private long gcCount;
    private long gcMillis;

    static CpuBreakdown now() {
        CpuBreakdown b = new CpuBreakdown();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        if (threads.isThreadCpuTimeSupported()) {
            long[] ids = threads.getAllThreadIds();
            ThreadInfo[] infos = threads.getThreadInfo(ids);
            for (int i = 0; i < ids.length; i++) {
                long t = threads.getThreadCpuTime(ids[i]);
                if (t > 0 && infos[i] != null) {
                    b.nanos.merge(group(infos[i].getThreadName()), t, Long::sum);
                }
            }
        }
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            b.gcCount += Math.max(0, gc.getCollectionCount());
            b.gcMillis += Math.max(0, gc.getCollectionTime());
        }
        b.children();
        return b;
    }

    /** Thread name to component: the name up to its first dash or digit run. */
    static String group(String thread) {
        if (thread.startsWith("lt-")) {
            return "load generator (lt-*)";
        }
        String[][] known = {{"msg-", "msg-servers"}, {"route-", "route-servers"}, {"dbproxy-", "dbproxy"},
            {"login-", "login-server"}, {"redisson", "dbproxy redis client"}, {"grpc-", "gRPC control"},
            {"G1 ", "JVM GC"}, {"GC ", "JVM GC"}, {"C1 ", "JVM JIT"}, {"C2 ", "JVM JIT"}};
        for (String[] k : known) {
            if (thread.startsWith(k[0])) {
                return k[1];
            }
        }
        return "other JVM threads";
    }

    /** Child processes of this JVM (embedded MariaDB, redis-server), by command name. */
    private void children() {
        long self = ProcessHandle.current().pid();
        Path proc = Path.of("/proc");
        if (!Files.isDirectory(proc)) {
            return;
        }
        try (Stream<Path> dirs = Files.list(proc)) {
            dirs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).forEach(p -> {
                try {
                    String stat = Files.readString(p.resolve("stat"));
                    int close = stat.lastIndexOf(')');
                    String name = stat.substring(stat.indexOf('(') + 1, close);
                    String[] f = stat.substring(close + 2).split(" ");
                    // after the name: state ppid ... utime(12) stime(13) counted from field 3
                    if (Long.parseLong(f[1]) == self) {
                        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
                        nanos.merge("process " + name, ticks * TICK_NANOS, Long::sum);
                    }
                } catch (IOException | RuntimeException e) {
                    // the process ended meanwhile, or /proc looks different: skip it
                }
            });
        } catch (IOException e) {
            // no /proc listing: no child figures
        }
    }

    /** Cores used per component between {@code before} and this snapshot, largest first, plus GC figures. */
    Map<String, Object> since(CpuBreakdown before) {
        double wall = Math.max(1, wallNanos - before.wallNanos);
        Map<String, Double> cores = new TreeMap<>();
        nanos.forEach((k, v) -> {
            double d = (v - before.nanos.getOrDefault(k, 0L)) / wall;
            if (d > 0.005) {
                cores.put(k, Math.round(d * 100) / 100.0);
            }
        });
        Map<String, Object> out = new LinkedHashMap<>();
        cores.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        out.put("gc_collections", gcCount - before.gcCount);
        out.put("gc_millis", gcMillis - before.gcMillis);
        return out;
    }
}
