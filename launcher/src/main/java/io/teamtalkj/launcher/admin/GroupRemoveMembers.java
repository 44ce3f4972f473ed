package io.teamtalkj.launcher.admin;

import io.teamtalkj.control.admin.GroupMembersRequest;
import io.teamtalkj.control.admin.GroupMembersResponse;
import picocli.CommandLine.Command;

@Command(name = "remove-members", mixinStandardHelpOptions = true,
        description = "Remove users from a group (disabled users too).")
final class GroupRemoveMembers extends GroupMemberChange {
    @Override
    GroupMembersResponse change(AdminClient client, GroupMembersRequest request) {
        return client.call().removeGroupMembers(request);
    }
}
