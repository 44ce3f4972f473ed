package io.teamtalkj.launcher.admin;

import com.google.protobuf.Message;
import io.teamtalkj.pdu.GroupExtCommandId;
import io.teamtalkj.pdu.groupext.GroupMembersReq;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "admins", mixinStandardHelpOptions = true,
        description = "Appoint admins of a group (--add) or remove them (--remove); the admin limit applies.")
final class GroupSetAdmins extends GroupGovern {
    @Option(names = "--add", paramLabel = "USER", split = ",", description = "Users to appoint, comma-separated.")
    List<String> add;

    @Option(names = "--remove", paramLabel = "USER", split = ",", description = "Admins to remove, comma-separated.")
    List<String> remove;

    @Override
    void validate() {
        if ((add == null) == (remove == null)) {
            throw AdminFailure.usage("give exactly one of --add and --remove");
        }
    }

    @Override
    int commandId() {
        return GroupExtCommandId.SET_ADMIN_REQ;
    }

    @Override
    Message body(Directory directory, int groupId) {
        return GroupMembersReq.newBuilder().setUserId(0).setGroupId(groupId)
                .addAllTargetIds(users(directory, add != null ? add : remove)).setAdmin(add != null).build();
    }
}
