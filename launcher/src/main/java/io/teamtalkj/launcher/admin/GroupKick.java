package io.teamtalkj.launcher.admin;

import com.google.protobuf.Message;
import io.teamtalkj.pdu.GroupExtCommandId;
import io.teamtalkj.pdu.groupext.GroupMembersReq;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "kick", mixinStandardHelpOptions = true,
        description = "Remove members with a notice to the group (they keep the conversation).")
final class GroupKick extends GroupGovern {
    @Option(names = "--members", required = true, paramLabel = "USER", split = ",",
            description = "Users (login names or ids), comma-separated.")
    List<String> members;

    @Option(names = "--reason", paramLabel = "TEXT", defaultValue = "", description = "Shown in the notice.")
    String reason;

    @Override
    int commandId() {
        return GroupExtCommandId.KICK_REQ;
    }

    @Override
    Message body(Directory directory, int groupId) {
        return GroupMembersReq.newBuilder().setUserId(0).setGroupId(groupId).addAllTargetIds(users(directory, members))
                .setReason(reason).build();
    }
}
