package io.teamtalkj.launcher.admin;

import io.teamtalkj.control.admin.Department;
import io.teamtalkj.control.admin.ListDepartmentsRequest;
import io.teamtalkj.control.admin.ListDepartmentsResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "list", mixinStandardHelpOptions = true, description = "List departments, ordered by id.")
final class DepartmentList extends AdminSubcommand {
    @Option(names = "--all", description = "Include deleted departments.")
    boolean all;

    @Override
    void run(AdminClient client) {
        ListDepartmentsResponse rsp = client.call().listDepartments(ListDepartmentsRequest.newBuilder().setIncludeDeleted(all).build());
        if (json()) {
            json(rsp);
            return;
        }
        Departments names = Departments.of(rsp.getDepartmentsList());
        Table t = new Table("ID", "NAME", "PARENT", "PRIORITY", "STATUS");
        for (Department d : rsp.getDepartmentsList()) {
            t.row(Integer.toUnsignedString(d.getId()), d.getName(), names.label(d.getParentId()),
                    Integer.toUnsignedString(d.getPriority()), d.getStatus() == 0 ? "ok" : "deleted");
        }
        t.print(out());
    }
}
