package io.teamtalkj.net;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Pdu;

/**
 * Echoes client heartbeats back unchanged (same seq), as TeamTalk's msg_server and file_server
 * do: Android waits 5 s for the echo and reconnects without it. Other frames pass through.
 */
@ChannelHandler.Sharable
public final class HeartbeatEchoHandler extends ChannelInboundHandlerAdapter {
    public static final HeartbeatEchoHandler INSTANCE = new HeartbeatEchoHandler();

    private HeartbeatEchoHandler() {
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Pdu && ((Pdu) msg).commandId() == CommandId.CID_OTHER_HEARTBEAT) {
            ctx.writeAndFlush(msg, ctx.voidPromise());
            return;
        }
        ctx.fireChannelRead(msg);
    }
}
