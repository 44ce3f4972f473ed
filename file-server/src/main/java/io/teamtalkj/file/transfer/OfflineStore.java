package io.teamtalkj.file.transfer;

import io.teamtalkj.pdu.FileProtocol;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Offline files on disk: {@code <root>/<first two characters of the task id>/<task id>} holds the
 * data and {@code <task id>.meta} who sent it to whom (so a download needs no in-memory task).
 * An upload is written to {@code <task id>.part} and renamed to its final name only once every
 * byte is on disk (fsynced, meta written first), so a partial file is never offered: a download
 * login for a task without the final file is refused. Only task ids of the UUID form reach the
 * file system, so no name can leave the root.
 */
public final class OfflineStore {
    private static final Logger log = LoggerFactory.getLogger(OfflineStore.class);

    private final Path root;
    private final long minFreeSpace;

    public OfflineStore(Path root, long minFreeSpace) {
        this.root = root.toAbsolutePath().normalize();
        this.minFreeSpace = minFreeSpace;
    }

    public Path root() {
        return root;
    }

    /** Whether storing {@code size} more bytes leaves at least the configured free space. */
    public boolean hasRoomFor(long size) {
        try {
            Path existing = root;
            while (existing != null && !Files.exists(existing)) {
                existing = existing.getParent();
            }
            if (existing == null) {
                return false;
            }
            long usable = Files.getFileStore(existing).getUsableSpace();
            return usable - size >= minFreeSpace;
        } catch (IOException e) {
            log.warn("cannot tell the free space under {}: {}", root, e.toString());
            return false;
        }
    }

    /** Starts an upload: creates the task's directory and an empty {@code .part} file. */
    public Upload begin(String taskId, int fromUser, int toUser, String fileName, long size) throws IOException {
        Path dir = dirOf(taskId);
        Files.createDirectories(dir);
        Path part = dir.resolve(taskId + ".part");
        FileChannel ch = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
        return new Upload(taskId, fromUser, toUser, fileName, size, dir, part, ch);
    }

    /** The completely stored file of a task, if there is one. */
    public Optional<StoredFile> find(String taskId) throws IOException {
        if (!FileProtocol.validTaskId(taskId)) {
            return Optional.empty();
        }
        Path dir = dirOf(taskId);
        Path data = dir.resolve(taskId);
        Path meta = dir.resolve(taskId + ".meta");
        if (!Files.isRegularFile(data) || !Files.isRegularFile(meta)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(meta, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (NoSuchFileException gone) {
            return Optional.empty();
        }
        try {
            StoredFile f = new StoredFile(taskId, Integer.parseUnsignedInt(p.getProperty("from")),
                    Integer.parseUnsignedInt(p.getProperty("to")), p.getProperty("name", ""),
                    Long.parseLong(p.getProperty("size")), data);
            if (Files.size(data) != f.size()) {
                log.warn("offline file {} has {} bytes, its meta says {}; not offered", taskId, Files.size(data), f.size());
                return Optional.empty();
            }
            return Optional.of(f);
        } catch (RuntimeException | NoSuchFileException e) {
            log.warn("offline file {}: unreadable meta ({}); not offered", taskId, e.toString());
            return Optional.empty();
        }
    }

    /** Removes a stored file (after its download); quiet if it is gone already. */
    public void delete(String taskId) {
        if (!FileProtocol.validTaskId(taskId)) {
            return;
        }
        Path dir = dirOf(taskId);
        for (String name : new String[] {taskId, taskId + ".meta", taskId + ".part", taskId + ".meta.tmp"}) {
            try {
                Files.deleteIfExists(dir.resolve(name));
            } catch (IOException e) {
                log.warn("cannot delete {}: {}", dir.resolve(name), e.toString());
            }
        }
    }

    /** The directory of a task id; refuses anything that is not a task id or would leave the root. */
    Path dirOf(String taskId) {
        if (!FileProtocol.validTaskId(taskId)) {
            throw new IllegalArgumentException("not a task id: " + taskId);
        }
        Path dir = root.resolve(taskId.substring(0, 2)).normalize();
        if (!dir.startsWith(root)) {
            throw new IllegalArgumentException("task id escapes the storage directory: " + taskId);
        }
        return dir;
    }

    /** An upload in progress; writes come from one thread at a time (the uploader is pulled segment by segment). */
    public final class Upload {
        final String taskId;
        final int fromUser;
        final int toUser;
        final String fileName;
        final long size;
        private final Path dir;
        private final Path part;
        private final FileChannel channel;
        private boolean finished;

        Upload(String taskId, int fromUser, int toUser, String fileName, long size, Path dir, Path part, FileChannel channel) {
            this.taskId = taskId;
            this.fromUser = fromUser;
            this.toUser = toUser;
            this.fileName = fileName;
            this.size = size;
            this.dir = dir;
            this.part = part;
            this.channel = channel;
        }

        public synchronized void write(long offset, byte[] data) throws IOException {
            ByteBuffer buf = ByteBuffer.wrap(data);
            long pos = offset;
            while (buf.hasRemaining()) {
                pos += channel.write(buf, pos);
            }
        }

        /**
         * Makes the file visible to downloads: data fsynced, meta written and renamed into place,
         * then the data renamed from {@code .part} to its final name (atomic on one file system).
         */
        public synchronized StoredFile commit() throws IOException {
            channel.force(true);
            channel.close();
            finished = true;
            Properties p = new Properties();
            p.setProperty("from", Integer.toUnsignedString(fromUser));
            p.setProperty("to", Integer.toUnsignedString(toUser));
            p.setProperty("size", Long.toString(size));
            p.setProperty("name", fileName);
            p.setProperty("created", Long.toString(System.currentTimeMillis() / 1000));
            Path metaTmp = dir.resolve(taskId + ".meta.tmp");
            try (Writer out = Files.newBufferedWriter(metaTmp, StandardCharsets.UTF_8)) {
                p.store(out, "TeamTalk-J offline file");
            }
            try (FileChannel m = FileChannel.open(metaTmp, StandardOpenOption.WRITE)) {
                m.force(true);
            }
            move(metaTmp, dir.resolve(taskId + ".meta"));
            Path data = dir.resolve(taskId);
            move(part, data);
            return new StoredFile(taskId, fromUser, toUser, fileName, size, data);
        }

        /** Drops the partial file (cancel, timeout, write error). */
        public synchronized void abort() {
            if (!finished) {
                finished = true;
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // deleting it is what matters
                }
            }
            delete(taskId);
        }

        private void move(Path from, Path to) throws IOException {
            try {
                Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** A completely stored offline file. */
    public record StoredFile(String taskId, int fromUser, int toUser, String fileName, long size, Path data) {
        /** Reads {@code length} bytes at {@code offset} (both inside the file). */
        public byte[] read(long offset, int length) throws IOException {
            byte[] out = new byte[length];
            ByteBuffer buf = ByteBuffer.wrap(out);
            try (FileChannel ch = FileChannel.open(data, StandardOpenOption.READ)) {
                long pos = offset;
                while (buf.hasRemaining()) {
                    int n = ch.read(buf, pos);
                    if (n < 0) {
                        throw new IOException("offline file " + taskId + " ended early at " + pos);
                    }
                    pos += n;
                }
            }
            return out;
        }
    }
}
