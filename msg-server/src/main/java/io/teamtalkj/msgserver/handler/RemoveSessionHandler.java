package io.teamtalkj.msgserver.handler;

import com.mogujie.tt.protobuf.IMBuddy.IMRemoveSessionNotify;
import com.mogujie.tt.protobuf.IMBuddy.IMRemoveSessionReq;
import com.mogujie.tt.protobuf.IMBuddy.IMRemoveSessionRsp;
import io.netty.channel.ChannelHandlerContext;
import io.teamtalkj.msgserver.MsgServerContext;
import io.teamtalkj.pdu.Conversations;
import io.teamtalkj.msgserver.delivery.Deliverer;
import io.teamtalkj.msgserver.session.ClientSession;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Pdu;
import io.teamtalkj.pdu.PduHandler;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CID_BUDDY_LIST_REMOVE_SESSION_REQ (0x0206): removed by the dbproxy; on success the user's other
 * devices get CID_BUDDY_LIST_REMOVE_SESSION_NOTIFY (0x020f) so their session lists agree.
 */
final class RemoveSessionHandler implements PduHandler<IMRemoveSessionReq> {
    private static final Logger log = LoggerFactory.getLogger(RemoveSessionHandler.class);

    private final MsgServerContext ctx;

    RemoveSessionHandler(MsgServerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void handle(ChannelHandlerContext channel, Pdu pdu, IMRemoveSessionReq req) {
        ClientSession session = ClientSession.of(channel.channel());
        IMRemoveSessionReq mine = req.toBuilder().setUserId(session.userId()).build();
        ClientReplies.forward(ctx, session, pdu, mine, Conversations.user(session.userId()), reply -> {
            IMRemoveSessionRsp rsp;
            try {
                rsp = reply.parse(IMRemoveSessionRsp.parser());
            } catch (Exception e) {
                log.warn("unreadable remove-session reply: {}", e.toString());
                return;
            }
            if (rsp.getResultCode() != 0) {
                return;
            }
            IMRemoveSessionNotify notify = IMRemoveSessionNotify.newBuilder().setUserId(session.userId())
                    .setSessionType(mine.getSessionType()).setSessionId(mine.getSessionId()).build();
            ctx.deliverer().deliver(CommandId.CID_BUDDY_LIST_REMOVE_SESSION_NOTIFY, notify, List.of(session.userId()),
                    session, Deliverer.ALL_CLASSES);
        });
    }
}
