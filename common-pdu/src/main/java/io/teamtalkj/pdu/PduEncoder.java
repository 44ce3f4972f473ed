package io.teamtalkj.pdu;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/** Writes a {@link Pdu} as the 16-byte big-endian header followed by its body. Stateless. */
@ChannelHandler.Sharable
public final class PduEncoder extends MessageToByteEncoder<Pdu> {
    public static final PduEncoder INSTANCE = new PduEncoder();

    private PduEncoder() {
    }

    @Override
    protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, Pdu pdu, boolean preferDirect) {
        return preferDirect ? ctx.alloc().ioBuffer(pdu.frameLength()) : ctx.alloc().heapBuffer(pdu.frameLength());
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Pdu pdu, ByteBuf out) {
        write(pdu, out);
    }

    public static void write(Pdu pdu, ByteBuf out) {
        out.writeInt(pdu.frameLength());
        out.writeShort(pdu.version());
        out.writeShort(pdu.flag());
        out.writeShort(pdu.serviceId());
        out.writeShort(pdu.commandId());
        out.writeShort(pdu.seq());
        out.writeShort(pdu.reserved());
        out.writeBytes(pdu.body());
    }
}
