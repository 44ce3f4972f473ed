package io.teamtalkj.clusterit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One tier as its own JVM: {@code java -cp <this test's classpath> io.teamtalkj.launcher.TeamTalk
 * <tier> ...}, every port 0, and the ports it bound read from the line a tier prints once it is up
 * (e.g. "teamtalk route-server: listening on 127.0.0.1:41873 for msg-servers, control (gRPC) on
 * 127.0.0.1:40211, metrics on http://127.0.0.1:39655/metrics"). Its output goes to
 * {@code target/cluster-it/NAME.log}.
 */
final class TierProcess implements AutoCloseable {
    /** "127.0.0.1:PORT" in the started line, in the order the tier prints them. */
    private static final Pattern ADDRESS = Pattern.compile("127\\.0\\.0\\.1:(\\d+)");

    /** Small, quick-starting JVMs: ten of them share two cores with the load tester (-Dcluster-it.jvm=... for others). */
    static final String SMALL_JVM = "-Xms64m -Xmx384m -XX:+UseSerialGC -XX:TieredStopAtLevel=1";

    final String name;
    final String tier;
    private final Process process;
    private final CompletableFuture<String> started = new CompletableFuture<>();
    private final List<Integer> ports = new ArrayList<>();

    private TierProcess(String name, String tier, Process process, Path log) throws IOException {
        this.name = name;
        this.tier = tier;
        this.process = process;
        PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true);
        Thread reader = new Thread(() -> pump(out), "out-" + name);
        reader.setDaemon(true);
        reader.start();
        process.onExit().thenRun(() -> started.completeExceptionally(
                new IllegalStateException(name + " exited with " + process.exitValue() + " before it was up; see " + log)));
    }

    /** Starts {@code teamtalk TIER ARGS...} as a child JVM; {@link #awaitUp} waits for its started line. */
    static TierProcess start(String name, String tier, List<String> args, Map<String, String> env, Path logDir)
            throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(List.of(System.getProperty("cluster-it.jvm", SMALL_JVM).trim().split("\\s+")));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.teamtalkj.launcher.TeamTalk", tier));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        Files.createDirectories(logDir);
        return new TierProcess(name, tier, pb.start(), logDir.resolve(name + ".log"));
    }

    private void pump(PrintWriter out) {
        try (out; BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                out.println(line);
                if (!started.isDone() && line.startsWith("teamtalk " + tier + ": ") && ADDRESS.matcher(line).find()) {
                    Matcher m = ADDRESS.matcher(line);
                    synchronized (ports) {
                        while (m.find()) {
                            ports.add(Integer.parseInt(m.group(1)));
                        }
                    }
                    started.complete(line);
                }
            }
        } catch (IOException e) {
            // the process ended; onExit reports it
        }
    }

    TierProcess awaitUp(long seconds) throws IOException, InterruptedException {
        try {
            started.get(seconds, TimeUnit.SECONDS);
            return this;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException(name + " not up within " + seconds + " s");
        }
    }

    /** The i-th 127.0.0.1 port of its started line. */
    int port(int i) {
        synchronized (ports) {
            return ports.get(i);
        }
    }

    /** The i-th 127.0.0.1 port counted from the end of its started line (0 = the last). */
    int portFromEnd(int i) {
        synchronized (ports) {
            return ports.get(ports.size() - 1 - i);
        }
    }

    String address(int i) {
        return "127.0.0.1:" + port(i);
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** CPU time (user + system) the process used so far, in ns, from /proc (Linux). */
    long cpuNanos() {
        return process.info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(-1L);
    }

    /** kill -9: no drain, no notice. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy(); // SIGTERM: the tier's drain
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
