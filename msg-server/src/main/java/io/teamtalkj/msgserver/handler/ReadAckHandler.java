package io.teamtalkj.msgserver.handler;

import com.mogujie.tt.protobuf.IMBaseDefine.SessionType;
import com.mogujie.tt.protobuf.IMMessage.IMMsgDataReadAck;
import com.mogujie.tt.protobuf.IMMessage.IMMsgDataReadNotify;
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
 * CID_MSG_READ_ACK (0x0303): the dbproxy clears the unread count (no reply, as in TeamTalk) and
 * the reader's other devices get CID_MSG_READ_NOTIFY (0x0304) so they clear theirs too. This is
 * multi-device sync, not a read receipt to the peer.
 */
final class ReadAckHandler implements PduHandler<IMMsgDataReadAck> {
    private static final Logger log = LoggerFactory.getLogger(ReadAckHandler.class);

    private final MsgServerContext ctx;

    ReadAckHandler(MsgServerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void handle(ChannelHandlerContext channel, Pdu pdu, IMMsgDataReadAck ack) {
        ClientSession session = ClientSession.of(channel.channel());
        int userId = session.userId();
        IMMsgDataReadAck mine = ack.toBuilder().setUserId(userId).build();
        boolean group = ack.getSessionType() == SessionType.SESSION_TYPE_GROUP;
        long key = group ? Conversations.group(ack.getSessionId()) : Conversations.pair(userId, ack.getSessionId());
        if (!ctx.db().send(CommandId.CID_MSG_READ_ACK, mine.toByteArray(), key)) {
            ctx.stats().dbFailures.increment();
            log.warn("read ack of user {} for session {} not sent: no dbproxy link", userId, ack.getSessionId());
        }
        IMMsgDataReadNotify notify = IMMsgDataReadNotify.newBuilder()
                .setUserId(userId)
                .setSessionId(ack.getSessionId())
                .setMsgId(ack.getMsgId())
                .setSessionType(ack.getSessionType())
                .build();
        ctx.deliverer().deliver(CommandId.CID_MSG_READ_NOTIFY, notify, List.of(userId), session, Deliverer.ALL_CLASSES);
    }
}
