package io.teamtalkj.launcher.admin;

import io.teamtalkj.control.admin.Department;
import io.teamtalkj.control.admin.ListDepartmentsRequest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Department names for tables (people read names, not ids), and names or ids operators type. */
final class Departments {
    private final Map<Integer, Department> byId = new HashMap<>();

    private Departments(List<Department> departments) {
        departments.forEach(d -> byId.put(d.getId(), d));
    }

    /** Every department, deleted ones included (a user may still point at one). */
    static Departments load(AdminClient client) {
        return new Departments(client.call().listDepartments(ListDepartmentsRequest.newBuilder()
                .setIncludeDeleted(true).build()).getDepartmentsList());
    }

    static Departments of(List<Department> departments) {
        return new Departments(departments);
    }

    /** "-" for none, the name, or "#ID" for an id no department has. */
    String label(int id) {
        if (id == 0) {
            return "-";
        }
        Department d = byId.get(id);
        return d == null ? "#" + Integer.toUnsignedString(id) : d.getName();
    }

    /** The id of the live department named {@code nameOrId}, else of that id; refused when neither exists. */
    int resolve(String nameOrId) {
        String key = nameOrId.strip();
        for (Department d : byId.values()) {
            if (d.getStatus() == 0 && d.getName().equals(key)) {
                return d.getId();
            }
        }
        if (Directory.isNumber(key) && byId.containsKey((int) Long.parseLong(key))) {
            return (int) Long.parseLong(key);
        }
        throw AdminFailure.usage("no department named " + key);
    }
}
