package io.teamtalkj.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.teamtalkj.pdu.Pdu;
import io.teamtalkj.pdu.PduEncoder;
import io.teamtalkj.pdu.ServiceId;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/**
 * Builds TeamTalk frames byte by byte, independently of {@link PduEncoder}, so tests can state
 * the wire format themselves. Shared with other modules through the common-pdu test-jar.
 *
 * <pre>
 *  0       4       6       8       10      12      14      16
 *  | length|version| flag  |service|command|  seq  |reserved| body ...
 *  all big-endian; length counts the whole frame (16 + body)
 * </pre>
 */
public final class Frames {
    public static final int HEADER = 16;

    private Frames() {
    }

    /**
     * A frame with every header field given explicitly, including a possibly wrong {@code length}
     * (only the low 32 bits are written, so {@code 0xFFFFFFFFL} can be passed as {@code -1}).
     */
    public static byte[] frame(int length, int version, int flag, int sid, int cid, int seq, int reserved,
                               byte[] body) {
        byte[] b = body == null ? new byte[0] : body;
        ByteBuffer buf = ByteBuffer.allocate(HEADER + b.length); // big-endian by default
        buf.putInt(length);
        buf.putShort((short) version);
        buf.putShort((short) flag);
        buf.putShort((short) sid);
        buf.putShort((short) cid);
        buf.putShort((short) seq);
        buf.putShort((short) reserved);
        buf.put(b);
        return buf.array();
    }

    /** A well-formed frame as our servers send it: right length, version 1, flag 0, reserved 0. */
    public static byte[] frame(int cid, int seq, byte[] body) {
        int bodyLength = body == null ? 0 : body.length;
        return frame(HEADER + bodyLength, 1, 0, ServiceId.of(cid), cid, seq, 0, body);
    }

    /** Only the 16 header bytes, e.g. to announce a length and never send the body. */
    public static byte[] header(int length, int version, int flag, int sid, int cid, int seq, int reserved) {
        return frame(length, version, flag, sid, cid, seq, reserved, null);
    }

    /** Parses hex such as {@code "00 00 00 10 00 01"}, {@code "0000001000"} or {@code "0a:05"}. */
    public static byte[] hex(String hex) {
        String digits = hex.replaceAll("[\\s:_-]", "");
        if (digits.length() % 2 != 0) {
            throw new IllegalArgumentException("odd number of hex digits: " + hex);
        }
        byte[] out = new byte[digits.length() / 2];
        for (int i = 0; i < out.length; i++) {
            int hi = Character.digit(digits.charAt(2 * i), 16);
            int lo = Character.digit(digits.charAt(2 * i + 1), 16);
            if (hi < 0 || lo < 0) {
                throw new IllegalArgumentException("not hex: " + hex);
            }
            out[i] = (byte) (hi << 4 | lo);
        }
        return out;
    }

    /** Lower-case hex with a space between bytes, the format {@link #hex} reads. */
    public static String toHex(byte[] bytes) {
        StringBuilder sb = new StringBuilder(bytes.length * 3);
        for (int i = 0; i < bytes.length; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(Character.forDigit((bytes[i] >> 4) & 0xf, 16)).append(Character.forDigit(bytes[i] & 0xf, 16));
        }
        return sb.toString();
    }

    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** A copy of bytes [from, to) of {@code bytes}. */
    public static byte[] slice(byte[] bytes, int from, int to) {
        byte[] out = new byte[to - from];
        System.arraycopy(bytes, from, out, 0, out.length);
        return out;
    }

    public static ByteBuf buf(byte[] bytes) {
        return Unpooled.wrappedBuffer(bytes);
    }

    /** The readable bytes of {@code buf}; releases it (as a test does with an outbound buffer). */
    public static byte[] drain(ByteBuf buf) {
        try {
            byte[] out = new byte[buf.readableBytes()];
            buf.readBytes(out);
            return out;
        } finally {
            buf.release();
        }
    }

    /** What {@link PduEncoder} writes for {@code pdu}. */
    public static byte[] encode(Pdu pdu) {
        ByteBuf buf = Unpooled.buffer(pdu.frameLength());
        PduEncoder.write(pdu, buf);
        return drain(buf);
    }
}
