package io.teamtalkj.msgserver.handler;

import com.mogujie.tt.protobuf.IMBuddy.IMChangeSignInfoReq;
import com.mogujie.tt.protobuf.IMBuddy.IMChangeSignInfoRsp;
import com.mogujie.tt.protobuf.IMBuddy.IMSignInfoChangedNotify;
import io.netty.channel.ChannelHandlerContext;
import io.teamtalkj.msgserver.MsgServerContext;
import io.teamtalkj.pdu.Conversations;
import io.teamtalkj.msgserver.session.ClientSession;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Pdu;
import io.teamtalkj.pdu.PduHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CID_BUDDY_LIST_CHANGE_SIGN_INFO_REQUEST (0x0213): stored by the dbproxy; on success everyone
 * connected learns the new signature (0x0215), as in TeamTalk, whose clients show it in the company
 * directory: every local connection but the requester's, and every other msg-server by broadcast.
 */
final class ChangeSignInfoHandler implements PduHandler<IMChangeSignInfoReq> {
    private static final Logger log = LoggerFactory.getLogger(ChangeSignInfoHandler.class);

    private final MsgServerContext ctx;

    ChangeSignInfoHandler(MsgServerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void handle(ChannelHandlerContext channel, Pdu pdu, IMChangeSignInfoReq req) {
        ClientSession session = ClientSession.of(channel.channel());
        IMChangeSignInfoReq mine = req.toBuilder().setUserId(session.userId()).build();
        ClientReplies.forward(ctx, session, pdu, mine, Conversations.user(session.userId()), reply -> {
            IMChangeSignInfoRsp rsp;
            try {
                rsp = reply.parse(IMChangeSignInfoRsp.parser());
            } catch (Exception e) {
                log.warn("unreadable sign-info reply: {}", e.toString());
                return;
            }
            if (rsp.getResultCode() != 0) {
                return;
            }
            IMSignInfoChangedNotify notify = IMSignInfoChangedNotify.newBuilder().setChangedUserId(session.userId())
                    .setSignInfo(mine.getSignInfo()).build();
            ctx.deliverer().broadcast(CommandId.CID_BUDDY_LIST_SIGN_INFO_CHANGED_NOTIFY, notify, session);
        });
    }
}
