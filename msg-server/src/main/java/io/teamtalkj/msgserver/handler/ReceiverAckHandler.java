package io.teamtalkj.msgserver.handler;

import com.mogujie.tt.protobuf.IMBaseDefine.SessionType;
import com.mogujie.tt.protobuf.IMMessage.IMMsgDataAck;
import io.netty.channel.ChannelHandlerContext;
import io.teamtalkj.msgserver.MsgServerContext;
import io.teamtalkj.msgserver.session.ClientSession;
import io.teamtalkj.msgserver.session.UnackedDeliveries;
import io.teamtalkj.pdu.Pdu;
import io.teamtalkj.pdu.PduHandler;

/**
 * CID_MSG_DATA_ACK (0x0302) from a receiving client: the delivery is no longer unacked. As in
 * TeamTalk this feeds statistics only; a missed message is repaired by the client's pull.
 */
final class ReceiverAckHandler implements PduHandler<IMMsgDataAck> {
    private final MsgServerContext ctx;

    ReceiverAckHandler(MsgServerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void handle(ChannelHandlerContext channel, Pdu pdu, IMMsgDataAck ack) {
        ctx.stats().receiverAcks.increment();
        boolean group = ack.getSessionType() == SessionType.SESSION_TYPE_GROUP;
        ClientSession.of(channel.channel()).unacked().acked(UnackedDeliveries.key(group, ack.getSessionId(), ack.getMsgId()));
    }
}
