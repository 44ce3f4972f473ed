package io.teamtalkj.dbproxy.storage;

import com.mogujie.tt.protobuf.IMBaseDefine.UserInfo;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * IMUser reads shared by the login and directory handlers. Ids and timestamps are uint32 on the
 * wire, so they travel as Java ints holding the unsigned bits and are bound as unsigned longs.
 */
public final class Users {
    /** IMUser.name is varchar(32): longer names cannot exist. */
    public static final int MAX_NAME_CHARS = 32;

    private static final String COLUMNS =
            "id, sex, nick, avatar, departId, email, name, phone, domain, status, sign_info, updated";

    private Users() {
    }

    /** A login candidate: the profile plus what the password check needs. */
    public record Account(UserInfo info, String password, String salt) {
    }

    /** A profile with the row's {@code updated}, for watermark paging. */
    public record Row(UserInfo info, int updated) {
    }

    /**
     * The active (status 0) user with exactly this login name, or null. The name is compared again
     * in Java because MySQL's PAD SPACE collations treat {@code "bob "} as equal to {@code "bob"}.
     */
    public static Account findActiveByName(Connection c, String name) throws SQLException {
        if (name.isEmpty() || name.codePointCount(0, name.length()) > MAX_NAME_CHARS) {
            return null;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT " + COLUMNS + ", password, salt FROM IMUser WHERE name=? AND status=0")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (name.equals(rs.getString("name"))) {
                        return new Account(info(rs), nz(rs.getString("password")), nz(rs.getString("salt")));
                    }
                }
            }
        }
        return null;
    }

    /** Profiles of the given ids in one IN query; unknown ids are absent from the map. */
    public static Map<Integer, UserInfo> byIds(Connection c, Collection<Integer> ids) throws SQLException {
        Map<Integer, UserInfo> out = new HashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS).append(" FROM IMUser WHERE id IN (");
        for (int i = 0; i < ids.size(); i++) {
            sql.append(i == 0 ? "?" : ",?");
        }
        sql.append(')');
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int i = 1;
            for (int id : ids) {
                ps.setLong(i++, Integer.toUnsignedLong(id));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    UserInfo info = info(rs);
                    out.put(info.getUserId(), info);
                }
            }
        }
        return out;
    }

    /**
     * Users with {@code after < updated < before}, oldest change first, at most {@code limit} rows.
     * {@code after == 0} is a first full sync: it also takes rows never stamped (updated 0) and,
     * as in TeamTalk, leaves out users who left (status 3).
     */
    public static List<Row> updatedBetween(Connection c, int after, int before, int limit) throws SQLException {
        String sql = "SELECT " + COLUMNS + " FROM IMUser WHERE "
                + (after == 0 ? "updated >= ? AND (status IS NULL OR status <> 3)" : "updated > ?")
                + " AND updated < ? ORDER BY updated, id LIMIT ?";
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, Integer.toUnsignedLong(after));
            ps.setLong(2, Integer.toUnsignedLong(before));
            ps.setInt(3, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(info(rs), (int) rs.getLong("updated")));
                }
            }
        }
        return rows;
    }

    /** Sets one profile column and bumps {@code updated} so directory syncs pick the change up. */
    public static boolean updateProfileColumn(Connection c, int userId, ProfileColumn column, String value, int now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE IMUser SET " + column.sqlName + "=?, updated=? WHERE id=?")) {
            ps.setString(1, value);
            ps.setLong(2, Integer.toUnsignedLong(now));
            ps.setLong(3, Integer.toUnsignedLong(userId));
            return ps.executeUpdate() > 0 || exists(c, userId);
        }
    }

    /**
     * Whether the user row exists. Used after an UPDATE that touched no row: with
     * {@code useAffectedRows=true} in the URL an update to the same value reports 0 rows.
     */
    public static boolean exists(Connection c, int userId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM IMUser WHERE id=?")) {
            ps.setLong(1, Integer.toUnsignedLong(userId));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Turns push do-not-disturb on (1) or off (0); false if there is no such user. */
    public static boolean setPushShield(Connection c, int userId, int status) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE IMUser SET push_shield_status=? WHERE id=?")) {
            ps.setInt(1, status);
            ps.setLong(2, Integer.toUnsignedLong(userId));
            return ps.executeUpdate() > 0 || exists(c, userId);
        }
    }

    /** The user's push do-not-disturb status, or null if there is no such user. */
    public static Integer pushShield(Connection c, int userId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT push_shield_status FROM IMUser WHERE id=?")) {
            ps.setLong(1, Integer.toUnsignedLong(userId));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : null;
            }
        }
    }

    /** Which of these users turned on push do-not-disturb (one IN query). */
    public static Set<Integer> pushShielded(Connection c, List<Integer> users) throws SQLException {
        Set<Integer> out = new HashSet<>();
        if (users.isEmpty()) {
            return out;
        }
        StringBuilder sql = new StringBuilder("SELECT id FROM IMUser WHERE push_shield_status=1 AND id IN (");
        for (int i = 0; i < users.size(); i++) {
            sql.append(i == 0 ? "?" : ",?");
        }
        sql.append(')');
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < users.size(); i++) {
                ps.setLong(i + 1, Integer.toUnsignedLong(users.get(i)));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add((int) rs.getLong(1));
                }
            }
        }
        return out;
    }

    /** Active users in the user's department (none when the user has no department), at most {@code limit}. */
    public static List<Integer> departmentMates(Connection c, int userId, int limit) throws SQLException {
        return RecentSessions.ids(c, "SELECT u.id FROM IMUser u JOIN IMUser me ON me.id=? AND me.departId<>0"
                + " AND u.departId=me.departId WHERE u.status=0 LIMIT ?", userId, limit);
    }

    /** Replaces the stored password row, unless it changed since it was read (compare-and-set). */
    public static void replacePassword(Connection c, int userId, String expectedRow, String newRow)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE IMUser SET password=? WHERE id=? AND password=?")) {
            ps.setString(1, newRow);
            ps.setLong(2, Integer.toUnsignedLong(userId));
            ps.setString(3, expectedRow);
            ps.executeUpdate();
        }
    }

    // ------------------------------------------------------------------ the operator's directory

    private static final String ENTRY_COLUMNS = "id, name, nick, sex, departId, email, phone, domain, avatar, "
            + "COALESCE(status,0), sign_info, created, updated";

    /** A whole IMUser row as the admin service shows it (NULL text columns as ""). */
    public record Entry(int id, String name, String nick, int sex, int departmentId, String email, String phone,
                        String domain, String avatar, int status, String signInfo, int created, int updated) {
    }

    /** What an operator gives for a new user; the password row is already hashed. */
    public record NewUser(String name, String passwordRow, String nick, int sex, int departmentId, String email,
                          String phone, String domain, String avatar) {
    }

    /** Adds an active user and returns its id; a taken name fails with the duplicate-key SQLException. */
    public static int insert(Connection c, NewUser u, int now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO IMUser (sex, name, domain, nick, password, salt, phone, email, avatar, departId, "
                        + "status, created, updated, push_shield_status, sign_info) "
                        + "VALUES (?,?,?,?,?,'',?,?,?,?,0,?,?,0,'')", Statement.RETURN_GENERATED_KEYS)) {
            ps.setInt(1, u.sex());
            ps.setString(2, u.name());
            ps.setString(3, u.domain());
            ps.setString(4, u.nick());
            ps.setString(5, u.passwordRow());
            ps.setString(6, u.phone());
            ps.setString(7, u.email());
            ps.setString(8, u.avatar());
            ps.setInt(9, u.departmentId());
            ps.setInt(10, now);
            ps.setInt(11, now);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getInt(1);
            }
        }
    }

    /**
     * Users by id, at most {@code limit}: those whose name starts with {@code namePrefix} (all when
     * empty), without the ones of status {@code hiddenStatus} unless it is null.
     */
    public static List<Entry> list(Connection c, String namePrefix, Integer hiddenStatus, int limit)
            throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT ").append(ENTRY_COLUMNS).append(" FROM IMUser WHERE 1=1");
        List<String> args = new ArrayList<>();
        if (!namePrefix.isEmpty()) {
            // '!' as the escape character: a backslash means different things under NO_BACKSLASH_ESCAPES
            sql.append(" AND name LIKE ? ESCAPE '!'");
            args.add(namePrefix.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%");
        }
        if (hiddenStatus != null) {
            sql.append(" AND COALESCE(status,0) <> ").append(hiddenStatus.intValue());
        }
        sql.append(" ORDER BY id LIMIT ?");
        List<Entry> users = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int i = 1;
            for (String a : args) {
                ps.setString(i++, a);
            }
            ps.setInt(i, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    users.add(entry(rs));
                }
            }
        }
        return users;
    }

    /** The user's row, or null if there is none. */
    public static Entry entry(Connection c, int id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + ENTRY_COLUMNS + " FROM IMUser WHERE id=?")) {
            ps.setInt(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? entry(rs) : null;
            }
        }
    }

    private static Entry entry(ResultSet rs) throws SQLException {
        return new Entry(rs.getInt(1), nz(rs.getString(2)), nz(rs.getString(3)), rs.getInt(4), rs.getInt(5),
                nz(rs.getString(6)), nz(rs.getString(7)), nz(rs.getString(8)), nz(rs.getString(9)), rs.getInt(10),
                nz(rs.getString(11)), (int) rs.getLong(12), (int) rs.getLong(13));
    }

    /** The id of the user with this name, or null. */
    public static Integer idByName(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM IMUser WHERE name=?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : null;
            }
        }
    }

    /** Which of {@code ids} are users (active ones only when {@code activeOnly}). One query. */
    public static Set<Integer> existing(Connection c, Collection<Integer> ids, boolean activeOnly) throws SQLException {
        Set<Integer> found = new HashSet<>();
        if (ids.isEmpty()) {
            return found;
        }
        String sql = "SELECT id FROM IMUser WHERE id IN (" + GroupRepository.placeholders(ids.size()) + ")"
                + (activeOnly ? " AND COALESCE(status,0)=0" : "");
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            for (int id : ids) {
                ps.setInt(i++, id);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(rs.getInt(1));
                }
            }
        }
        return found;
    }

    /** Sets IMUser.status; a row that already has it keeps its {@code updated}. */
    public static void setStatus(Connection c, int id, int status, int now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE IMUser SET status=?, updated=? WHERE id=? AND COALESCE(status,0) <> ?")) {
            ps.setInt(1, status);
            ps.setInt(2, now);
            ps.setInt(3, id);
            ps.setInt(4, status);
            ps.executeUpdate();
        }
    }

    /** Replaces the password row (an operator's reset; the TeamTalk salt is cleared). */
    public static void setPasswordRow(Connection c, int id, String passwordRow, int now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE IMUser SET password=?, salt='', updated=? WHERE id=?")) {
            ps.setString(1, passwordRow);
            ps.setInt(2, now);
            ps.setInt(3, id);
            ps.executeUpdate();
        }
    }

    /** The profile columns a user may change himself (a closed set, so no caller-built SQL). */
    public enum ProfileColumn {
        SIGN_INFO("sign_info"),
        AVATAR("avatar");

        final String sqlName;

        ProfileColumn(String sqlName) {
            this.sqlName = sqlName;
        }
    }

    private static UserInfo info(ResultSet rs) throws SQLException {
        // every field is required on the wire: NULL columns become 0 / ""
        return UserInfo.newBuilder()
                .setUserId((int) rs.getLong("id"))
                .setUserGender(rs.getInt("sex"))
                .setUserNickName(nz(rs.getString("nick")))
                .setAvatarUrl(nz(rs.getString("avatar")))
                .setDepartmentId((int) rs.getLong("departId"))
                .setEmail(nz(rs.getString("email")))
                .setUserRealName(nz(rs.getString("name")))
                .setUserTel(nz(rs.getString("phone")))
                .setUserDomain(nz(rs.getString("domain")))
                .setStatus(rs.getInt("status"))
                .setSignInfo(nz(rs.getString("sign_info")))
                .build();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
