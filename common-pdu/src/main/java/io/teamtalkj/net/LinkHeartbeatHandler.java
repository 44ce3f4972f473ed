package io.teamtalkj.net;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Pdu;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a server-to-server link alive: sends a heartbeat when nothing was written for a while,
 * closes the link when nothing was read for the timeout, and swallows the peer's heartbeats.
 */
public final class LinkHeartbeatHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(LinkHeartbeatHandler.class);

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Pdu && ((Pdu) msg).commandId() == CommandId.CID_OTHER_HEARTBEAT) {
            return;
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            IdleState state = ((IdleStateEvent) evt).state();
            if (state == IdleState.WRITER_IDLE) {
                ctx.writeAndFlush(Pdu.heartbeat(), ctx.voidPromise());
            } else if (state == IdleState.READER_IDLE) {
                log.warn("closing link {}: nothing received within the timeout", ctx.channel().remoteAddress());
                ctx.close();
            }
            return;
        }
        super.userEventTriggered(ctx, evt);
    }
}
