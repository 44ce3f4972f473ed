package io.teamtalkj.dbproxy.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.mysql.cj.jdbc.MysqlDataSource;
import io.teamtalkj.dbproxy.DbProxyConfig;
import io.teamtalkj.dbproxy.testing.EmbeddedStorage;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Migration V13 on a database that already holds TeamTalk-shaped IMRecentSession rows. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class RecentSessionKeyMigrationIT {

    @Test
    void existingSessionsKeepTheirRowsAndIdsAndTheSessionKeyBecomesThePrimaryKey() throws Exception {
        DbProxyConfig cfg = EmbeddedStorage.freshConfig();
        migrate(cfg, "12");
        EmbeddedStorage.execute(cfg,
                "INSERT INTO IMRecentSession (id, userId, peerId, type, status, created, updated) VALUES"
                        + " (7, 1, 2, 1, 0, 100, 200), (9, 2, 1, 1, 1, 100, 300), (4000000000, 1, 5, 2, 0, 50, 60)",
                "INSERT INTO IMRecentSession (id, userId, peerId, type, status, created, updated) VALUES (12, 3, 4, NULL, 0, 1, 1)");

        migrate(cfg, null);

        assertThat(rows(cfg, "SELECT id, userId, peerId, type, status, created, updated FROM IMRecentSession ORDER BY id"))
                .containsExactly("7 1 2 1 0 100 200", "9 2 1 1 1 100 300", "4000000000 1 5 2 0 50 60");
        assertThat(rows(cfg, "SELECT COLUMN_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA=DATABASE()"
                + " AND TABLE_NAME='IMRecentSession' AND INDEX_NAME='PRIMARY' ORDER BY SEQ_IN_INDEX"))
                .containsExactly("userId", "peerId", "type");
        // the upsert the message store runs now meets the duplicate on the primary key
        EmbeddedStorage.execute(cfg, "INSERT INTO IMRecentSession (userId, peerId, type, status, created, updated)"
                + " VALUES (2, 1, 1, 0, 400, 400), (8, 1, 1, 0, 400, 400) ON DUPLICATE KEY UPDATE status=0, updated=VALUES(updated)");
        assertThat(rows(cfg, "SELECT id, status, updated FROM IMRecentSession WHERE userId=2")).containsExactly("9 0 400");
        assertThat(rows(cfg, "SELECT COUNT(*) FROM IMRecentSession WHERE userId=8 AND id > 4000000000")).containsExactly("1");
    }

    private static void migrate(DbProxyConfig cfg, String target) {
        var conf = Flyway.configure().dataSource(dataSource(cfg)).locations("classpath:db/migration");
        if (target != null) {
            conf = conf.target(target);
        }
        conf.load().migrate();
    }

    private static DataSource dataSource(DbProxyConfig cfg) {
        MysqlDataSource ds = new MysqlDataSource();
        ds.setUrl(cfg.dbUrl);
        ds.setUser(cfg.dbUser);
        ds.setPassword(cfg.dbPassword);
        return ds;
    }

    private static List<String> rows(DbProxyConfig cfg, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = EmbeddedStorage.jdbc(cfg); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder sb = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    sb.append(i == 1 ? "" : " ").append(rs.getString(i));
                }
                out.add(sb.toString());
            }
        }
        return out;
    }
}
