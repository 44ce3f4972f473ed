package io.teamtalkj.dbproxy.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** IMDepart: the department tree the clients sync and operators edit. */
public final class Departments {
    private static final String COLUMNS = "id, departName, priority, parentId, status, created, updated";

    private Departments() {
    }

    /** One IMDepart row; status 0 is active, anything else deleted. */
    public record Row(int id, String name, int priority, int parentId, int status, int created, int updated) {
    }

    /**
     * Rows updated after {@code after} (from the start when 0) and before {@code before}, oldest
     * first, at most {@code limit}.
     */
    public static List<Row> updatedBetween(Connection c, int after, int before, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM IMDepart WHERE "
                + (after == 0 ? "updated >= ?" : "updated > ?") + " AND updated < ? ORDER BY updated, id LIMIT ?")) {
            ps.setLong(1, Integer.toUnsignedLong(after));
            ps.setLong(2, Integer.toUnsignedLong(before));
            ps.setInt(3, limit);
            return rows(ps);
        }
    }

    /** Every department (or only the active ones), by id. */
    public static List<Row> list(Connection c, boolean includeDeleted) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT " + COLUMNS + " FROM IMDepart" + (includeDeleted ? "" : " WHERE status=0") + " ORDER BY id")) {
            return rows(ps);
        }
    }

    /** Whether an active department has this id. */
    public static boolean exists(Connection c, int departmentId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM IMDepart WHERE id=? AND status=0")) {
            ps.setInt(1, departmentId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** The id of the active department with this name under this parent, or 0. */
    public static long activeIdByName(Connection c, String name, int parentId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id FROM IMDepart WHERE departName=? AND parentId=? AND status=0")) {
            ps.setString(1, name);
            ps.setInt(2, parentId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    /** Adds an active department and returns its row. */
    public static Row insert(Connection c, String name, int priority, int parentId, int now) throws SQLException {
        int id;
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO IMDepart (departName, priority, parentId, status, created, updated) VALUES (?,?,?,0,?,?)",
                Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, name);
            ps.setLong(2, Integer.toUnsignedLong(priority));
            ps.setInt(3, parentId);
            ps.setInt(4, now);
            ps.setInt(5, now);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                id = keys.getInt(1);
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM IMDepart WHERE id=?")) {
            ps.setInt(1, id);
            return rows(ps).get(0);
        }
    }

    private static List<Row> rows(PreparedStatement ps) throws SQLException {
        List<Row> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String name = rs.getString(2);
                out.add(new Row((int) rs.getLong(1), name == null ? "" : name, (int) rs.getLong(3), (int) rs.getLong(4),
                        rs.getInt(5), (int) rs.getLong(6), (int) rs.getLong(7)));
            }
        }
        return out;
    }
}
