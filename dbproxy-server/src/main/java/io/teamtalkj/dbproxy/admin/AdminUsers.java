package io.teamtalkj.dbproxy.admin;

import static io.teamtalkj.dbproxy.admin.AdminErrors.alreadyExists;
import static io.teamtalkj.dbproxy.admin.AdminErrors.invalid;
import static io.teamtalkj.dbproxy.admin.AdminErrors.notFound;

import io.teamtalkj.control.admin.AddUserRequest;
import io.teamtalkj.control.admin.ListUsersRequest;
import io.teamtalkj.control.admin.User;
import io.teamtalkj.control.admin.UserRef;
import io.teamtalkj.dbproxy.core.DbContext;
import io.teamtalkj.dbproxy.storage.Departments;
import io.teamtalkj.dbproxy.storage.LoginFailures;
import io.teamtalkj.dbproxy.storage.Passwords;
import io.teamtalkj.dbproxy.storage.Users;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * IMUser rows for operators. Every change sets {@code updated} to now, which is what clients'
 * incremental directory sync (IMAllUserReq, {@code updated > latest_update_time}) picks up.
 */
final class AdminUsers {
    /** IMUser.status of a user who left the company: cannot log in, left out of full syncs. */
    static final int DISABLED = 3;
    static final int ACTIVE = 0;

    private final DbContext ctx;

    AdminUsers(DbContext ctx) {
        this.ctx = ctx;
    }

    User add(AddUserRequest r) throws SQLException {
        String name = AdminErrors.loginName(r.getName());
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
            try {
                id = Users.insert(c, new Users.NewUser(name, stored, nick, r.getSex(), r.getDepartmentId(), email, phone,
                        domain, avatar), now);
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
        List<User> users = new ArrayList<>();
        try (Connection c = ctx.storage().connection()) {
            for (Users.Entry e : Users.list(c, r.getNamePrefix(), r.getIncludeDisabled() ? null : DISABLED,
                    AdminErrors.limit(r.getLimit(), 100, 10_000))) {
                users.add(user(e));
            }
        }
        return users;
    }

    /** Sets IMUser.status (0 active, 3 disabled); a no-op keeps {@code updated} as it was. */
    User setStatus(UserRef ref, int status) throws SQLException {
        try (Connection c = ctx.storage().connection()) {
            int id = resolve(c, ref);
            Users.setStatus(c, id, status, ctx.now());
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
            Users.setPasswordRow(c, id, stored, ctx.now());
            // an operator resetting a password wants the user able to log in now, not after the
            // brute-force window of the old failures has passed
            LoginFailures.clear(ctx.storage().redis(), name);
            return load(c, id);
        }
    }

    /** The id of the user a request names; NOT_FOUND if there is none. */
    static int resolve(Connection c, UserRef ref) throws SQLException {
        Integer id = switch (ref.getRefCase()) {
            case ID -> Users.exists(c, ref.getId()) ? ref.getId() : null;
            case NAME -> {
                if (ref.getName().isEmpty()) {
                    throw invalid("user name must not be empty");
                }
                yield Users.idByName(c, ref.getName());
            }
            default -> throw invalid("give the user's id or name");
        };
        if (id != null) {
            return id;
        }
        throw notFound(ref.getRefCase() == UserRef.RefCase.ID
                ? "no user with id " + Integer.toUnsignedString(ref.getId())
                : "no user named " + ref.getName());
    }

    static User load(Connection c, int id) throws SQLException {
        Users.Entry e = Users.entry(c, id);
        if (e == null) {
            throw notFound("no user with id " + Integer.toUnsignedString(id));
        }
        return user(e);
    }

    private static User user(Users.Entry e) {
        return User.newBuilder()
                .setId(e.id())
                .setName(e.name())
                .setNick(e.nick())
                .setSex(e.sex())
                .setDepartmentId(e.departmentId())
                .setEmail(e.email())
                .setPhone(e.phone())
                .setDomain(e.domain())
                .setAvatar(e.avatar())
                .setStatus(e.status())
                .setSignInfo(e.signInfo())
                .setCreated(e.created())
                .setUpdated(e.updated())
                .build();
    }
}
