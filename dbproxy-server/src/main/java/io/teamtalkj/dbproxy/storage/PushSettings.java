package io.teamtalkj.dbproxy.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Per-user do-not-disturb window and time zone (table TTUserPushSetting, migration V8). The window
 * applies while the user's push shield is on; without a row: 22:00-08:00 in the dbproxy's zone.
 */
public final class PushSettings {
    public static final int DEFAULT_START = 22 * 60;
    public static final int DEFAULT_END = 8 * 60;
    public static final int MINUTES_A_DAY = 24 * 60;

    /** A user's window; an empty zone means the dbproxy's own. */
    public record Setting(String timeZone, int startMinute, int endMinute) {
        public static final Setting DEFAULT = new Setting("", DEFAULT_START, DEFAULT_END);

        public ZoneId zone() {
            if (timeZone.isEmpty()) {
                return ZoneId.systemDefault();
            }
            try {
                return ZoneId.of(timeZone);
            } catch (DateTimeException e) {
                return ZoneId.systemDefault();
            }
        }

        /** Whether {@code unixSeconds} falls inside the window in the user's zone (start == end: all day). */
        public boolean covers(long unixSeconds) {
            ZonedDateTime t = Instant.ofEpochSecond(unixSeconds).atZone(zone());
            int minute = t.getHour() * 60 + t.getMinute();
            if (startMinute == endMinute) {
                return true;
            }
            return startMinute < endMinute ? minute >= startMinute && minute < endMinute
                    : minute >= startMinute || minute < endMinute;
        }
    }

    private PushSettings() {
    }

    /** The stored settings of these users (users without a row are absent). */
    public static Map<Integer, Setting> load(Connection c, Collection<Integer> users) throws SQLException {
        Map<Integer, Setting> out = new HashMap<>();
        if (users.isEmpty()) {
            return out;
        }
        StringBuilder sql = new StringBuilder("SELECT userId, timeZone, dndStart, dndEnd FROM TTUserPushSetting WHERE userId IN (");
        int n = 0;
        for (int ignored : users) {
            sql.append(n++ == 0 ? "?" : ",?");
        }
        sql.append(')');
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int i = 1;
            for (int u : users) {
                ps.setLong(i++, Integer.toUnsignedLong(u));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put((int) rs.getLong(1), new Setting(rs.getString(2), rs.getInt(3), rs.getInt(4)));
                }
            }
        }
        return out;
    }

    public static void save(Connection c, int userId, Setting s, int now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO TTUserPushSetting (userId, timeZone, dndStart, dndEnd, updated)"
                + " VALUES (?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE timeZone=VALUES(timeZone), dndStart=VALUES(dndStart),"
                + " dndEnd=VALUES(dndEnd), updated=VALUES(updated)")) {
            ps.setLong(1, Integer.toUnsignedLong(userId));
            ps.setString(2, s.timeZone());
            ps.setInt(3, s.startMinute());
            ps.setInt(4, s.endMinute());
            ps.setLong(5, Integer.toUnsignedLong(now));
            ps.executeUpdate();
        }
    }
}
