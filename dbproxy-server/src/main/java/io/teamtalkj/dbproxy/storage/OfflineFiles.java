package io.teamtalkj.dbproxy.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** IMTransmitFile: offline files waiting for their receiver (status 0) or taken (status 1). */
public final class OfflineFiles {
    private OfflineFiles() {
    }

    /** One waiting file as its receiver is told about it. */
    public record Waiting(int fromId, String taskId, String fileName, long size) {
    }

    /**
     * Records a waiting file once per task id.
     *
     * @return false if the task was recorded before (nothing changed)
     */
    public static boolean add(Connection c, int fromId, int toId, String fileName, long size, String taskId, int now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO IMTransmitFile (fromId, toId, fileName, size, taskId, status, created, updated) "
                        + "VALUES (?,?,?,?,?,0,?,?) ON DUPLICATE KEY UPDATE id=id")) {
            ps.setInt(1, fromId);
            ps.setInt(2, toId);
            ps.setString(3, fileName);
            ps.setLong(4, size);
            ps.setString(5, taskId);
            ps.setInt(6, now);
            ps.setInt(7, now);
            return ps.executeUpdate() != 0;
        }
    }

    /**
     * Marks the waiting file of this task and user pair taken.
     *
     * @return false if no waiting file matched
     */
    public static boolean take(Connection c, String taskId, int fromId, int toId, int now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE IMTransmitFile SET status=1, updated=? "
                + "WHERE taskId=? AND fromId=? AND toId=? AND status=0")) {
            ps.setInt(1, now);
            ps.setString(2, taskId);
            ps.setInt(3, fromId);
            ps.setInt(4, toId);
            return ps.executeUpdate() != 0;
        }
    }

    /** The files waiting for this user, oldest first, at most {@code limit}. */
    public static List<Waiting> waitingFor(Connection c, int toId, int limit) throws SQLException {
        List<Waiting> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT fromId, taskId, fileName, size FROM IMTransmitFile "
                + "WHERE toId=? AND status=0 ORDER BY id LIMIT ?")) {
            ps.setInt(1, toId);
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Waiting(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getLong(4)));
                }
            }
        }
        return out;
    }
}
