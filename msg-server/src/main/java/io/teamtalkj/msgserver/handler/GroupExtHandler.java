package io.teamtalkj.msgserver.handler;

import com.google.protobuf.Message;
import com.mogujie.tt.protobuf.IMBaseDefine.GroupModifyType;
import com.mogujie.tt.protobuf.IMGroup.IMGroupChangeMemberNotify;
import com.mogujie.tt.protobuf.IMMessage.IMMsgData;
import io.netty.channel.ChannelHandlerContext;
import io.teamtalkj.msgserver.MsgServerContext;
import io.teamtalkj.msgserver.delivery.Deliverer;
import io.teamtalkj.msgserver.session.ClientSession;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Conversations;
import io.teamtalkj.pdu.Pdu;
import io.teamtalkj.pdu.PduHandler;
import io.teamtalkj.pdu.GroupExtCommandId;
import io.teamtalkj.pdu.groupext.GroupExtResult;
import io.teamtalkj.pdu.groupext.GroupJoinRequestNotify;
import io.teamtalkj.pdu.groupext.GroupExtRsp;
import java.util.LinkedHashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A group governance command (issue 18, 0x0420..0x044f): the dbproxy checks the rules, changes the
 * group and stores its notice; this forwards the request as the session's user and, once the
 * change committed, pushes what follows from it through the {@link Deliverer} (here and, via the
 * route-server, on other msg-servers):
 * <ul>
 *   <li>the system notice, as a group message, to the members and to those the change removed
 *       (the operator's connections included, so every device shows it);</li>
 *   <li>a join request waiting for approval: GroupJoinRequestNotify (0x0440) to the owner and admins;</li>
 *   <li>for membership changes, TeamTalk's CID_GROUP_CHANGE_MEMBER_NOTIFY (0x040b) to the members
 *       and the changed users except the requesting connection, so TeamTalk clients follow.</li>
 * </ul>
 */
final class GroupExtHandler<M extends Message> implements PduHandler<M> {
    private static final Logger log = LoggerFactory.getLogger(GroupExtHandler.class);

    /** The request as the session's user (user_id is field 1 of every governance request). */
    @FunctionalInterface
    interface AsUser<M> {
        M withUserId(M request, int userId);
    }

    /** The group id of a request (field 2 of every governance request). */
    @FunctionalInterface
    interface GroupOf<M> {
        int groupId(M request);
    }

    private final MsgServerContext ctx;
    private final AsUser<M> asUser;
    private final GroupOf<M> groupOf;

    GroupExtHandler(MsgServerContext ctx, AsUser<M> asUser, GroupOf<M> groupOf) {
        this.ctx = ctx;
        this.asUser = asUser;
        this.groupOf = groupOf;
    }

    @Override
    public void handle(ChannelHandlerContext channel, Pdu pdu, M request) {
        ClientSession session = ClientSession.of(channel.channel());
        M mine = asUser.withUserId(request, session.userId());
        ClientReplies.forward(ctx, session, pdu, mine, Conversations.group(groupOf.groupId(request)), reply -> {
            GroupExtRsp rsp;
            try {
                rsp = reply.parse(GroupExtRsp.parser());
            } catch (Exception e) {
                log.warn("unreadable group governance reply for {}: {}", session, e.toString());
                return;
            }
            if (rsp.getResult() == GroupExtResult.GROUP_OK) {
                pushFollowUps(ctx.deliverer(), rsp, session);
            }
        });
    }

    /** The notice and the 0x040b notify of a committed change. */
    static void pushFollowUps(Deliverer deliverer, GroupExtRsp rsp, ClientSession requester) {
        if (rsp.hasNotice()) {
            IMMsgData notice = rsp.getNotice().toBuilder().clearTtGroupMemberIds().addAllTtGroupMemberIds(rsp.getNoticeToList())
                    .build();
            deliverer.deliverMessage(notice, true, null, System.nanoTime());
        }
        if (rsp.getManagersCount() > 0) {
            GroupJoinRequestNotify ask = GroupJoinRequestNotify.newBuilder().setGroupId(rsp.getGroupId())
                    .setUserId(rsp.getUserId()).setMessage(rsp.getJoinMessage()).build();
            deliverer.deliver(GroupExtCommandId.JOIN_REQUEST_NOTIFY, ask, rsp.getManagersList(), null, Deliverer.ALL_CLASSES);
        }
        if (rsp.getMemberChangeType() != 0 && rsp.getChangedIdsCount() > 0) {
            GroupModifyType type = rsp.getMemberChangeType() == 1 ? GroupModifyType.GROUP_MODIFY_TYPE_ADD
                    : GroupModifyType.GROUP_MODIFY_TYPE_DEL;
            IMGroupChangeMemberNotify notify = IMGroupChangeMemberNotify.newBuilder().setUserId(rsp.getUserId())
                    .setChangeType(type).setGroupId(rsp.getGroupId()).addAllCurUserIdList(rsp.getCurMemberIdsList())
                    .addAllChgUserIdList(rsp.getChangedIdsList()).build();
            Set<Integer> affected = new LinkedHashSet<>(rsp.getCurMemberIdsList());
            affected.addAll(rsp.getChangedIdsList());
            deliverer.deliver(CommandId.CID_GROUP_CHANGE_MEMBER_NOTIFY, notify, affected, requester, Deliverer.ALL_CLASSES);
        }
    }
}
