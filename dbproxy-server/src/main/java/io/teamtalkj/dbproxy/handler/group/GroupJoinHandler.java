package io.teamtalkj.dbproxy.handler.group;

import com.google.protobuf.Parser;
import io.teamtalkj.dbproxy.group.GroupGovernance.Tx;
import io.teamtalkj.dbproxy.group.GroupGovernanceStore;
import io.teamtalkj.dbproxy.group.GroupRefused;
import io.teamtalkj.dbproxy.group.GroupRules;
import io.teamtalkj.dbproxy.storage.GroupRepository;
import io.teamtalkj.pdu.GroupExtCommandId;
import io.teamtalkj.pdu.groupext.GroupExtResult;
import io.teamtalkj.pdu.groupext.GroupJoinReq;
import io.teamtalkj.pdu.groupext.JoinMode;
import io.teamtalkj.pdu.groupext.NoticeAction;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Join request (0x0434, non-members): joins at once in an open group (member limit), otherwise
 * waits for an owner or admin ({@link GroupJoinDecisionHandler}); the answer's reason says which.
 */
public final class GroupJoinHandler extends GroupExtHandler<GroupJoinReq> {
    public static final int MAX_MESSAGE_CHARS = 256;

    public GroupJoinHandler() {
        super(GroupExtCommandId.JOIN_REQ);
    }

    @Override
    public Parser<GroupJoinReq> parser() {
        return GroupJoinReq.parser();
    }

    @Override
    int operator(GroupJoinReq request) {
        return request.getUserId();
    }

    @Override
    int groupId(GroupJoinReq request) {
        return request.getGroupId();
    }

    @Override
    void apply(GroupJoinReq request, Tx tx, GroupRules rules) throws SQLException, GroupRefused {
        rules.join(tx.state, tx.operator);
        List<Integer> me = List.of(tx.operator);
        if (tx.state.settings().joinMode() == JoinMode.JOIN_OPEN) {
            rules.memberLimit(tx.state, 1);
            GroupRepository.joinMembers(tx.c, tx.groupId(), me, tx.now);
            GroupRepository.openSessions(tx.c, tx.groupId(), me, tx.now);
            tx.joined(me);
            tx.notice(NoticeAction.NOTICE_JOIN, me, "", 0, "");
            return;
        }
        String message = request.getMessage();
        if (message.codePointCount(0, message.length()) > MAX_MESSAGE_CHARS) {
            throw new GroupRefused(GroupExtResult.GROUP_INVALID, "a join message has at most " + MAX_MESSAGE_CHARS + " characters");
        }
        GroupGovernanceStore.requestJoin(tx.c, tx.groupId(), tx.operator, message, tx.now);
        tx.response().setReason("waiting for approval by the owner or an admin").setJoinMessage(message)
                .addAllManagers(managers(tx));
    }

    /** The owner and the admins: they are told of a waiting request. */
    private static List<Integer> managers(Tx tx) {
        List<Integer> out = new ArrayList<>();
        for (int member : tx.state.members().keySet()) {
            if (tx.state.rank(member) >= io.teamtalkj.pdu.groupext.GroupRole.ROLE_ADMIN_VALUE) {
                out.add(member);
            }
        }
        return out;
    }
}
