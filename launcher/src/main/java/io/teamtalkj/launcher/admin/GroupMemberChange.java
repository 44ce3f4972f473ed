package io.teamtalkj.launcher.admin;

import io.teamtalkj.control.admin.GroupMembersRequest;
import io.teamtalkj.control.admin.GroupMembersResponse;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** group add-members / remove-members: resolve the group and the users, one call, show the result. */
abstract class GroupMemberChange extends AdminSubcommand {
    @Parameters(paramLabel = "GROUP", description = "The group's id, or its name if no other group has it.")
    String group;

    @Option(names = "--members", required = true, paramLabel = "USER", split = ",",
            description = "Users (login names or ids), comma-separated.")
    List<String> members;

    abstract GroupMembersResponse change(AdminClient client, GroupMembersRequest request);

    @Override
    void validate() {
        if (members.stream().allMatch(String::isBlank)) {
            throw AdminFailure.usage("--members is empty");
        }
    }

    @Override
    void run(AdminClient client) {
        Directory directory = new Directory(client);
        int gid = Members.groupId(client, group);
        GroupMembersResponse rsp = change(client, GroupMembersRequest.newBuilder()
                .setGroupId(gid).addAllUserIds(Members.ids(directory, members)).build());
        if (json()) {
            json(rsp);
        } else {
            out().println("group " + Integer.toUnsignedString(rsp.getGroupId()) + " (version "
                    + Integer.toUnsignedString(rsp.getVersion()) + "): " + rsp.getMemberIdsCount() + " members: "
                    + Members.names(directory, rsp.getMemberIdsList()));
        }
    }
}
