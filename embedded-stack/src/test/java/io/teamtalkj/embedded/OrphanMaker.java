package io.teamtalkj.embedded;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * Run in a child JVM by {@link StaleProcessCleanupIT}: starts MariaDB and redis-server from the
 * given directories, writes a row and a key, prints "READY mariadbdPid redisPid" and waits to be
 * killed with SIGKILL, which orphans both servers.
 */
public final class OrphanMaker {
    private OrphanMaker() {
    }

    public static void main(String[] args) throws Exception {
        Path base = Path.of(args[0]);
        Path data = Path.of(args[1]);
        Path redisDir = Path.of(args[2]);
        int dbPort = Integer.parseInt(args[3]);
        int redisPort = Integer.parseInt(args[4]);
        EmbeddedMariaDb db = EmbeddedMariaDb.start(base, data, dbPort);
        db.createDatabase("stale");
        try (Connection c = DriverManager.getConnection(db.jdbcUrl("stale"), db.user(), db.password());
             Statement st = c.createStatement()) {
            st.execute("CREATE TABLE kept (v VARCHAR(64) NOT NULL)");
            st.execute("INSERT INTO kept VALUES ('written before the kill')");
        }
        EmbeddedRedis redis = EmbeddedRedis.start(redisDir, redisPort, true);
        String ok = Resp.call(redis.port(), "SET", "kept", "written before the kill");
        if (!"+OK".equals(ok)) {
            throw new IllegalStateException("SET failed: " + ok);
        }
        System.out.println("READY " + db.pid() + " " + redis.pid());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
