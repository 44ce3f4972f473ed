package io.teamtalkj.net.ws;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the HTTP request that opens a WebSocket before Netty's handshake runs: a malformed
 * request gets 400, a path other than the WebSocket path 404, an Origin off the allow-list 403,
 * each logged with the peer and closed. The request that passes goes on to the handshake, after
 * which this handler leaves the pipeline (nothing else is HTTP on this connection).
 */
public final class WebSocketHandshakeGate extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(WebSocketHandshakeGate.class);

    private final WebSocketOptions options;

    public WebSocketHandshakeGate(WebSocketOptions options) {
        this.options = options;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest request)) {
            ctx.fireChannelRead(msg);
            return;
        }
        HttpResponseStatus refusal = null;
        String why = null;
        String origin = request.headers().get(HttpHeaderNames.ORIGIN);
        if (!request.decoderResult().isSuccess()) {
            refusal = HttpResponseStatus.BAD_REQUEST;
            why = "bad HTTP request: " + request.decoderResult().cause();
        } else if (!options.path().equals(request.uri())) {
            refusal = HttpResponseStatus.NOT_FOUND;
            why = "path " + request.uri() + " (WebSocket path is " + options.path() + ")";
        } else if (!options.originAllowed(origin)) {
            refusal = HttpResponseStatus.FORBIDDEN;
            why = "origin " + origin + " not allowed";
        }
        if (refusal == null) {
            ctx.pipeline().remove(this);
            ctx.fireChannelRead(msg);
            return;
        }
        ReferenceCountUtil.release(msg);
        log.info("refusing WebSocket handshake from {}: {}", ctx.channel().remoteAddress(), why);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, refusal,
                Unpooled.copiedBuffer(refusal + "\n", StandardCharsets.US_ASCII));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                .set(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes())
                .set(HttpHeaderNames.CONNECTION, "close");
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
}
