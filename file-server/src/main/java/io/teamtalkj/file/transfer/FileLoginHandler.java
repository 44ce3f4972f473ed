package io.teamtalkj.file.transfer;

import com.mogujie.tt.protobuf.IMBaseDefine.ClientFileRole;
import com.mogujie.tt.protobuf.IMBaseDefine.ClientFileState;
import com.mogujie.tt.protobuf.IMBaseDefine.TransferFileType;
import com.mogujie.tt.protobuf.IMFile.IMFileLoginReq;
import com.mogujie.tt.protobuf.IMFile.IMFileLoginRsp;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.teamtalkj.pdu.FileProtocol;
import io.teamtalkj.net.IdleTimeoutHandler;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Pdu;
import io.teamtalkj.pdu.PduHandler;
import java.io.IOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CID_FILE_LOGIN_REQ (0x0501): a client joins a task in a role. TeamTalk let anyone who knew a
 * task id in; here the user must be the task's sender (sender and uploader roles) or receiver
 * (receiver and downloader roles), each role is taken once, and an offline download needs the
 * completely stored file. A refused login gets a non-zero result and the connection is closed.
 */
final class FileLoginHandler implements PduHandler<IMFileLoginReq> {
    private static final Logger log = LoggerFactory.getLogger(FileLoginHandler.class);

    private final Transfers transfers;

    FileLoginHandler(Transfers transfers) {
        this.transfers = transfers;
    }

