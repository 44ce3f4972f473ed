package io.teamtalkj.pdu;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cuts the inbound byte stream into {@link Pdu}s. Partial frames wait for more bytes; several
 * frames in one read come out one by one. A length below 16 or above the limit cannot be a
 * TeamTalk frame and leaves the stream unsynchronised, so the connection is closed at once
 * (without waiting for the announced bytes) and the peer is logged.
 */
public final class PduDecoder extends ByteToMessageDecoder {
    /** Android's own decoder refuses frames above 400 KiB, so we never need more. */
    public static final int DEFAULT_MAX_FRAME_LENGTH = 400 * 1024;

    private static final Logger log = LoggerFactory.getLogger(PduDecoder.class);

    private final int maxFrameLength;
    private boolean discarding;

    public PduDecoder() {
        this(DEFAULT_MAX_FRAME_LENGTH);
    }

    public PduDecoder(int maxFrameLength) {
        if (maxFrameLength < Pdu.HEADER_LENGTH) {
            throw new IllegalArgumentException("maxFrameLength must be at least " + Pdu.HEADER_LENGTH);
        }
        this.maxFrameLength = maxFrameLength;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (discarding) {
            in.skipBytes(in.readableBytes());
            return;
        }
        while (in.readableBytes() >= 4) {
            int start = in.readerIndex();
            long length = in.getUnsignedInt(start);
            if (length < Pdu.HEADER_LENGTH || length > maxFrameLength) {
                discarding = true;
                in.skipBytes(in.readableBytes());
                log.warn("closing {}: frame length {} outside [{}, {}]", ctx.channel().remoteAddress(), length,
                        Pdu.HEADER_LENGTH, maxFrameLength);
                ctx.close();
                return;
            }
            if (in.readableBytes() < length) {
                return;
            }
            int version = in.getUnsignedShort(start + 4);
            int flag = in.getUnsignedShort(start + 6);
            int serviceId = in.getUnsignedShort(start + 8);
            int commandId = in.getUnsignedShort(start + 10);
            int seq = in.getUnsignedShort(start + 12);
            int reserved = in.getUnsignedShort(start + 14);
            byte[] body = new byte[(int) length - Pdu.HEADER_LENGTH];
            in.getBytes(start + Pdu.HEADER_LENGTH, body);
            in.skipBytes((int) length);
            out.add(new Pdu(version, flag, serviceId, commandId, seq, reserved, body));
        }
    }

    public int maxFrameLength() {
        return maxFrameLength;
    }
}
