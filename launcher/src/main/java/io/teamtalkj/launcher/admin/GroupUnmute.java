package io.teamtalkj.launcher.admin;

import com.google.protobuf.Message;
import io.teamtalkj.pdu.GroupExtCommandId;
import io.teamtalkj.pdu.groupext.GroupMembersReq;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "unmute", mixinStandardHelpOptions = true, description = "Lift members' mutes in a group.")
final class GroupUnmute extends GroupGovern {
    @Option(names = "--members", required = true, paramLabel = "USER", split = ",",
            description = "Users (login names or ids), comma-separated.")
    List<String> members;

    @Override
    int commandId() {
        return GroupExtCommandId.UNMUTE_REQ;
    }

    @Override
    Message body(Directory directory, int groupId) {
        return GroupMembersReq.newBuilder().setUserId(0).setGroupId(groupId).addAllTargetIds(users(directory, members)).build();
    }
}
