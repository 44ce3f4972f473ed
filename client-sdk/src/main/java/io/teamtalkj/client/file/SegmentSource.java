package io.teamtalkj.client.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Where a sender's bytes come from: the file-server asks for them segment by segment. */
@FunctionalInterface
public interface SegmentSource {
    /** Exactly {@code length} bytes at {@code offset}. */
    byte[] read(long offset, int length) throws IOException;

    static SegmentSource of(byte[] data) {
        return (offset, length) -> {
            if (offset < 0 || offset + length > data.length) {
                throw new IOException("range " + offset + "+" + length + " outside " + data.length + " bytes");
            }
            byte[] out = new byte[length];
            System.arraycopy(data, (int) offset, out, 0, length);
            return out;
        };
    }

    static SegmentSource of(Path file) {
        return (offset, length) -> {
            byte[] out = new byte[length];
            ByteBuffer buf = ByteBuffer.wrap(out);
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                long pos = offset;
                while (buf.hasRemaining()) {
                    int n = ch.read(buf, pos);
                    if (n < 0) {
                        throw new IOException(file + " is shorter than " + (offset + length) + " bytes");
                    }
                    pos += n;
                }
            }
            return out;
        };
    }
}
