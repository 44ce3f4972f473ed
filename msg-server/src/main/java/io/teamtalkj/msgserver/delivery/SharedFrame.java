package io.teamtalkj.msgserver.delivery;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.teamtalkj.msgserver.session.ClientSession;
import io.teamtalkj.pdu.Pdu;
import io.teamtalkj.pdu.PduEncoder;

/**
 * One push encoded once and written to any number of connections as retained duplicates of the
 * same bytes: a group message to N members that read slowly holds one copy until the last of them
 * has written (or dropped) it, not N (issue 21: 50 never-reading members once exhausted direct
 * memory, each connection holding its own encoded copy). Encoded on the first send, so a push
 * with no local connection allocates nothing. Not thread-safe: one caller, then {@link #close()}.
 */
final class SharedFrame implements AutoCloseable {
    private final Pdu pdu;
    private ByteBuf frame;

    SharedFrame(Pdu pdu) {
        this.pdu = pdu;
    }

    /** Writes the frame to {@code s}; false if the connection is gone (nothing written). */
    boolean sendTo(ClientSession s) {
        if (!s.channel().isActive()) {
            return false;
        }
        if (frame == null) {
            frame = ByteBufAllocator.DEFAULT.ioBuffer(pdu.frameLength());
            PduEncoder.write(pdu, frame);
        }
        return s.send(frame.retainedDuplicate());
    }

    /** Drops this caller's reference; the bytes live on while connections still hold duplicates. */
    @Override
    public void close() {
        if (frame != null) {
            frame.release();
            frame = null;
        }
    }
}
