package io.teamtalkj.launcher.admin;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.teamtalkj.control.admin.GovernGroupRequest;
import io.teamtalkj.pdu.GroupExtCommandId;
import io.teamtalkj.pdu.TeamTalkText;
import io.teamtalkj.pdu.group.GroupNotice;
import io.teamtalkj.pdu.groupext.GroupExtResult;
import io.teamtalkj.pdu.groupext.GroupExtRsp;
import java.util.List;
import picocli.CommandLine.Parameters;

/**
 * The operator forms of group governance (issue 18): one GovernGroup call with a group_ext
 * request as the operator (user_id 0), the same rules and notices as the clients' commands.
 * A refusal is exit code 1 with the dbproxy's reason.
 */
abstract class GroupGovern extends AdminSubcommand {
    @Parameters(index = "0", paramLabel = "GROUP", description = "The group's id, or its name if no other group has it.")
    String group;

    abstract int commandId();

    /** The request body for the group (user_id 0). */
    abstract Message body(Directory directory, int groupId);

    @Override
    void run(AdminClient client) throws InvalidProtocolBufferException {
        Directory directory = new Directory(client);
        int gid = Members.groupId(client, group);
        byte[] answer = client.call().governGroup(GovernGroupRequest.newBuilder().setCommandId(commandId())
                .setBody(body(directory, gid).toByteString()).build()).getBody().toByteArray();
        GroupExtRsp rsp = GroupExtRsp.parseFrom(answer);
        if (rsp.getResult() != GroupExtResult.GROUP_OK) {
            throw AdminFailure.refused(rsp.getReason() + " (" + rsp.getResult() + ")");
        }
        if (json()) {
            json(rsp);
            return;
        }
        print(directory, rsp);
    }

    /** The default report: what changed and the notice the members got. */
    void print(Directory directory, GroupExtRsp rsp) {
        String name = GroupExtCommandId.requests().get(commandId());
        out().println("group " + Integer.toUnsignedString(rsp.getGroupId()) + ": " + name + " done"
                + (rsp.getChangedIdsCount() > 0 ? " for " + Members.names(directory, rsp.getChangedIdsList()) : ""));
        if (rsp.hasNotice()) {
            String text = TeamTalkText.decode(rsp.getNotice().getMsgData());
            GroupNotice.parse(text).ifPresent(n -> out().println("notice: " + n.text()));
        }
    }

    static List<Integer> users(Directory directory, List<String> names) {
        if (names == null || names.stream().allMatch(String::isBlank)) {
            throw AdminFailure.usage("--members is empty");
        }
        return Members.ids(directory, names);
    }
}
