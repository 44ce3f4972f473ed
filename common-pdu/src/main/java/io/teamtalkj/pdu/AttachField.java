package io.teamtalkj.pdu;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * Field 20 ({@code attach_data}) of a serialized TeamTalk message, handled on the raw bytes so
 * forwarding a request and its reply costs no parse. A {@link Requester} puts an 8-byte
 * correlation id there, the serving side copies the request's value onto the reply
 * ({@link Request#replyFrame}), and clients never see it.
 *
 * <p>Appending works because protobuf keeps the last value of a non-repeated field, so whatever
 * the body already had in field 20 (a client's own attach_data) is overridden.
 */
public final class AttachField {
    static final int FIELD = 20;
    private static final int TAG = FIELD << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED;
    /** Bytes an 8-byte correlation id adds to a body: two tag bytes, one length byte, the id. */
    public static final int ID_STAMP_LENGTH = 2 + 1 + 8;
    /** As above with the caller's remaining budget after the id ({@link #withIdAndBudget}). */
    public static final int BUDGET_STAMP_LENGTH = 2 + 1 + 12;
    static final int BUDGET_MARK = 0xB5;
    static final long MAX_BUDGET_MILLIS = 0xff_ffffL;

    private AttachField() {
    }

    /** The body with our correlation id as attach_data. */
    public static byte[] withId(byte[] body, long id) {
        byte[] value = new byte[8];
        for (int i = 0; i < 8; i++) {
            value[i] = (byte) (id >>> (56 - 8 * i));
        }
        return withValue(body, value);
    }

    /**
     * The body with our correlation id and the milliseconds the caller will still wait for the
     * reply, so the serving side can drop a request whose caller has given up instead of doing it
     * late. 12 bytes: the id, a marker byte {@value #BUDGET_MARK}, then the budget as a 24-bit
     * unsigned int (capped at {@value #MAX_BUDGET_MILLIS} ms). The marker tells it apart from
     * TeamTalk's own 12-byte attach (type, handle, service type: small ints, top byte 0).
     */
    public static byte[] withIdAndBudget(byte[] body, long id, long budgetMillis) {
        byte[] value = new byte[12];
        for (int i = 0; i < 8; i++) {
            value[i] = (byte) (id >>> (56 - 8 * i));
        }
        long budget = Math.max(0, Math.min(budgetMillis, MAX_BUDGET_MILLIS));
        value[8] = (byte) BUDGET_MARK;
        for (int i = 0; i < 3; i++) {
            value[9 + i] = (byte) (budget >>> (16 - 8 * i));
        }
        return withValue(body, value);
    }

    /** The body with {@code value} appended as attach_data. */
    public static byte[] withValue(byte[] body, byte[] value) {
        int lengthBytes = CodedOutputStream.computeUInt32SizeNoTag(value.length);
        byte[] out = new byte[body.length + 2 + lengthBytes + value.length];
        System.arraycopy(body, 0, out, 0, body.length);
        int i = body.length;
        out[i++] = (byte) (TAG | 0x80); // 162 as a two-byte varint: 0xA2 0x01
        out[i++] = (byte) (TAG >>> 7);
        for (int n = value.length; ; n >>>= 7) {
            if (n < 0x80) {
                out[i++] = (byte) n;
                break;
            }
            out[i++] = (byte) (n & 0x7f | 0x80);
        }
        System.arraycopy(value, 0, out, i, value.length);
        return out;
    }

    /** Our correlation id in the body's attach_data (8 bytes, or 12 with a budget), or -1 if there is none. */
    public static long findId(byte[] body) {
        byte[] v = find(body);
        return v == null || (v.length != 8 && v.length != 12) ? -1 : toLong(v, 0, 8);
    }

    /** The caller's budget in ms stamped by {@link #withIdAndBudget}, or -1 if the request carries none. */
    public static long findBudgetMillis(byte[] body) {
        byte[] v = find(body);
        return v == null || v.length != 12 || (v[8] & 0xff) != BUDGET_MARK ? -1 : toLong(v, 9, 3);
    }

    /** The last attach_data value in the body, or null if there is none (or the body cannot be walked). */
    public static byte[] find(byte[] body) {
        try {
            CodedInputStream in = CodedInputStream.newInstance(body);
            byte[] value = null;
            int tag;
            while ((tag = in.readTag()) != 0) {
                if (tag == TAG) {
                    value = in.readByteArray();
                } else if (!in.skipField(tag)) {
                    break;
                }
            }
            return value;
        } catch (IOException e) {
            return null;
        }
    }

    /** The body without attach_data (TeamTalk rule: never leak it to clients). */
    public static byte[] strip(byte[] body) {
        try {
            CodedInputStream in = CodedInputStream.newInstance(body);
            ByteArrayOutputStream out = null;
            int copiedUpTo = 0;
            while (true) {
                int start = in.getTotalBytesRead();
                int tag = in.readTag();
                if (tag == 0) {
                    break;
                }
                in.skipField(tag);
                if (WireFormat.getTagFieldNumber(tag) == FIELD) {
                    if (out == null) {
                        out = new ByteArrayOutputStream(body.length);
                    }
                    out.write(body, copiedUpTo, start - copiedUpTo);
                    copiedUpTo = in.getTotalBytesRead();
                }
            }
            if (out == null) {
                return body;
            }
            out.write(body, copiedUpTo, body.length - copiedUpTo);
            return out.toByteArray();
        } catch (IOException e) {
            return body; // not a message we can walk: the client's parser will say so
        }
    }

    private static long toLong(byte[] v, int from, int length) {
        long x = 0;
        for (int i = from; i < from + length; i++) {
            x = x << 8 | (v[i] & 0xff);
        }
        return x;
    }
}
