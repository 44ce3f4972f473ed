package io.teamtalkj.msgserver.handler;

import com.mogujie.tt.protobuf.IMSwitchService.IMP2PCmdMsg;
import io.netty.channel.ChannelHandlerContext;
import io.teamtalkj.msgserver.MsgServerContext;
import io.teamtalkj.msgserver.delivery.Deliverer;
import io.teamtalkj.msgserver.session.ClientSession;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Pdu;
import io.teamtalkj.pdu.PduHandler;
import java.util.List;

/**
 * CID_SWITCH_P2P_CMD (0x0601): an opaque client-to-client command (typing, shake ...), not stored.
 * The sender is the session's user (TeamTalk trusted from_user_id, so anyone could spoof it).
 */
final class P2PCmdHandler implements PduHandler<IMP2PCmdMsg> {
    private final MsgServerContext ctx;

    P2PCmdHandler(MsgServerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void handle(ChannelHandlerContext channel, Pdu pdu, IMP2PCmdMsg msg) {
        ClientSession session = ClientSession.of(channel.channel());
        IMP2PCmdMsg mine = msg.toBuilder().setFromUserId(session.userId()).build();
        List<Integer> to = mine.getToUserId() == session.userId() ? List.of(session.userId())
                : List.of(mine.getToUserId(), session.userId());
        ctx.deliverer().deliver(CommandId.CID_SWITCH_P2P_CMD, mine, to, session, Deliverer.ALL_CLASSES);
    }
}
