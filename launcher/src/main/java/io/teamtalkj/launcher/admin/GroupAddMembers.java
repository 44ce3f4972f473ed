package io.teamtalkj.launcher.admin;

import io.teamtalkj.control.admin.GroupMembersRequest;
import io.teamtalkj.control.admin.GroupMembersResponse;
import picocli.CommandLine.Command;

@Command(name = "add-members", mixinStandardHelpOptions = true,
        description = "Add users to a group (members already in it are left as they are).")
final class GroupAddMembers extends GroupMemberChange {
    @Override
    GroupMembersResponse change(AdminClient client, GroupMembersRequest request) {
        return client.call().addGroupMembers(request);
    }
}