    @Override
    public void handle(ChannelHandlerContext ctx, Pdu pdu, IMFileLoginReq req) {
        Channel ch = ctx.channel();
        FileConn conn = FileConn.of(ch);
        if (conn.loginSeen) {
            log.info("second file login on {} ignored", conn);
            return;
        }
        conn.loginSeen = true;
        String taskId = req.getTaskId();
        int user = req.getUserId();
        ClientFileRole role = req.getFileRole();
        if (!FileProtocol.validTaskId(taskId)) {
            refuse(ch, pdu, taskId, FileProtocol.NO_SUCH_TASK, "malformed task id from user " + Integer.toUnsignedString(user));
            return;
        }
        if (role == ClientFileRole.CLIENT_OFFLINE_DOWNLOAD) {
            transfers.onDisk(() -> download(ch, conn, pdu, taskId, user));
            return;
        }
        FileTask task = transfers.task(taskId);
        if (task == null) {
            refuse(ch, pdu, taskId, FileProtocol.NO_SUCH_TASK, "unknown task, user " + Integer.toUnsignedString(user));
            return;
        }
        boolean online = task.mode == TransferFileType.FILE_TYPE_ONLINE;
        boolean party = switch (role) {
            case CLIENT_REALTIME_SENDER -> online && user == task.fromUser;
            case CLIENT_REALTIME_RECVER -> online && user == task.toUser;
            case CLIENT_OFFLINE_UPLOAD -> !online && user == task.fromUser;
            default -> false;
        };
        if (!party) {
            refuse(ch, pdu, taskId, FileProtocol.NOT_A_PARTY, "user " + Integer.toUnsignedString(user) + " as " + role
                    + " of " + task);
            return;
        }
        if (task.ended()) {
            // a late party learns how it ended (e.g. the sender that the receiver refused)
            ok(ch, conn, pdu, taskId, user, role);
            Transfers.sendState(ch, task.endState(), taskId, task.endedBy()).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        boolean attached = role == ClientFileRole.CLIENT_REALTIME_RECVER ? task.attachReceiver(ch) : task.attachSender(ch);
        if (!attached) {
            refuse(ch, pdu, taskId, FileProtocol.NOT_A_PARTY, "role " + role + " of " + task + " already taken");
            return;
        }
        conn.task = task;
        if (online) {
            ok(ch, conn, pdu, taskId, user, role);
            Channel receiver = task.receiver();
            if (task.peerReadyToAnnounce() && receiver != null) {
                // the receiver pulls once it hears its peer is there (TeamTalk sends it PEER_READY)
                Transfers.sendState(receiver, ClientFileState.CLIENT_FILE_PEER_READY, taskId, task.fromUser);
            }
            return;
        }
        transfers.onDisk(() -> beginUpload(ch, conn, pdu, task, user, role));
    }

    private void beginUpload(Channel ch, FileConn conn, Pdu pdu, FileTask task, int user, ClientFileRole role) {
        if (!transfers.store.hasRoomFor(task.size)) {
            log.warn("{}: not enough free space under {} for the upload", task, transfers.store.root());
            refuse(ch, pdu, task.id, FileProtocol.STORAGE_FAILED, "no space for " + task);
            transfers.finish(task, ClientFileState.CLIENT_FILE_CANCEL, 0, ch);
            return;
        }
        OfflineStore.Upload upload;
        try {
            upload = transfers.store.begin(task.id, task.fromUser, task.toUser, task.fileName, task.size);
        } catch (IOException | RuntimeException e) {
            log.error("{}: cannot create the upload file under {}: {}", task, transfers.store.root(), e.toString());
            refuse(ch, pdu, task.id, FileProtocol.STORAGE_FAILED, "storage failed for " + task);
            transfers.finish(task, ClientFileState.CLIENT_FILE_CANCEL, 0, ch);
            return;
        }
        synchronized (task) {
            task.upload = upload;
        }
        if (task.ended()) {
            upload.abort();
            return;
        }
        ok(ch, conn, pdu, task.id, user, role);
        transfers.pullNextOrCommit(task, ch);
    }

    private void download(Channel ch, FileConn conn, Pdu pdu, String taskId, int user) {
        Optional<OfflineStore.StoredFile> found;
        try {
            found = transfers.store.find(taskId);
        } catch (IOException e) {
            log.error("offline file {}: cannot read under {}: {}", taskId, transfers.store.root(), e.toString());
            refuse(ch, pdu, taskId, FileProtocol.STORAGE_FAILED, "storage failed");
            return;
        }
        if (found.isEmpty()) {
            refuse(ch, pdu, taskId, FileProtocol.NO_SUCH_TASK, "no stored file for download by user "
                    + Integer.toUnsignedString(user));
            return;
        }
        OfflineStore.StoredFile file = found.get();
        if (file.toUser() != user) {
            refuse(ch, pdu, taskId, FileProtocol.NOT_A_PARTY, "user " + Integer.toUnsignedString(user)
                    + " is not the receiver of offline file " + taskId);
            return;
        }
        conn.download = file;
        ok(ch, conn, pdu, taskId, user, ClientFileRole.CLIENT_OFFLINE_DOWNLOAD);
        // the file is there: the downloader may pull (same signal an online receiver waits for)
        Transfers.sendState(ch, ClientFileState.CLIENT_FILE_PEER_READY, taskId, file.fromUser());
    }

    private void ok(Channel ch, FileConn conn, Pdu pdu, String taskId, int user, ClientFileRole role) {
        conn.userId = user;
        conn.role = role;
        IdleTimeoutHandler idle = IdleTimeoutHandler.of(ch);
        if (idle != null) {
            idle.setTimeout(transfers.config.clientIdleTimeout);
        }
        ch.writeAndFlush(Pdu.of(CommandId.CID_FILE_LOGIN_RES, pdu.seq(),
                IMFileLoginRsp.newBuilder().setResultCode(FileProtocol.OK).setTaskId(taskId).build()));
        log.info("file login: {}", conn);
    }

    private static void refuse(Channel ch, Pdu pdu, String taskId, int result, String why) {
        log.info("file login from {} refused ({}): {}", ch.remoteAddress(), FileProtocol.describe(result), why);
        ch.writeAndFlush(Pdu.of(CommandId.CID_FILE_LOGIN_RES, pdu.seq(),
                IMFileLoginRsp.newBuilder().setResultCode(result).setTaskId(taskId).build()))
                .addListener(ChannelFutureListener.CLOSE);
    }
}
