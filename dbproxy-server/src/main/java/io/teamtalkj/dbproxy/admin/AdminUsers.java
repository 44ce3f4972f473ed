package io.teamtalkj.dbproxy.admin;

import static io.teamtalkj.dbproxy.admin.AdminErrors.alreadyExists;
import static io.teamtalkj.dbproxy.admin.AdminErrors.invalid;
import static io.teamtalkj.dbproxy.admin.AdminErrors.notFound;

import io.teamtalkj.control.admin.AddUserRequest;
import io.teamtalkj.control.admin.ListUsersRequest;
import io.teamtalkj.control.admin.User;
import io.teamtalkj.control.admin.UserRef;
import io.teamtalkj.dbproxy.core.DbContext;
import io.teamtalkj.dbproxy.storage.RedisKeys;
import io.teamtalkj.dbproxy.storage.Departments;
import io.teamtalkj.dbproxy.storage.Passwords;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * IMUser rows for operators. Every change sets {@code updated} to now, which is what clients'
 * incremental directory sync (IMAllUserReq, {@code updated > latest_update_time}) picks up.
 */
final class AdminUsers {
    /** IMUser.status of a user who left the company: cannot log in, left out of full syncs. */
    static final int DISABLED = 3;
    static final int ACTIVE = 0;

    private static final String COLUMNS = "id, name, nick, sex, departId, email, phone, domain, avatar, "
            + "COALESCE(status,0), sign_info, created, updated";

    private final DbContext ctx;

    AdminUsers(DbContext ctx) {
        this.ctx = ctx;
    }

