package io.teamtalkj.launcher.admin;

import com.google.protobuf.Message;
import io.teamtalkj.pdu.GroupExtCommandId;
import io.teamtalkj.pdu.groupext.GroupMuteReq;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "mute", mixinStandardHelpOptions = true,
        description = "Mute members of a group for some minutes, or until unmuted.")
final class GroupMute extends GroupGovern {
    @Option(names = "--members", required = true, paramLabel = "USER", split = ",",
            description = "Users (login names or ids), comma-separated.")
    List<String> members;

    @Option(names = "--minutes", paramLabel = "N", defaultValue = "0",
            description = "How long; 0 = until unmuted (default: ${DEFAULT-VALUE}).")
    long minutes;

    @Option(names = "--reason", paramLabel = "TEXT", defaultValue = "", description = "Shown in the notice.")
    String reason;

    @Override
    void validate() {
        if (minutes < 0) {
            throw AdminFailure.usage("--minutes must not be negative");
        }
    }

    @Override
    int commandId() {
        return GroupExtCommandId.MUTE_REQ;
    }

    @Override
    Message body(Directory directory, int groupId) {
        long until = minutes == 0 ? 0 : System.currentTimeMillis() / 1000 + minutes * 60;
        return GroupMuteReq.newBuilder().setUserId(0).setGroupId(groupId).addAllTargetIds(users(directory, members))
                .setUntilTime((int) until).setReason(reason).build();
    }
}
