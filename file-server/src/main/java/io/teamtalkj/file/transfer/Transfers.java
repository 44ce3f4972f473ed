package io.teamtalkj.file.transfer;

import com.mogujie.tt.protobuf.IMBaseDefine.ClientFileState;
import com.mogujie.tt.protobuf.IMBaseDefine.TransferFileType;
import com.mogujie.tt.protobuf.IMFile.IMFilePullDataReq;
import com.mogujie.tt.protobuf.IMFile.IMFileState;
import com.mogujie.tt.protobuf.IMServer.IMFileTransferReq;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.ScheduledFuture;
import io.teamtalkj.pdu.FileProtocol;
import io.teamtalkj.file.FileServerConfig;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Pdu;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file-server's tasks and what happens to them: creation for a msg-server, the end of a task
 * (done, cancel, refuse, timeout) told to whoever is connected, the offline upload loop (the
 * server pulls the uploader segment by segment and writes each before asking for the next), and
 * the timeout sweep. Disk work runs on its own executor, never on an event loop.
 */
public final class Transfers implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Transfers.class);

    /** File names are shown, never used as paths; this only keeps them sane. */
    static final int MAX_FILE_NAME_CHARS = 255;

    final FileServerConfig config;
    final OfflineStore store;
    final ExecutorService disk;
    private final Map<String, FileTask> tasks = new ConcurrentHashMap<>();
    private final ScheduledFuture<?> sweeper;
    final TransferMetrics metrics;

    public Transfers(FileServerConfig config, OfflineStore store, ExecutorService disk, EventLoopGroup loops,
                     TransferMetrics metrics) {
        this.config = config;
        this.metrics = metrics;
        this.store = store;
        this.disk = disk;
        long every = Math.max(50, Math.min(1000, config.taskTimeout.toMillis() / 4));
        this.sweeper = loops.next().scheduleAtFixedRate(this::sweep, every, every, TimeUnit.MILLISECONDS);
    }

    /** The outcome of a transfer request: a task, or a result code saying why not. */
    public record Creation(int result, FileTask task) {
    }

    /** IMFileTransferReq from a msg-server: checks the request and creates a task with a fresh UUID. */
    public Creation create(IMFileTransferReq req) {
        long size = Integer.toUnsignedLong(req.getFileSize());
        String name = req.getFileName();
        if (req.getFromUserId() == 0 || req.getToUserId() == 0 || req.getFromUserId() == req.getToUserId()) {
            log.info("transfer from {} to {} refused: bad users", req.getFromUserId(), req.getToUserId());
            return refused(req, FileProtocol.REFUSED);
        }
        if (name.isEmpty() || name.codePointCount(0, name.length()) > MAX_FILE_NAME_CHARS
                || name.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            log.info("transfer from {} to {} refused: bad file name", req.getFromUserId(), req.getToUserId());
            return refused(req, FileProtocol.REFUSED);
        }
        if (size > config.maxFileSize) {
            log.info("transfer from {} to {} refused: {} bytes is over the limit of {}", req.getFromUserId(),
                    req.getToUserId(), size, config.maxFileSize);
            return refused(req, FileProtocol.REFUSED);
        }
        TransferFileType mode = req.getTransMode();
        if (mode == TransferFileType.FILE_TYPE_OFFLINE && !store.hasRoomFor(size)) {
            log.warn("offline transfer of {} bytes refused: not enough free space under {}", size, store.root());
            return refused(req, FileProtocol.STORAGE_FAILED);
        }
        FileTask task = new FileTask(UUID.randomUUID().toString(), req.getFromUserId(), req.getToUserId(), name, size, mode);
        tasks.put(task.id, task);
        metrics.created(mode, FileProtocol.OK).increment();
        log.info("created {}", task);
        return new Creation(FileProtocol.OK, task);
    }

    private Creation refused(IMFileTransferReq req, int result) {
        metrics.created(req.getTransMode(), result).increment();
        return new Creation(result, null);
    }

    public FileTask task(String id) {
        return tasks.get(id);
    }

    public int liveTasks() {
        int n = 0;
        for (FileTask t : tasks.values()) {
            if (!t.ended()) {
                n++;
            }
        }
        return n;
    }

    /**
     * Ends a task: everyone connected to it but {@code origin} is told {@code state} (with
     * {@code byUser}, 0 = the server), then every connection of the task is closed. A partial
     * upload is deleted unless the task is done.
     */
    void finish(FileTask task, ClientFileState state, int byUser, Channel origin) {
        List<Channel> channels = task.end(state, byUser);
        if (channels == null) {
            return;
        }
        log.info("{} ended: {} by {}", task, state, byUser == 0 ? "the file-server" : "user " + Integer.toUnsignedString(byUser));
        metrics.ended(task.mode, state).increment();
        for (Channel ch : channels) {
            if (ch == origin) {
                // it said so itself: let what is queued for it leave, then close
                ch.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            } else {
                sendState(ch, state, task.id, byUser).addListener(ChannelFutureListener.CLOSE);
            }
        }
        OfflineStore.Upload upload;
        synchronized (task) {
            upload = task.upload;
            task.awaitingData = false;
        }
        if (upload != null && state != ClientFileState.CLIENT_FILE_DONE) {
            onDisk(upload::abort);
        }
    }

    static io.netty.channel.ChannelFuture sendState(Channel ch, ClientFileState state, String taskId, int userId) {
        return ch.writeAndFlush(Pdu.push(CommandId.CID_FILE_STATE, IMFileState.newBuilder()
                .setState(state).setTaskId(taskId).setUserId(userId).build()));
    }

    /** Runs disk work off the event loops; false if the server is stopping. */
    boolean onDisk(Runnable work) {
        try {
            disk.execute(() -> {
                try {
                    work.run();
                } catch (RuntimeException e) {
                    log.error("disk work failed", e);
                }
            });
            return true;
        } catch (RejectedExecutionException stopping) {
            return false;
        }
    }

    /** Offline upload: asks the uploader for the next segment, or commits the file when all is there. */
    void pullNextOrCommit(FileTask task, Channel uploader) {
        long offset;
        int want;
        synchronized (task) {
            if (task.ended()) {
                return;
            }
            offset = task.nextOffset;
            want = (int) Math.min(FileProtocol.SEGMENT, task.size - offset);
            if (want > 0) {
                task.requested = want;
                task.awaitingData = true;
            }
        }
        if (want > 0) {
            uploader.writeAndFlush(Pdu.push(CommandId.CID_FILE_PULL_DATA_REQ, IMFilePullDataReq.newBuilder()
                    .setTaskId(task.id).setUserId(task.fromUser).setTransMode(TransferFileType.FILE_TYPE_OFFLINE)
                    .setOffset((int) offset).setDataSize(want).build()));
            return;
        }
        onDisk(() -> commit(task));
    }

    private void commit(FileTask task) {
        OfflineStore.Upload upload;
        synchronized (task) {
            upload = task.upload;
        }
        try {
            upload.commit();
        } catch (IOException e) {
            log.error("{}: cannot store the completed upload under {}: {}", task, store.root(), e.toString());
            metrics.commits.increment();
            finish(task, ClientFileState.CLIENT_FILE_CANCEL, 0, null);
            return;
        }
        log.info("{}: offline file stored", task);
        // the uploader hears DONE from the server: its file is ready for the receiver
        finish(task, ClientFileState.CLIENT_FILE_DONE, 0, null);
    }

    /** Offline upload: one segment arrived; written, then the next is asked for. */
    void uploaded(FileTask task, Channel uploader, long offset, byte[] data) {
        OfflineStore.Upload upload;
        synchronized (task) {
            if (task.ended() || !task.awaitingData || offset != task.nextOffset || data.length != task.requested) {
                log.info("{}: unexpected segment at {} ({} bytes) from the uploader; cancelling", task, offset, data.length);
                upload = null;
            } else {
                task.awaitingData = false;
                upload = task.upload;
            }
        }
        if (upload == null) {
            finish(task, ClientFileState.CLIENT_FILE_CANCEL, 0, null);
            return;
        }
        task.touch();
        onDisk(() -> {
            try {
                upload.write(offset, data);
            } catch (IOException e) {
                log.error("{}: write at {} failed under {}: {}", task, offset, store.root(), e.toString());
                metrics.diskWrites.increment();
                finish(task, ClientFileState.CLIENT_FILE_CANCEL, 0, null);
                return;
            }
            metrics.uploadedBytes.increment(data.length);
            synchronized (task) {
                task.nextOffset = offset + data.length;
            }
            pullNextOrCommit(task, uploader);
        });
    }

    /** Cancels tasks nothing happened on for the task timeout; forgets ended ones after as long again. */
    void sweep() {
        long now = System.nanoTime();
        long timeout = config.taskTimeout.toNanos();
        for (FileTask t : tasks.values()) {
            if (t.ended()) {
                if (now - t.endedNanos() > timeout) {
                    tasks.remove(t.id, t);
                }
            } else if (now - t.lastActivityNanos > timeout) {
                metrics.timeouts.increment();
                log.info("{} timed out after {} ms without activity", t, config.taskTimeout.toMillis());
                finish(t, ClientFileState.CLIENT_FILE_CANCEL, 0, null);
            }
        }
    }

    @Override
    public void close() {
        sweeper.cancel(false);
        for (FileTask t : tasks.values()) {
            OfflineStore.Upload u;
            synchronized (t) {
                u = t.upload;
            }
            if (u != null && !t.ended()) {
                u.abort(); // a half-written upload is useless after a restart
            }
        }
        tasks.clear();
    }
}
