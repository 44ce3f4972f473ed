package io.teamtalkj.msgserver.handler;

import com.mogujie.tt.protobuf.IMGroup.IMGroupChangeMemberNotify;
import com.mogujie.tt.protobuf.IMGroup.IMGroupChangeMemberReq;
import com.mogujie.tt.protobuf.IMGroup.IMGroupChangeMemberRsp;
import io.netty.channel.ChannelHandlerContext;
import io.teamtalkj.msgserver.MsgServerContext;
import io.teamtalkj.pdu.Conversations;
import io.teamtalkj.msgserver.delivery.Deliverer;
import io.teamtalkj.msgserver.session.ClientSession;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Pdu;
import io.teamtalkj.pdu.PduHandler;
import java.util.LinkedHashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CID_GROUP_CHANGE_MEMBER_REQUEST (0x0407): the dbproxy checks the permission and changes the
 * members; on success everyone affected, the current members and the added or removed users, gets
 * CID_GROUP_CHANGE_MEMBER_NOTIFY (0x040b) on all their connections except the requester's.
 */
final class GroupChangeMemberHandler implements PduHandler<IMGroupChangeMemberReq> {
    private static final Logger log = LoggerFactory.getLogger(GroupChangeMemberHandler.class);

    private final MsgServerContext ctx;

    GroupChangeMemberHandler(MsgServerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void handle(ChannelHandlerContext channel, Pdu pdu, IMGroupChangeMemberReq req) {
        ClientSession session = ClientSession.of(channel.channel());
        IMGroupChangeMemberReq mine = req.toBuilder().setUserId(session.userId()).build();
        ClientReplies.forward(ctx, session, pdu, mine, Conversations.group(req.getGroupId()), reply -> {
            IMGroupChangeMemberRsp rsp;
            try {
                rsp = reply.parse(IMGroupChangeMemberRsp.parser());
            } catch (Exception e) {
                log.warn("unreadable change-member reply: {}", e.toString());
                return;
            }
            if (rsp.getResultCode() != 0 || rsp.getChgUserIdListCount() == 0) {
                return;
            }
            IMGroupChangeMemberNotify notify = IMGroupChangeMemberNotify.newBuilder()
                    .setUserId(session.userId())
                    .setChangeType(rsp.getChangeType())
                    .setGroupId(rsp.getGroupId())
                    .addAllCurUserIdList(rsp.getCurUserIdListList())
                    .addAllChgUserIdList(rsp.getChgUserIdListList())
                    .build();
            Set<Integer> affected = new LinkedHashSet<>(rsp.getCurUserIdListList());
            affected.addAll(rsp.getChgUserIdListList());
            ctx.deliverer().deliver(CommandId.CID_GROUP_CHANGE_MEMBER_NOTIFY, notify, affected, session,
                    Deliverer.ALL_CLASSES);
        });
    }
}
