package io.teamtalkj.net.ws;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.teamtalkj.pdu.Pdu;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns each binary WebSocket message into exactly one {@link Pdu}: the message holds the same
 * 16-byte header and body as a TCP frame, and its length field must equal the message size. A
 * message that is not one whole PDU, or a text message, closes the connection (status 1002 or
 * 1003) with the peer logged, as a bad TCP frame does. Pings, pongs and closes are answered by
 * Netty's protocol handler in front of this one; fragments are joined by its aggregator.
 */
@ChannelHandler.Sharable
public final class WebSocketPduDecoder extends MessageToMessageDecoder<WebSocketFrame> {
    private static final Logger log = LoggerFactory.getLogger(WebSocketPduDecoder.class);
    public static final WebSocketPduDecoder INSTANCE = new WebSocketPduDecoder();

    private WebSocketPduDecoder() {
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, WebSocketFrame frame, List<Object> out) {
        if (!(frame instanceof BinaryWebSocketFrame)) {
            close(ctx, WebSocketCloseStatus.INVALID_MESSAGE_TYPE, frame.getClass().getSimpleName()
                    + " (only binary messages carry PDUs)");
            return;
        }
        ByteBuf in = frame.content();
        int size = in.readableBytes();
        long length = size >= 4 ? in.getUnsignedInt(in.readerIndex()) : -1;
        if (size < Pdu.HEADER_LENGTH || length != size) {
            close(ctx, WebSocketCloseStatus.PROTOCOL_ERROR, "message of " + size + " bytes with PDU length " + length
                    + " (one message must hold exactly one PDU)");
            return;
        }
        int start = in.readerIndex();
        byte[] body = new byte[size - Pdu.HEADER_LENGTH];
        in.getBytes(start + Pdu.HEADER_LENGTH, body);
        out.add(new Pdu(in.getUnsignedShort(start + 4), in.getUnsignedShort(start + 6), in.getUnsignedShort(start + 8),
                in.getUnsignedShort(start + 10), in.getUnsignedShort(start + 12), in.getUnsignedShort(start + 14), body));
    }

    /** A fragmented message above the limit (the aggregator's) closes with 1009, as a single oversized frame does. */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
        if (cause instanceof TooLongFrameException) {
            close(ctx, WebSocketCloseStatus.MESSAGE_TOO_BIG, cause.getMessage());
            return;
        }
        super.exceptionCaught(ctx, cause);
    }

    static void close(ChannelHandlerContext ctx, WebSocketCloseStatus status, String why) {
        log.warn("closing WebSocket {}: {} ({})", ctx.channel().remoteAddress(), why, status.code());
        if (ctx.channel().isActive()) {
            ctx.writeAndFlush(new CloseWebSocketFrame(status)).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
