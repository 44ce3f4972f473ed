package io.teamtalkj.dbproxy.storage;

import com.mogujie.tt.protobuf.IMBaseDefine.ClientType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-device push tokens (table TTDeviceToken, migration V10): (user, device id) -> token and its
 * client type. A token belongs to one device of one user: registering it elsewhere takes it away
 * from where it was (a phone that changes hands, or an app reinstalled under a new device id). A
 * user keeps at most {@link #MAX_DEVICES_PER_USER} devices.
 */
public final class DeviceTokenTable {
    /** One device's token. */
    public record Row(int userId, String deviceId, ClientType type, String token) {
    }

    /**
     * Devices kept per user: a client that logs in under ever new device ids must not grow the
     * table without bound; beyond this the least recently registered devices lose their tokens.
     */
    public static final int MAX_DEVICES_PER_USER = 10;

    private DeviceTokenTable() {
    }

    /** Makes {@code token} the token of the user's device (one transaction). */
    public static void register(Connection c, int userId, String deviceId, ClientType type, String token, int now)
            throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM TTDeviceToken WHERE token = ? AND NOT (userId = ? AND deviceId = ?)")) {
                ps.setString(1, token);
                ps.setLong(2, Integer.toUnsignedLong(userId));
                ps.setString(3, deviceId);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO TTDeviceToken (userId, deviceId, clientType, token, updated) "
                    + "VALUES (?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE clientType = VALUES(clientType), token = VALUES(token), "
                    + "updated = VALUES(updated)")) {
                ps.setLong(1, Integer.toUnsignedLong(userId));
                ps.setString(2, deviceId);
                ps.setInt(3, type.getNumber());
                ps.setString(4, token);
                ps.setLong(5, Integer.toUnsignedLong(now));
                ps.executeUpdate();
            }
            int devices;
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM TTDeviceToken WHERE userId = ?")) {
                ps.setLong(1, Integer.toUnsignedLong(userId));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    devices = rs.getInt(1);
                }
            }
            if (devices > MAX_DEVICES_PER_USER) {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM TTDeviceToken WHERE userId = ? AND deviceId <> ? "
                        + "ORDER BY updated, deviceId LIMIT " + (devices - MAX_DEVICES_PER_USER))) {
                    ps.setLong(1, Integer.toUnsignedLong(userId));
                    ps.setString(2, deviceId);
                    ps.executeUpdate();
                }
            }
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    /** The device logged out (an empty token): it gets no pushes any more. */
    public static void unregister(Connection c, int userId, String deviceId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM TTDeviceToken WHERE userId = ? AND deviceId = ?")) {
            ps.setLong(1, Integer.toUnsignedLong(userId));
            ps.setString(2, deviceId);
            ps.executeUpdate();
        }
    }

    /** A push service called the token dead: removed wherever the user holds it; false when not held. */
    public static boolean removeToken(Connection c, int userId, String token) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM TTDeviceToken WHERE userId = ? AND token = ?")) {
            ps.setLong(1, Integer.toUnsignedLong(userId));
            ps.setString(2, token);
            return ps.executeUpdate() > 0;
        }
    }

    /** The devices of these users that hold a token, per user (users without one are absent). */
    public static Map<Integer, List<Row>> load(Connection c, Collection<Integer> users) throws SQLException {
        Map<Integer, List<Row>> out = new LinkedHashMap<>();
        if (users.isEmpty()) {
            return out;
        }
        StringBuilder sql = new StringBuilder("SELECT userId, deviceId, clientType, token FROM TTDeviceToken WHERE userId IN (");
        for (int i = 0; i < users.size(); i++) {
            sql.append(i == 0 ? "?" : ",?");
        }
        sql.append(") ORDER BY userId, deviceId");
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int i = 1;
            for (int u : users) {
                ps.setLong(i++, Integer.toUnsignedLong(u));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int userId = (int) rs.getLong(1);
                    ClientType type = ClientType.forNumber(rs.getInt(3));
                    out.computeIfAbsent(userId, k -> new ArrayList<>())
                            .add(new Row(userId, rs.getString(2), type, rs.getString(4)));
                }
            }
        }
        return out;
    }
}
