package io.teamtalkj.dbproxy.admin;

import static io.teamtalkj.dbproxy.admin.AdminErrors.alreadyExists;
import static io.teamtalkj.dbproxy.admin.AdminErrors.invalid;

import io.teamtalkj.control.admin.AddDepartmentRequest;
import io.teamtalkj.control.admin.Department;
import io.teamtalkj.dbproxy.core.DbContext;
import io.teamtalkj.dbproxy.storage.Departments;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** IMDepart rows for operators; {@code updated} drives clients' IMDepartmentReq sync. */
final class AdminDepartments {
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
            if (r.getParentId() != 0 && !Departments.exists(c, r.getParentId())) {
                throw invalid("parent department " + Integer.toUnsignedString(r.getParentId()) + " does not exist");
            }
            long existing = Departments.activeIdByName(c, name, r.getParentId());
            if (existing != 0) {
                throw alreadyExists("department " + name + " already exists (id " + existing + ")");
            }
            return department(Departments.insert(c, name, r.getPriority(), r.getParentId(), now));
        }
    }

    List<Department> list(boolean includeDeleted) throws SQLException {
        List<Department> out = new ArrayList<>();
        try (Connection c = ctx.storage().connection()) {
            for (Departments.Row row : Departments.list(c, includeDeleted)) {
                out.add(department(row));
            }
        }
        return out;
    }

    private static Department department(Departments.Row row) {
        return Department.newBuilder()
                .setId(row.id())
                .setName(row.name())
                .setPriority(row.priority())
                .setParentId(row.parentId())
                .setStatus(row.status())
                .setCreated(row.created())
                .setUpdated(row.updated())
                .build();
    }
}
