package io.teamtalkj.login;

import com.mogujie.tt.protobuf.IMServer.IMUserCntUpdate;
import io.netty.channel.ChannelHandlerContext;
import io.teamtalkj.pdu.Pdu;
import io.teamtalkj.pdu.PduHandler;

/** IMUserCntUpdate (0x070b): a user logged in (1) or out (2) on the msg-server of this link. */
final class UserCntUpdateHandler implements PduHandler<IMUserCntUpdate> {
    private final MsgServerRegistry registry;

    UserCntUpdateHandler(MsgServerRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void handle(ChannelHandlerContext ctx, Pdu pdu, IMUserCntUpdate update) {
        registry.userCountChanged(ctx.channel(), update.getUserAction());
    }
}
