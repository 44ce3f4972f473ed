package io.teamtalkj.launcher.admin;

import io.teamtalkj.control.admin.ListUsersRequest;
import io.teamtalkj.control.admin.ListUsersResponse;
import io.teamtalkj.control.admin.User;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "list", mixinStandardHelpOptions = true, sortOptions = false,
        description = "List users, ordered by id (disabled ones only with --all).")
final class UserList extends AdminSubcommand {
    @Option(names = "--department", paramLabel = "NAME|ID", order = 1, description = "Only users of this department.")
    String department;

    @Option(names = "--prefix", paramLabel = "TEXT", order = 2, description = "Only names starting with this.")
    String prefix;

    @Option(names = "--all", order = 3, description = "Include disabled users.")
    boolean all;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "100", order = 4,
            description = "At most this many users, up to " + Directory.PAGE + " (default: ${DEFAULT-VALUE}).")
    int limit;

    @Override
    void validate() {
        if (limit < 1 || limit > Directory.PAGE) {
            throw AdminFailure.usage("--limit must be from 1 to " + Directory.PAGE);
        }
    }

    @Override
    void run(AdminClient client) {
        ListUsersRequest.Builder req = ListUsersRequest.newBuilder()
                .setIncludeDisabled(all)
                // the department is filtered here (DbAdmin cannot), so ask for a full page then
                .setLimit(department == null ? limit : Directory.PAGE);
        if (prefix != null) {
            req.setNamePrefix(prefix);
        }
        Departments departments = Departments.load(client);
        Integer only = department == null ? null : departments.resolve(department);
        List<User> users = client.call().listUsers(req.build()).getUsersList().stream()
                .filter(u -> only == null || u.getDepartmentId() == only)
                .limit(limit)
                .toList();
        if (json()) {
            json(ListUsersResponse.newBuilder().addAllUsers(users));
            return;
        }
        Table t = new Table("ID", "NAME", "NICK", "DEPARTMENT", "STATUS", "SEX", "PHONE", "EMAIL");
        for (User u : users) {
            t.row(Integer.toUnsignedString(u.getId()), u.getName(), u.getNick(),
                    departments.label(u.getDepartmentId()),
                    status(u.getStatus()), sex(u.getSex()), u.getPhone(), u.getEmail());
        }
        t.print(out());
    }

    static String status(int status) {
        return switch (status) {
            case 0 -> "active";
            case 3 -> "disabled";
            default -> "status " + status;
        };
    }

    static String sex(int sex) {
        return switch (sex) {
            case 1 -> "male";
            case 2 -> "female";
            default -> "-";
        };
    }
}
