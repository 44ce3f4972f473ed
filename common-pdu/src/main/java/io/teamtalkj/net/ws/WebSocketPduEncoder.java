package io.teamtalkj.net.ws;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.teamtalkj.pdu.Pdu;
import io.teamtalkj.pdu.PduEncoder;
import java.util.List;

/**
 * Wraps each outbound {@link Pdu}, or a frame already encoded for many connections (a
 * {@link ByteBuf} holding one whole PDU), in one binary WebSocket message.
 */
@ChannelHandler.Sharable
public final class WebSocketPduEncoder extends MessageToMessageEncoder<Object> {
    public static final WebSocketPduEncoder INSTANCE = new WebSocketPduEncoder();

    private WebSocketPduEncoder() {
    }

    @Override
    public boolean acceptOutboundMessage(Object msg) {
        return msg instanceof Pdu || msg instanceof ByteBuf;
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Object msg, List<Object> out) {
        if (msg instanceof Pdu pdu) {
            ByteBuf buf = ctx.alloc().ioBuffer(pdu.frameLength());
            PduEncoder.write(pdu, buf);
            out.add(new BinaryWebSocketFrame(buf));
        } else {
            // MessageToMessageEncoder releases msg after encode: keep the bytes for the frame
            out.add(new BinaryWebSocketFrame(((ByteBuf) msg).retain()));
        }
    }
}