    User add(AddUserRequest r) throws SQLException {
        String name = AdminErrors.name("user name", r.getName(), 32);
        if (r.getPassword().isEmpty()) {
            throw invalid("password must not be empty");
        }
        String nick = AdminErrors.optional("nick", r.getNick(), 32);
        if (nick.isBlank()) {
            nick = name;
        }
        if (r.getSex() > 2) {
            throw invalid("sex must be 0 (unknown), 1 (male) or 2 (female), got " + Integer.toUnsignedString(r.getSex()));
        }
        String email = AdminErrors.optional("email", r.getEmail(), 64);
        String phone = AdminErrors.optional("phone", r.getPhone(), 11);
        String domain = r.hasDomain() ? AdminErrors.optional("domain", r.getDomain(), 32) : name;
        String avatar = AdminErrors.optional("avatar", r.getAvatar(), 255);
        // hashed before taking a connection: PBKDF2 is deliberately slow
        String stored = Passwords.hash(Passwords.clientDigest(r.getPassword()));
        int now = ctx.now();
        int id;
        try (Connection c = ctx.storage().connection()) {
            if (r.getDepartmentId() != 0 && !Departments.exists(c, r.getDepartmentId())) {
                throw invalid("department " + Integer.toUnsignedString(r.getDepartmentId()) + " does not exist");
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO IMUser (sex, name, domain, nick, password, salt, phone, email, avatar, departId, "
                            + "status, created, updated, push_shield_status, sign_info) "
                            + "VALUES (?,?,?,?,?,'',?,?,?,?,0,?,?,0,'')", Statement.RETURN_GENERATED_KEYS)) {
                ps.setInt(1, r.getSex());
                ps.setString(2, name);
                ps.setString(3, domain);
                ps.setString(4, nick);
                ps.setString(5, stored);
                ps.setString(6, phone);
                ps.setString(7, email);
                ps.setString(8, avatar);
                ps.setInt(9, r.getDepartmentId());
                ps.setInt(10, now);
                ps.setInt(11, now);
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    id = keys.getInt(1);
                }
            } catch (SQLException e) {
                if (AdminErrors.isDuplicateKey(e)) {
                    throw alreadyExists("user name " + name + " is taken");
                }
                throw e;
            }
            return load(c, id);
        }
    }

    List<User> list(ListUsersRequest r) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS).append(" FROM IMUser WHERE 1=1");
        List<String> args = new ArrayList<>();
        if (!r.getNamePrefix().isEmpty()) {
            // '!' as the escape character: a backslash means different things under NO_BACKSLASH_ESCAPES
            sql.append(" AND name LIKE ? ESCAPE '!'");
            args.add(r.getNamePrefix().replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%");
        }
        if (!r.getIncludeDisabled()) {
            sql.append(" AND COALESCE(status,0) <> ").append(DISABLED);
        }
        sql.append(" ORDER BY id LIMIT ?");
        List<User> users = new ArrayList<>();
        try (Connection c = ctx.storage().connection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int i = 1;
            for (String a : args) {
                ps.setString(i++, a);
            }
            ps.setInt(i, AdminErrors.limit(r.getLimit(), 100, 10_000));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    users.add(row(rs));
                }
            }
        }
        return users;
    }

    /** Sets IMUser.status (0 active, 3 disabled); a no-op keeps {@code updated} as it was. */
    User setStatus(UserRef ref, int status) throws SQLException {
        try (Connection c = ctx.storage().connection()) {
            int id = resolve(c, ref);
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE IMUser SET status=?, updated=? WHERE id=? AND COALESCE(status,0) <> ?")) {
                ps.setInt(1, status);
                ps.setInt(2, ctx.now());
                ps.setInt(3, id);
                ps.setInt(4, status);
                ps.executeUpdate();
            }
            return load(c, id);
        }
    }

    User setPassword(String userName, String password) throws SQLException {
        String name = AdminErrors.name("user name", userName, 32);
        if (password.isEmpty()) {
            throw invalid("password must not be empty");
        }
        String stored = Passwords.hash(Passwords.clientDigest(password));
        try (Connection c = ctx.storage().connection()) {
            int id = resolve(c, UserRef.newBuilder().setName(name).build());
            try (PreparedStatement ps = c.prepareStatement("UPDATE IMUser SET password=?, salt='', updated=? WHERE id=?")) {
                ps.setString(1, stored);
                ps.setInt(2, ctx.now());
                ps.setInt(3, id);
                ps.executeUpdate();
            }
            // an operator resetting a password wants the user able to log in now, not after the
            // brute-force window of the old failures has passed
            ctx.storage().redis().getKeys().delete(RedisKeys.loginFailures(name));
            return load(c, id);
        }
    }

    /** The id of the user a request names; NOT_FOUND if there is none. */
    static int resolve(Connection c, UserRef ref) throws SQLException {
        String sql;
        switch (ref.getRefCase()) {
            case ID -> sql = "SELECT id FROM IMUser WHERE id=?";
            case NAME -> sql = "SELECT id FROM IMUser WHERE name=?";
            default -> throw invalid("give the user's id or name");
        }
        if (ref.getRefCase() == UserRef.RefCase.NAME && ref.getName().isEmpty()) {
            throw invalid("user name must not be empty");
        }
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (ref.getRefCase() == UserRef.RefCase.ID) {
                ps.setInt(1, ref.getId());
            } else {
                ps.setString(1, ref.getName());
            }
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return rs.getInt(1);
                }
            }
        }
        throw notFound(ref.getRefCase() == UserRef.RefCase.ID
                ? "no user with id " + Integer.toUnsignedString(ref.getId())
                : "no user named " + ref.getName());
    }

    /** Which of {@code ids} are users (active ones only when {@code activeOnly}). One query. */
    static Set<Integer> existing(Connection c, Collection<Integer> ids, boolean activeOnly) throws SQLException {
        Set<Integer> found = new HashSet<>();
        if (ids.isEmpty()) {
            return found;
        }
        String sql = "SELECT id FROM IMUser WHERE id IN (" + AdminErrors.placeholders(ids.size()) + ")"
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

    static User load(Connection c, int id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM IMUser WHERE id=?")) {
            ps.setInt(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw notFound("no user with id " + Integer.toUnsignedString(id));
                }
                return row(rs);
            }
        }
    }

    private static User row(ResultSet rs) throws SQLException {
        return User.newBuilder()
                .setId(rs.getInt(1))
                .setName(nz(rs.getString(2)))
                .setNick(nz(rs.getString(3)))
                .setSex(rs.getInt(4))
                .setDepartmentId(rs.getInt(5))
                .setEmail(nz(rs.getString(6)))
                .setPhone(nz(rs.getString(7)))
                .setDomain(nz(rs.getString(8)))
                .setAvatar(nz(rs.getString(9)))
                .setStatus(rs.getInt(10))
                .setSignInfo(nz(rs.getString(11)))
                .setCreated((int) rs.getLong(12))
                .setUpdated((int) rs.getLong(13))
                .build();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
