package io.teamtalkj.file.transfer;

import com.mogujie.tt.protobuf.IMBaseDefine.ClientFileState;
import com.mogujie.tt.protobuf.IMBaseDefine.TransferFileType;
import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.List;

/**
 * One transfer the msg-server asked for (IMFileTransferReq): who sends what to whom, and which
 * connections play the two roles. Online: the sender's and receiver's connections; offline: the
 * uploader's. State changes are synchronized on the task (the two connections may live on
 * different event loops).
 */
public final class FileTask {
    final String id;
    final int fromUser;
    final int toUser;
    final String fileName;
    final long size;
    final TransferFileType mode;

    private Channel sender;
    private Channel receiver;
    private ClientFileState endState;
    private int endedBy;
    private long endedNanos;
    private boolean peerReadyAnnounced;
    volatile long lastActivityNanos = System.nanoTime();

    // offline upload progress (guarded by this)
    OfflineStore.Upload upload;
    long nextOffset;
    int requested;
    boolean awaitingData;

    FileTask(String id, int fromUser, int toUser, String fileName, long size, TransferFileType mode) {
        this.id = id;
        this.fromUser = fromUser;
        this.toUser = toUser;
        this.fileName = fileName;
        this.size = size;
        this.mode = mode;
    }

    public String id() {
        return id;
    }

    public int fromUser() {
        return fromUser;
    }

    public int toUser() {
        return toUser;
    }

    public long size() {
        return size;
    }

    public TransferFileType mode() {
        return mode;
    }

    void touch() {
        lastActivityNanos = System.nanoTime();
    }

    /** Takes the sender (or uploader) role; false if it is taken or the task is over. */
    synchronized boolean attachSender(Channel ch) {
        if (endState != null || sender != null) {
            return false;
        }
        sender = ch;
        touch();
        return true;
    }

    synchronized boolean attachReceiver(Channel ch) {
        if (endState != null || receiver != null) {
            return false;
        }
        receiver = ch;
        touch();
        return true;
    }

    synchronized Channel sender() {
        return sender;
    }

    synchronized Channel receiver() {
        return receiver;
    }

    /** True exactly once: when both parties are there and the receiver has not been told yet. */
    synchronized boolean peerReadyToAnnounce() {
        if (peerReadyAnnounced || endState != null || sender == null || receiver == null) {
            return false;
        }
        peerReadyAnnounced = true;
        return true;
    }

    /** Marks the task over; returns the connections to tell, or null if it was over already. */
    synchronized List<Channel> end(ClientFileState state, int byUser) {
        if (endState != null) {
            return null;
        }
        endState = state;
        endedBy = byUser;
        endedNanos = System.nanoTime();
        List<Channel> out = new ArrayList<>(2);
        if (sender != null) {
            out.add(sender);
        }
        if (receiver != null) {
            out.add(receiver);
        }
        return out;
    }

    synchronized boolean ended() {
        return endState != null;
    }

    synchronized ClientFileState endState() {
        return endState;
    }

    synchronized int endedBy() {
        return endedBy;
    }

    synchronized long endedNanos() {
        return endedNanos;
    }

    @Override
    public String toString() {
        return "task " + id + " (" + mode + ", " + fromUser + " -> " + toUser + ", " + size + " bytes)";
    }
}
