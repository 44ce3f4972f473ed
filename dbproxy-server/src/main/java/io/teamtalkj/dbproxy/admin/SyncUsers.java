package io.teamtalkj.dbproxy.admin;

import static io.teamtalkj.dbproxy.admin.AdminErrors.invalid;

import io.teamtalkj.control.admin.AddUserRequest;
import io.teamtalkj.control.admin.User;
import io.teamtalkj.control.api.SyncUserRequest;
import io.teamtalkj.control.api.SyncUserResponse;
import io.teamtalkj.dbproxy.core.DbContext;
import io.teamtalkj.dbproxy.storage.Departments;
import io.teamtalkj.dbproxy.storage.Passwords;
import io.teamtalkj.dbproxy.storage.Users;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * "Exists → update, else add" by login name, for an HR system syncing its people. A create goes
 * through {@link AdminUsers#add} (same checks as `teamtalk admin user add`); an update changes
 * only the fields given and sets {@code updated}, so clients' incremental sync picks it up.
 */
final class SyncUsers {
    private final DbContext ctx;
    private final AdminUsers users;

    SyncUsers(DbContext ctx, AdminUsers users) {
        this.ctx = ctx;
        this.users = users;
    }

    SyncUserResponse sync(SyncUserRequest r) throws SQLException {
        String name = AdminErrors.loginName(r.getName());
        Integer id;
        try (Connection c = ctx.storage().connection()) {
            id = Users.idByName(c, name);
        }
        if (id == null) {
            AddUserRequest.Builder add = AddUserRequest.newBuilder().setName(name).setPassword(r.getPassword())
                    .setNick(r.getNick()).setSex(r.getSex()).setDepartmentId(r.getDepartmentId())
                    .setEmail(r.getEmail()).setPhone(r.getPhone()).setAvatar(r.getAvatar());
            return SyncUserResponse.newBuilder().setUser(users.add(add.build())).setCreated(true).build();
        }
        if (r.hasSex() && r.getSex() > 2) {
            throw invalid("sex must be 0 (unknown), 1 (male) or 2 (female)");
        }
        String stored = r.getPassword().isEmpty() ? null : Passwords.hash(Passwords.clientDigest(r.getPassword()));
        try (Connection c = ctx.storage().connection()) {
            User before = AdminUsers.load(c, id);
            if (r.hasDepartmentId() && r.getDepartmentId() != 0 && !Departments.exists(c, r.getDepartmentId())) {
                throw invalid("department " + Integer.toUnsignedString(r.getDepartmentId()) + " does not exist");
            }
            String nick = r.hasNick() ? AdminErrors.optional("nick", r.getNick(), 32) : before.getNick();
            try (PreparedStatement ps = c.prepareStatement("UPDATE IMUser SET nick = ?, sex = ?, departId = ?, "
                    + "email = ?, phone = ?, avatar = ?, updated = ? WHERE id = ?")) {
                ps.setString(1, nick.isBlank() ? name : nick);
                ps.setInt(2, r.hasSex() ? r.getSex() : before.getSex());
                ps.setLong(3, Integer.toUnsignedLong(r.hasDepartmentId() ? r.getDepartmentId() : before.getDepartmentId()));
                ps.setString(4, r.hasEmail() ? AdminErrors.optional("email", r.getEmail(), 64) : before.getEmail());
                ps.setString(5, r.hasPhone() ? AdminErrors.optional("phone", r.getPhone(), 11) : before.getPhone());
                ps.setString(6, r.hasAvatar() ? AdminErrors.optional("avatar", r.getAvatar(), 255) : before.getAvatar());
                ps.setInt(7, ctx.now());
                ps.setInt(8, id);
                ps.executeUpdate();
            }
            if (stored != null) {
                Users.setPasswordRow(c, id, stored, ctx.now());
            }
            return SyncUserResponse.newBuilder().setUser(AdminUsers.load(c, id)).setCreated(false).build();
        }
    }
}
