package io.teamtalkj.dbproxy.admin;

import io.teamtalkj.control.api.UsageKind;
import io.teamtalkj.control.api.UsageRow;
import io.teamtalkj.dbproxy.core.DbContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** TTApiUsage: call and push counters per app, day, kind and api, added to in batches. */
final class ApiUsage {
    private final DbContext ctx;

    ApiUsage(DbContext ctx) {
        this.ctx = ctx;
    }

    /** Adds the counts in one transaction (all or nothing, so a retried batch is not half counted). */
    int add(List<UsageRow> rows) throws SQLException {
        if (rows.isEmpty()) {
            return 0;
        }
        try (Connection c = ctx.storage().connection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO TTApiUsage (appId, day, kind, api, count) "
                    + "VALUES (?,?,?,?,?) ON DUPLICATE KEY UPDATE count = count + VALUES(count)")) {
                for (UsageRow r : rows) {
                    if (r.getApi().isEmpty() || r.getApi().length() > 64) {
                        throw AdminErrors.invalid("usage api must be 1-64 characters");
                    }
                    ps.setInt(1, r.getAppId());
                    ps.setInt(2, r.getDay());
                    ps.setInt(3, r.getKindValue());
                    ps.setString(4, r.getApi());
                    ps.setLong(5, r.getCount());
                    ps.addBatch();
                }
                ps.executeBatch();
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
        return rows.size();
    }

    /** app id → [calls, pushes] on {@code day}. */
    Map<Integer, long[]> totals(int day) throws SQLException {
        Map<Integer, long[]> out = new HashMap<>();
        try (Connection c = ctx.storage().connection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT appId, kind, SUM(count) FROM TTApiUsage WHERE day = ? GROUP BY appId, kind")) {
            ps.setInt(1, day);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent(rs.getInt(1), k -> new long[2])[rs.getInt(2) == 0 ? 0 : 1] = rs.getLong(3);
                }
            }
        }
        return out;
    }

    List<UsageRow> rows(int appId, int fromDay, int toDay) throws SQLException {
        List<UsageRow> out = new ArrayList<>();
        try (Connection c = ctx.storage().connection();
             PreparedStatement ps = c.prepareStatement("SELECT day, kind, api, count FROM TTApiUsage WHERE appId = ? "
                     + "AND day >= ? AND day <= ? ORDER BY day, kind, api")) {
            ps.setInt(1, appId);
            ps.setLong(2, Integer.toUnsignedLong(fromDay));
            ps.setLong(3, toDay == 0 ? 99_999_999L : Integer.toUnsignedLong(toDay));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(UsageRow.newBuilder().setAppId(appId).setDay(rs.getInt(1))
                            .setKind(rs.getInt(2) == 0 ? UsageKind.CALL : UsageKind.PUSH)
                            .setApi(rs.getString(3)).setCount(rs.getLong(4)).build());
                }
            }
        }
        return out;
    }
}
