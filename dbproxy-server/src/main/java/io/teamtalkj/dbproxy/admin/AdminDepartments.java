package io.teamtalkj.dbproxy.admin;

import static io.teamtalkj.dbproxy.admin.AdminErrors.alreadyExists;
import static io.teamtalkj.dbproxy.admin.AdminErrors.invalid;

import io.teamtalkj.control.admin.AddDepartmentRequest;
import io.teamtalkj.control.admin.Department;
import io.teamtalkj.dbproxy.core.DbContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** IMDepart rows for operators; {@code updated} drives clients' IMDepartmentReq sync. */
final class AdminDepartments {
    private static final String COLUMNS = "id, departName, priority, parentId, status, created, updated";

    private final DbContext ctx;

    AdminDepartments(DbContext ctx) {
        this.ctx = ctx;
    }

    /**
     * Adds a department. IMDepart has no unique key on the name (TeamTalk's schema, and no
     * migration for this), so the duplicate check is serialized here; two dbproxies adding the
     * same name at the same instant could still both succeed.
     */
    synchronized Department add(AddDepartmentRequest r) throws SQLException {
        String name = AdminErrors.name("department name", r.getName(), 64);
        int now = ctx.now();
        try (Connection c = ctx.storage().connection()) {
            if (r.getParentId() != 0 && !exists(c, r.getParentId())) {
                throw invalid("parent department " + Integer.toUnsignedString(r.getParentId()) + " does not exist");
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id FROM IMDepart WHERE departName=? AND parentId=? AND status=0")) {
                ps.setString(1, name);
                ps.setInt(2, r.getParentId());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        throw alreadyExists("department " + name + " already exists (id " + rs.getLong(1) + ")");
                    }
                }
            }
            int id;
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO IMDepart (departName, priority, parentId, status, created, updated) VALUES (?,?,?,0,?,?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, name);
                ps.setLong(2, Integer.toUnsignedLong(r.getPriority()));
                ps.setInt(3, r.getParentId());
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
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return row(rs);
                }
            }
        }
    }

    List<Department> list(boolean includeDeleted) throws SQLException {
        String sql = "SELECT " + COLUMNS + " FROM IMDepart" + (includeDeleted ? "" : " WHERE status=0") + " ORDER BY id";
        List<Department> out = new ArrayList<>();
        try (Connection c = ctx.storage().connection(); PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(row(rs));
            }
        }
        return out;
    }

    static boolean exists(Connection c, int departmentId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM IMDepart WHERE id=? AND status=0")) {
            ps.setInt(1, departmentId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static Department row(ResultSet rs) throws SQLException {
        return Department.newBuilder()
                .setId(rs.getInt(1))
                .setName(rs.getString(2) == null ? "" : rs.getString(2))
                .setPriority((int) rs.getLong(3))
                .setParentId(rs.getInt(4))
                .setStatus(rs.getInt(5))
                .setCreated((int) rs.getLong(6))
                .setUpdated((int) rs.getLong(7))
                .build();
    }
}
