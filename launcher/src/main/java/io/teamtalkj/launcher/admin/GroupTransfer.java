package io.teamtalkj.launcher.admin;

import com.google.protobuf.Message;
import io.teamtalkj.pdu.GroupExtCommandId;
import io.teamtalkj.pdu.groupext.GroupMembersReq;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "transfer", mixinStandardHelpOptions = true, description = "Make a member the group's owner.")
final class GroupTransfer extends GroupGovern {
    @Option(names = "--to", required = true, paramLabel = "USER", description = "The new owner (login name or id).")
    String to;

    @Override
    int commandId() {
        return GroupExtCommandId.TRANSFER_OWNER_REQ;
    }

    @Override
    Message body(Directory directory, int groupId) {
        return GroupMembersReq.newBuilder().setUserId(0).setGroupId(groupId).addAllTargetIds(users(directory, List.of(to)))
                .build();
    }
}
