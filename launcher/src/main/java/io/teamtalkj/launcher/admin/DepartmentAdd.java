package io.teamtalkj.launcher.admin;

import io.teamtalkj.control.admin.AddDepartmentRequest;
import io.teamtalkj.control.admin.Department;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "add", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Add a department. Prints the new department's id.")
final class DepartmentAdd extends AdminSubcommand {
    @Option(names = "--name", required = true, paramLabel = "NAME", order = 1,
            description = "1-64 characters, unique among the departments under the same parent.")
    String name;

    @Option(names = "--parent", paramLabel = "ID", order = 2, description = "Parent department (default: none, top level).")
    long parent;

    @Option(names = "--priority", paramLabel = "N", order = 3, description = "Sort priority clients use (default: 0).")
    long priority;

    @Override
    void validate() {
        if (parent < 0 || parent > 0xFFFF_FFFFL) {
            throw AdminFailure.usage("--parent must be a department id");
        }
        if (priority < 0 || priority > 0xFFFF_FFFFL) {
            throw AdminFailure.usage("--priority must be from 0 to 4294967295");
        }
    }

    @Override
    void run(AdminClient client) {
        Department d = client.call().addDepartment(AddDepartmentRequest.newBuilder()
                .setName(name).setParentId((int) parent).setPriority((int) priority).build());
        if (json()) {
            json(d);
        } else {
            out().println(Integer.toUnsignedString(d.getId()));
        }
    }
}
