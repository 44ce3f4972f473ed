package io.teamtalkj.testing;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Writes protobuf bytes by field number, without any generated class, so tests can check that the
 * generated code agrees with field numbers taken from the protocol document. Fields are written in
 * the order they are added; repeated scalars are written unpacked, as proto2 (and TeamTalk's
 * protobuf 2.6.1 clients) does.
 */
public final class ProtoBytes {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final CodedOutputStream out = CodedOutputStream.newInstance(bytes);

    public static ProtoBytes message() {
        return new ProtoBytes();
    }

    /** uint32 (and int32 for non-negative values): varint, wire type 0. */
    public ProtoBytes uint32(int field, int value) {
        return write(() -> out.writeUInt32(field, value));
    }

    /** An enum is a varint of its number. */
    public ProtoBytes enumValue(int field, int number) {
        return write(() -> out.writeEnum(field, number));
    }

    public ProtoBytes string(int field, String value) {
        return write(() -> out.writeString(field, value));
    }

    public ProtoBytes bytes(int field, byte[] value) {
        return write(() -> out.writeBytes(field, ByteString.copyFrom(value)));
    }

    /** An embedded message: tag (wire type 2), length, then the nested bytes. */
    public ProtoBytes message(int field, ProtoBytes nested) {
        byte[] inner = nested.toByteArray();
        return write(() -> {
            out.writeTag(field, WireFormat.WIRETYPE_LENGTH_DELIMITED);
            out.writeUInt32NoTag(inner.length);
            out.writeRawBytes(inner);
        });
    }

    public byte[] toByteArray() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private ProtoBytes write(IoAction action) {
        try {
            action.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    @FunctionalInterface
    private interface IoAction {
        void run() throws IOException;
    }
}
