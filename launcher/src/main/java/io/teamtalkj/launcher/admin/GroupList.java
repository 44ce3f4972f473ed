package io.teamtalkj.launcher.admin;

import io.teamtalkj.control.admin.Group;
import io.teamtalkj.control.admin.GroupType;
import io.teamtalkj.control.admin.ListGroupsRequest;
import io.teamtalkj.control.admin.ListGroupsResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "list", mixinStandardHelpOptions = true, sortOptions = false,
        description = "List groups with their members, ordered by id.")
final class GroupList extends AdminSubcommand {
    @Option(names = "--user", paramLabel = "USER", order = 1, description = "Only groups this user (name or id) is a member of.")
    String user;

    @Option(names = "--all", order = 2, description = "Include deleted groups.")
    boolean all;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "100", order = 3,
            description = "At most this many groups, up to " + Directory.PAGE + " (default: ${DEFAULT-VALUE}).")
    int limit;

    @Override
    void validate() {
        if (limit < 1 || limit > Directory.PAGE) {
            throw AdminFailure.usage("--limit must be from 1 to " + Directory.PAGE);
        }
    }

    @Override
    void run(AdminClient client) {
        Directory directory = new Directory(client);
        ListGroupsRequest.Builder req = ListGroupsRequest.newBuilder().setIncludeDeleted(all).setLimit(limit);
        if (user != null) {
            req.setMemberId(directory.user(user).getId());
        }
        ListGroupsResponse rsp = client.call().listGroups(req.build());
        if (json()) {
            json(rsp);
            return;
        }
        Table t = new Table("ID", "NAME", "TYPE", "CREATOR", "VERSION", "STATUS", "MEMBERS");
        for (Group g : rsp.getGroupsList()) {
            t.row(Integer.toUnsignedString(g.getId()), g.getName(), g.getType() == GroupType.TMP ? "tmp" : "normal",
                    g.getCreatorId() == 0 ? "-" : directory.name(g.getCreatorId()), Integer.toUnsignedString(g.getVersion()),
                    g.getStatus() == 0 ? "ok" : "deleted",
                    g.getMemberIdsCount() + ": " + Members.names(directory, g.getMemberIdsList()));
        }
        t.print(out());
    }
}
