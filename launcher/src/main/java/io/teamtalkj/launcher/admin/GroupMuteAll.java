package io.teamtalkj.launcher.admin;

import com.google.protobuf.Message;
import io.teamtalkj.pdu.GroupExtCommandId;
import io.teamtalkj.pdu.groupext.GroupSettingsReq;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "mute-all", mixinStandardHelpOptions = true,
        description = "on: only the group's owner and admins may talk; off: everyone again.")
final class GroupMuteAll extends GroupGovern {
    @Parameters(index = "1", paramLabel = "on|off")
    String state;

    @Override
    void validate() {
        if (!state.equals("on") && !state.equals("off")) {
            throw AdminFailure.usage("say on or off (got " + state + ")");
        }
    }

    @Override
    int commandId() {
        return GroupExtCommandId.MUTE_ALL_REQ;
    }

    @Override
    Message body(Directory directory, int groupId) {
        return GroupSettingsReq.newBuilder().setUserId(0).setGroupId(groupId).setMuteAll(state.equals("on")).build();
    }
}
