package io.teamtalkj.embedded;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * Run in a child JVM by {@link StaleProcessCleanupIT}: starts MariaDB and redis-server from the
 * given directories (on free ports), writes a row and a key, prints
 * "READY mariadbdPid redisPid mariadbdPort redisPort" and waits to be
 * killed with SIGKILL, which orphans both servers.
 */
public final class OrphanMaker {
    private OrphanMaker() {
    }

    public static void main(String[] args) throws Exception {
        Path base = Path.of(args[0]);
        Path data = Path.of(args[1]);
        Path redisDir = Path.of(args[2]);
        EmbeddedMariaDb db = EmbeddedMariaDb.start(base, data, 0);
        db.createDatabase("stale");
        try (Connection c = DriverManager.getConnection(db.jdbcUrl("stale"), db.user(), db.password());
             Statement st = c.createStatement()) {
            st.execute("CREATE TABLE kept (v VARCHAR(64) NOT NULL)");
            st.execute("INSERT INTO kept VALUES ('written before the kill')");
        }
        EmbeddedRedis redis = EmbeddedRedis.start(redisDir, 0, true);
        String ok = Resp.call(redis.port(), "SET", "kept", "written before the kill");
        if (!"+OK".equals(ok)) {
            throw new IllegalStateException("SET failed: " + ok);
        }
        System.out.println("READY " + db.pid() + " " + redis.pid() + " " + db.port() + " " + redis.port());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
