package io.teamtalkj.net;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * A server end of a request/reply link (dbproxy, route-server) reads the link only while it can
 * write the replies: a peer that sends requests but does not read the answers is paced by TCP
 * instead of filling this process' memory with answers (issue 21). Per link, so one slow peer
 * holds up only itself; safe because the peers (msg-servers) always read their links.
 */
@ChannelHandler.Sharable
public final class ReadWhileWritable extends ChannelInboundHandlerAdapter {
    public static final ReadWhileWritable INSTANCE = new ReadWhileWritable();

    private ReadWhileWritable() {
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        ctx.channel().config().setAutoRead(ctx.channel().isWritable());
        super.channelWritabilityChanged(ctx);
    }
}
