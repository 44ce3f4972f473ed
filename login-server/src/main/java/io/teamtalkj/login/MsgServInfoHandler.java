package io.teamtalkj.login;

import com.mogujie.tt.protobuf.IMServer.IMMsgServInfo;
import io.netty.channel.ChannelHandlerContext;
import io.teamtalkj.pdu.Pdu;
import io.teamtalkj.pdu.PduHandler;
import java.util.Objects;

/** IMMsgServInfo (0x0709): a msg-server announces itself on link up; a later one replaces it. */
final class MsgServInfoHandler implements PduHandler<IMMsgServInfo> {
    private final MsgServerRegistry registry;

    MsgServInfoHandler(MsgServerRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void handle(ChannelHandlerContext ctx, Pdu pdu, IMMsgServInfo info) {
        registry.register(ctx.channel(), Objects.toString(ctx.channel().remoteAddress()), info);
    }
}
