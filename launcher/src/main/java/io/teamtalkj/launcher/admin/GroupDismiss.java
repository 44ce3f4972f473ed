package io.teamtalkj.launcher.admin;

import com.google.protobuf.Message;
import io.teamtalkj.pdu.GroupExtCommandId;
import io.teamtalkj.pdu.groupext.GroupMembersReq;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "dismiss", mixinStandardHelpOptions = true,
        description = "Dismiss a group: a last notice, then no messages; members keep the history.")
final class GroupDismiss extends GroupGovern {
    @Option(names = "--reason", paramLabel = "TEXT", defaultValue = "", description = "Shown in the notice.")
    String reason;

    @Override
    int commandId() {
        return GroupExtCommandId.DISMISS_REQ;
    }

    @Override
    Message body(Directory directory, int groupId) {
        return GroupMembersReq.newBuilder().setUserId(0).setGroupId(groupId).setReason(reason).build();
    }
}
