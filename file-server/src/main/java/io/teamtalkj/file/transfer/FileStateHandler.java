package io.teamtalkj.file.transfer;

import com.mogujie.tt.protobuf.IMBaseDefine.ClientFileRole;
import com.mogujie.tt.protobuf.IMBaseDefine.ClientFileState;
import com.mogujie.tt.protobuf.IMFile.IMFileState;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.teamtalkj.pdu.Pdu;
import io.teamtalkj.pdu.PduHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CID_FILE_STATE (0x0503) from a logged-in client. Online: cancel (either side), refuse
 * (receiver) and done (receiver) end the task and are relayed to the peer, with the user id of
 * the connection (not what the client wrote). Offline upload: cancel drops the partial file.
 * Offline download: done after the whole file was read deletes the stored file; cancel just ends.
 */
final class FileStateHandler implements PduHandler<IMFileState> {
    private static final Logger log = LoggerFactory.getLogger(FileStateHandler.class);

    private final Transfers transfers;

    FileStateHandler(Transfers transfers) {
        this.transfers = transfers;
    }

    @Override
    public void handle(ChannelHandlerContext ctx, Pdu pdu, IMFileState msg) {
        FileConn conn = FileConn.of(ctx.channel());
        ClientFileState state = msg.getState();
        OfflineStore.StoredFile file = conn.download;
        if (file != null) {
            if (state == ClientFileState.CLIENT_FILE_DONE && conn.servedUpTo >= file.size()) {
                log.info("offline file {} downloaded by user {}; deleting it", file.taskId(), Integer.toUnsignedString(conn.userId));
                transfers.onDisk(() -> transfers.store.delete(file.taskId()));
            }
            if (state != ClientFileState.CLIENT_FILE_PEER_READY) {
                ctx.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            }
            return;
        }
        FileTask task = conn.task;
        if (task == null || !task.id.equals(msg.getTaskId())) {
            log.info("file state {} for task {} from {} that is not in it; ignored", state, msg.getTaskId(), conn);
            return;
        }
        task.touch();
        switch (state) {
            case CLIENT_FILE_CANCEL -> transfers.finish(task, state, conn.userId, ctx.channel());
            case CLIENT_FILE_REFUSE, CLIENT_FILE_DONE -> {
                if (conn.role == ClientFileRole.CLIENT_REALTIME_RECVER || conn.role == ClientFileRole.CLIENT_REALTIME_SENDER) {
                    transfers.finish(task, state, conn.userId, ctx.channel());
                } else {
                    // an uploader does not decide when its upload is complete: the server does
                    log.info("{}: {} from the uploader ignored", task, state);
                }
            }
            default -> log.debug("{}: {} from {} ignored", task, state, conn);
        }
    }
}
