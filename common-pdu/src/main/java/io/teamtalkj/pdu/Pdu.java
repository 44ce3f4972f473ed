package io.teamtalkj.pdu;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import java.util.Arrays;

/**
 * One TeamTalk frame: the 16-byte header and the serialized protobuf body.
 *
 * <pre>
 *  0               4       6       8       10      12      14      16
 *  +---------------+-------+-------+-------+-------+-------+-------+---------------+
 *  | length (u32)  |version| flag  |service|command|  seq  |reserved| body ...     |
 *  +---------------+-------+-------+-------+-------+-------+-------+---------------+
 *  all big-endian; length counts the whole frame, header included (a heartbeat is 16)
 * </pre>
 *
 * Version, flag and reserved are carried as received and never validated: TeamTalk clients send
 * version 1, 6 or 13 and Android puts '0' (0x0030) in reserved. We always send version 1, flag 0,
 * reserved 0, as the original servers do.
 */
public final class Pdu {
    public static final int HEADER_LENGTH = 16;
    public static final int DEFAULT_VERSION = 1;
    private static final byte[] EMPTY = new byte[0];

    private final int version;
    private final int flag;
    private final int serviceId;
    private final int commandId;
    private final int seq;
    private final int reserved;
    private final byte[] body;

    public Pdu(int version, int flag, int serviceId, int commandId, int seq, int reserved, byte[] body) {
        this.version = version & 0xffff;
        this.flag = flag & 0xffff;
        this.serviceId = serviceId & 0xffff;
        this.commandId = commandId & 0xffff;
        this.seq = seq & 0xffff;
        this.reserved = reserved & 0xffff;
        this.body = body == null ? EMPTY : body;
    }

    /** A frame as our servers send it: version 1, the command's own service id, flag and reserved 0. */
    public static Pdu of(int commandId, int seq, MessageLite message) {
        return ofBody(commandId, seq, message == null ? EMPTY : message.toByteArray());
    }

    public static Pdu ofBody(int commandId, int seq, byte[] body) {
        return new Pdu(DEFAULT_VERSION, 0, ServiceId.of(commandId), commandId, seq, 0, body);
    }

    /** A server push: TeamTalk clients expect seq 0 on everything they did not ask for. */
    public static Pdu push(int commandId, MessageLite message) {
        return of(commandId, 0, message);
    }

    public static Pdu heartbeat() {
        return ofBody(CommandId.CID_OTHER_HEARTBEAT, 0, EMPTY);
    }

    /** The same frame with another seq (e.g. a reply carrying the client's seq). */
    public Pdu withSeq(int newSeq) {
        return new Pdu(version, flag, serviceId, commandId, newSeq, reserved, body);
    }

    public <M extends MessageLite> M parse(Parser<M> parser) throws InvalidProtocolBufferException {
        return parser.parseFrom(body);
    }

    public int version() {
        return version;
    }

    public int flag() {
        return flag;
    }

    public int serviceId() {
        return serviceId;
    }

    public int commandId() {
        return commandId;
    }

    public int seq() {
        return seq;
    }

    public int reserved() {
        return reserved;
    }

    /** The body bytes; callers must not modify the array. */
    public byte[] body() {
        return body;
    }

    public int frameLength() {
        return HEADER_LENGTH + body.length;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Pdu)) {
            return false;
        }
        Pdu other = (Pdu) o;
        return version == other.version && flag == other.flag && serviceId == other.serviceId
                && commandId == other.commandId && seq == other.seq && reserved == other.reserved
                && Arrays.equals(body, other.body);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * commandId + seq) + Arrays.hashCode(body);
    }

    @Override
    public String toString() {
        return CommandId.name(commandId) + "{sid=" + serviceId + ", seq=" + seq + ", v=" + version
                + ", len=" + frameLength() + '}';
    }
}
