package io.teamtalkj.file.transfer;

import com.mogujie.tt.protobuf.IMBaseDefine.ClientFileRole;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;

/** What one client connection to the file-server is: nobody yet, or a user in a role of a task. */
final class FileConn {
    private static final AttributeKey<FileConn> KEY = AttributeKey.valueOf("tt.fileConn");

    final Channel channel;
    volatile boolean loginSeen;
    volatile int userId;
    volatile ClientFileRole role;
    /** The live task (online roles and offline upload). */
    volatile FileTask task;
    /** The stored file (offline download). */
    volatile OfflineStore.StoredFile download;
    /** Highest end of a range served to a downloader, to tell a finished download. */
    volatile long servedUpTo;

    private FileConn(Channel channel) {
        this.channel = channel;
    }

    static FileConn of(Channel channel) {
        FileConn c = channel.attr(KEY).get();
        if (c == null) {
            c = new FileConn(channel);
            FileConn prev = channel.attr(KEY).setIfAbsent(c);
            if (prev != null) {
                c = prev;
            }
        }
        return c;
    }

    String taskId() {
        FileTask t = task;
        if (t != null) {
            return t.id;
        }
        OfflineStore.StoredFile f = download;
        return f == null ? "" : f.taskId();
    }

    @Override
    public String toString() {
        return "user " + Integer.toUnsignedString(userId) + " as " + role + " of " + taskId() + " from " + channel.remoteAddress();
    }
}
