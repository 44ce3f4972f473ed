package io.teamtalkj.msgserver.db;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.io.ByteArrayOutputStream;

/**
 * Field 20 ({@code attach_data}) of a serialized TeamTalk message, handled on the raw bytes so
 * forwarding a request to the dbproxy and its reply back to the client costs no parse. We put an
 * 8-byte correlation id there; the dbproxy echoes it; clients never see it.
 */
public final class AttachField {
    static final int FIELD = 20;
    private static final int TAG = FIELD << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED;

    private AttachField() {
    }

    /**
     * The body with our correlation id as attach_data. Appending works because protobuf keeps the
     * last value of a non-repeated field, so whatever a client put in field 20 is overridden.
     */
    public static byte[] withId(byte[] body, long id) {
        byte[] out = new byte[body.length + 2 + 1 + 8];
        System.arraycopy(body, 0, out, 0, body.length);
        int i = body.length;
        out[i++] = (byte) (TAG | 0x80); // 162 as a two-byte varint: 0xA2 0x01
        out[i++] = (byte) (TAG >>> 7);
        out[i++] = 8;
        for (int shift = 56; shift >= 0; shift -= 8) {
            out[i++] = (byte) (id >>> shift);
        }
        return out;
    }

    /** Our correlation id in the body's attach_data, or -1 if there is none. */
    public static long findId(byte[] body) {
        try {
            CodedInputStream in = CodedInputStream.newInstance(body);
            long id = -1;
            int tag;
            while ((tag = in.readTag()) != 0) {
                if (tag == TAG) {
                    byte[] v = in.readByteArray();
                    id = v.length == 8 ? toLong(v) : -1;
                } else if (!in.skipField(tag)) {
                    break;
                }
            }
            return id;
        } catch (IOException e) {
            return -1;
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

    private static long toLong(byte[] v) {
        long x = 0;
        for (byte b : v) {
            x = x << 8 | (b & 0xff);
        }
        return x;
    }
}
