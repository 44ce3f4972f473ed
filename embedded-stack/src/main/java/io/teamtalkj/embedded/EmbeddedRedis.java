package io.teamtalkj.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntSupplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.core.ExecutableProvider;
import redis.embedded.model.OsArchitecture;

/**
 * A real redis-server binary (the one bundled in embedded-redis) on 127.0.0.1.
 *
 * <p>{@link #start(int)} is the throw-away variant for tests: a temp directory, no persistence.
 * {@link #start(Path, int, boolean)} runs from a fixed directory (binary, log, pid file and, when
 * persistent, the append-only file), so Redis data can survive restarts (optional: TeamTalk-J can
 * rebuild Redis from MySQL) and, more importantly, a redis-server an earlier run left behind is
 * found and stopped before a new one starts ({@link StaleProcesses}). {@link #close()} and a JVM
 * shutdown hook stop it.
 *
 * <p>We run the binary ourselves rather than through embedded-redis's RedisServer so that we
 * know its pid and choose where it lives.
 */
public final class EmbeddedRedis implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedRedis.class);

    /** Name of the pid file in the directory. */
    public static final String PID_FILE = "teamtalk-redis-server.pid";
    static final String EXECUTABLE = "redis-server";
    static final String LOG_FILE = "redis-server.log";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private volatile Process process;
    private final int port;
    private final Path dir;
    private final List<String> persistence;
    private final boolean deleteDirOnClose;
    private final List<Long> staleStopped;
    private final Thread shutdownHook;
    private boolean closed;

    private EmbeddedRedis(Process process, int port, Path dir, List<String> persistence, boolean deleteDirOnClose,
                          List<Long> staleStopped) {
        this.process = process;
        this.port = port;
        this.dir = dir;
        this.persistence = persistence;
        this.deleteDirOnClose = deleteDirOnClose;
        this.staleStopped = staleStopped;
        this.shutdownHook = new Thread(this::stopQuietly, "embedded-redis-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** A redis-server without persistence in a temp directory deleted at close; {@code port} 0 picks a free one. */
    public static EmbeddedRedis start(int port) throws IOException {
        Path tmp = Files.createTempDirectory("teamtalk-redis-");
        try {
            return start(tmp, port, NO_PERSISTENCE, true, EmbeddedPorts.candidates());
        } catch (IOException | RuntimeException e) {
            deleteRecursively(tmp);
            throw e;
        }
    }

    /**
     * A redis-server for fault tests, in a temp directory deleted at close, that keeps only what
     * {@link #snapshot()} wrote: after {@link #kill()} and {@link #restart()} it comes back with
     * the data of the last snapshot, so writes since then are lost, as after a kill -9 of a Redis
     * whose disk lags behind.
     */
    public static EmbeddedRedis startPersistent() throws IOException {
        Path tmp = Files.createTempDirectory("teamtalk-redis-");
        try {
            return start(tmp, 0, SNAPSHOTS, true, EmbeddedPorts.candidates());
        } catch (IOException | RuntimeException e) {
            deleteRecursively(tmp);
            throw e;
        }
    }

    /**
     * A redis-server run from {@code dir}.
     *
     * @param dir holds the binary, its log, the pid file and (when persistent) appendonly.aof
     * @param port the port, 0 for a free one (see {@link EmbeddedPorts})
     * @param persistent keep data across restarts (append-only file, fsync every second)
     * @throws IllegalStateException when a redis-server from {@code dir} is still in use by a
     *     live process, or the port is taken by something else
     */
    public static EmbeddedRedis start(Path dir, int port, boolean persistent) throws IOException {
        return start(dir, port, persistent, false);
    }

    private static EmbeddedRedis start(Path dir, int port, boolean persistent, boolean temporary) throws IOException {
        return start(dir, port, persistent, temporary, EmbeddedPorts.candidates());
    }

    /** With port 0, tries ports from {@code candidates} until redis-server binds one. */
    static EmbeddedRedis start(Path dir, int port, boolean persistent, boolean temporary, IntSupplier candidates)
            throws IOException {
        return start(dir, port, persistent ? APPEND_ONLY : NO_PERSISTENCE, temporary, candidates);
    }

    /**
     * A redis-server with extra options (cluster mode, replication...) and no persistence, in a
     * temp directory deleted at close, on a port from {@code candidates}.
     */
    static EmbeddedRedis startWithOptions(List<String> options, IntSupplier candidates) throws IOException {
        Path tmp = Files.createTempDirectory("teamtalk-redis-");
        List<String> all = new ArrayList<>(NO_PERSISTENCE);
        all.addAll(options);
        try {
            return start(tmp, 0, List.copyOf(all), true, candidates);
        } catch (IOException | RuntimeException e) {
            deleteRecursively(tmp);
            throw e;
        }
    }

    /** redis-server options for each kind of persistence. */
    private static final List<String> NO_PERSISTENCE = List.of("--save", "", "--appendonly", "no");
    private static final List<String> APPEND_ONLY = List.of("--save", "", "--appendonly", "yes",
            "--appendfsync", "everysec");
    /** dump.rdb, written only when asked ({@link #snapshot()}). */
    private static final List<String> SNAPSHOTS = List.of("--save", "", "--appendonly", "no",
            "--dbfilename", "dump.rdb");

    private static EmbeddedRedis start(Path dir, int port, List<String> persistence, boolean temporary,
                                       IntSupplier candidates) throws IOException {
        Path home = EmbeddedMariaDb.realDirectory(dir);
        Path executable = home.resolve(EXECUTABLE);
        Path pidFile = home.resolve(PID_FILE);
        List<Long> stale = StaleProcesses.stopStale("redis-server", pidFile, executable,
                cmd -> StaleProcesses.runs(cmd, executable), StaleProcesses.DEFAULT_GRACE);
        installBinary(executable);
        if (port != 0) {
            EmbeddedMariaDb.requireFreePort(port);
            return new EmbeddedRedis(launch(home, executable, port, persistence), port, home, persistence, temporary,
                    stale);
        }
        return EmbeddedPorts.startOnFreePort("embedded redis-server", candidates,
                p -> new EmbeddedRedis(launch(home, executable, p, persistence), p, home, persistence, temporary, stale));
    }

    private static Process launch(Path home, Path executable, int actual, List<String> persistence)
            throws IOException {
        Path pidFile = home.resolve(PID_FILE);
        // Sentinel mode needs a config file of its own (it rewrites it) and says it is up differently
        boolean sentinel = persistence.contains("--sentinel");
        List<String> args = new ArrayList<>(List.of(executable.toString()));
        if (sentinel) {
            Path conf = home.resolve("sentinel.conf");
            if (!Files.exists(conf)) {
                Files.writeString(conf, "");
            }
            args.add(conf.toString());
        }
        args.addAll(List.of(
                "--port", Integer.toString(actual),
                "--bind", "127.0.0.1",
                "--dir", home.toString(),
                "--daemonize", "no",
                "--logfile", ""));
        args.addAll(persistence);
        Path logFile = home.resolve(LOG_FILE);
        long logStart = Files.exists(logFile) ? Files.size(logFile) : 0;
        long started = System.nanoTime();
        Process process = new ProcessBuilder(args)
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .start();
        try {
            awaitReady(process, logFile, logStart, sentinel ? "Sentinel ID is" : "Ready to accept connections");
            StaleProcesses.write(pidFile, process.toHandle(), executable);
        } catch (IOException | RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
        log.info("embedded redis-server on 127.0.0.1:{} ({}{}, pid {}) started in {} ms", actual, home,
                persistence == APPEND_ONLY ? ", append-only file" : persistence == SNAPSHOTS ? ", snapshots" : "",
                process.pid(), (System.nanoTime() - started) / 1_000_000);
        return process;
    }

    /**
     * Copies the bundled binary to {@code executable} unless an identical one is there. Written
     * beside it and renamed: a file a running process executes cannot be overwritten in place.
     */
    private static void installBinary(Path executable) throws IOException {
        String resource = ExecutableProvider.newProvidedVersionsMap().get(OsArchitecture.detectOSandArchitecture());
        if (resource == null) {
            throw new IOException("embedded-redis has no redis-server binary for this OS/architecture");
        }
        byte[] binary;
        try (InputStream in = ExecutableProvider.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("resource " + resource + " missing from the embedded-redis jar");
            }
            binary = in.readAllBytes();
        }
        if (Files.isRegularFile(executable) && Files.size(executable) == binary.length && Files.isExecutable(executable)) {
            return;
        }
        Path tmp = executable.resolveSibling(EXECUTABLE + ".tmp");
        Files.write(tmp, binary);
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        try {
            Files.move(tmp, executable, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, executable, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Until the log says so; an exit before that fails with the log's tail. */
    private static void awaitReady(Process process, Path logFile, long logStart, String readyLine) throws IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            String out = readFrom(logFile, logStart);
            if (out.contains(readyLine)) {
                return;
            }
            if (!process.isAlive()) {
                throw new IOException("redis-server exited with code " + process.exitValue() + ": " + tail(out));
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("redis-server not ready after " + START_TIMEOUT.toSeconds() + " s: " + tail(out));
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while starting redis-server", e);
            }
        }
    }

    private static String readFrom(Path file, long offset) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long len = f.length() - offset;
            if (len <= 0) {
                return "";
            }
            byte[] b = new byte[(int) Math.min(len, 1 << 20)];
            f.seek(offset);
            f.readFully(b);
            return new String(b, StandardCharsets.UTF_8);
        }
    }

    private static String tail(String log) {
        List<String> lines = log.strip().lines().toList();
        return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
    }

    public int port() {
        return port;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public long pid() {
        return process.pid();
    }

    /** Writes the data set to disk now (SAVE): what a {@link #restart()} after {@link #kill()} comes back with. */
    public void snapshot() throws IOException {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
            s.setSoTimeout(30_000);
            s.getOutputStream().write("SAVE\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] reply = new byte[64];
            int n = s.getInputStream().read(reply);
            String line = n <= 0 ? "" : new String(reply, 0, n, StandardCharsets.US_ASCII).strip();
            if (!"+OK".equals(line)) {
                throw new IOException("redis-server SAVE answered " + line);
            }
        }
    }

    /** kill -9: the server dies at once, keeping nothing it had not written to disk. */
    public synchronized void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
    }

    /** Whether the redis-server process is alive (false after {@link #kill()} until {@link #restart()}). */
    public boolean running() {
        return process.isAlive();
    }

    /** Starts redis-server again, same port and directory, from what it had on disk (after {@link #kill()}). */
    public synchronized void restart() throws IOException {
        if (closed) {
            throw new IllegalStateException("closed");
        }
        if (process.isAlive()) {
            throw new IllegalStateException("redis-server (pid " + process.pid() + ") still runs; kill() it first");
        }
        process = launch(dir, dir.resolve(EXECUTABLE), port, persistence);
    }

    /** Pids of stale redis-servers (left by an earlier run) stopped before this one started. */
    public List<Long> staleProcessesStopped() {
        return staleStopped;
    }

    /** Stops redis-server (SIGTERM, which also flushes the append-only file; SIGKILL if it hangs). */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running (or about to) and stops the server
        }
        stopQuietly();
    }

    private synchronized void stopQuietly() {
        if (closed) {
            return;
        }
        closed = true;
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                log.warn("embedded redis-server (pid {}) did not exit after SIGTERM; killing it", process.pid());
                process.destroyForcibly();
                process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        StaleProcesses.delete(dir.resolve(PID_FILE));
        if (deleteDirOnClose) {
            deleteRecursively(dir);
        }
    }

    /** Best effort; files that vanish meanwhile (another hook deleting too) are fine. */
    static void deleteRecursively(Path root) {
        for (int attempt = 0; attempt < 3 && Files.exists(root); attempt++) {
            try (Stream<Path> files = Files.walk(root)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException | java.io.UncheckedIOException e) {
                log.debug("cannot delete {}: {}", root, e.toString());
            }
        }
    }
}
