package io.teamtalkj.file.transfer;

import com.mogujie.tt.protobuf.IMBaseDefine.ClientFileRole;
import com.mogujie.tt.protobuf.IMBaseDefine.TransferFileType;
import com.mogujie.tt.protobuf.IMFile.IMFilePullDataReq;
import com.mogujie.tt.protobuf.IMFile.IMFilePullDataRsp;
import com.google.protobuf.ByteString;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.teamtalkj.pdu.FileProtocol;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Pdu;
import io.teamtalkj.pdu.PduHandler;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CID_FILE_PULL_DATA_REQ (0x0504) from a receiver. Online: checked against the file size and
 * forwarded to the sender (seq kept), who answers with the data. Offline download: read from
 * the stored file and answered directly.
 */
final class PullDataReqHandler implements PduHandler<IMFilePullDataReq> {
    private static final Logger log = LoggerFactory.getLogger(PullDataReqHandler.class);

    private final Transfers transfers;

    PullDataReqHandler(Transfers transfers) {
        this.transfers = transfers;
    }

    @Override
    public void handle(ChannelHandlerContext ctx, Pdu pdu, IMFilePullDataReq req) {
        Channel ch = ctx.channel();
        FileConn conn = FileConn.of(ch);
        long offset = Integer.toUnsignedLong(req.getOffset());
        long size = Integer.toUnsignedLong(req.getDataSize());
        OfflineStore.StoredFile file = conn.download;
        if (file != null) {
            if (!inside(offset, size, file.size())) {
                answer(ch, pdu, FileProtocol.BAD_RANGE, file.taskId(), file.fromUser(), offset, ByteString.EMPTY);
                return;
            }
            transfers.onDisk(() -> {
                byte[] data;
                try {
                    data = file.read(offset, (int) size);
                } catch (IOException e) {
                    log.error("offline file {}: read at {} failed: {}", file.taskId(), offset, e.toString());
                    transfers.metrics.diskReads.increment();
                    answer(ch, pdu, FileProtocol.STORAGE_FAILED, file.taskId(), file.fromUser(), offset, ByteString.EMPTY);
                    return;
                }
                conn.servedUpTo = Math.max(conn.servedUpTo, offset + size);
                transfers.metrics.downloadedBytes.increment(data.length);
                answer(ch, pdu, FileProtocol.OK, file.taskId(), file.fromUser(), offset, ByteString.copyFrom(data));
            });
            return;
        }
        FileTask task = conn.task;
        if (task == null || conn.role != ClientFileRole.CLIENT_REALTIME_RECVER || !task.id.equals(req.getTaskId())) {
            log.info("pull for task {} from {} that is not its receiver; ignored", req.getTaskId(), conn);
            return;
        }
        if (!inside(offset, size, task.size)) {
            answer(ch, pdu, FileProtocol.BAD_RANGE, task.id, task.fromUser, offset, ByteString.EMPTY);
            return;
        }
        Channel sender = task.sender();
        if (sender == null || task.ended()) {
            answer(ch, pdu, FileProtocol.FAILED, task.id, task.fromUser, offset, ByteString.EMPTY);
            return;
        }
        task.touch();
        sender.writeAndFlush(Pdu.of(CommandId.CID_FILE_PULL_DATA_REQ, pdu.seq(), req.toBuilder()
                .setUserId(conn.userId).setTransMode(TransferFileType.FILE_TYPE_ONLINE).build()));
    }

    static boolean inside(long offset, long size, long fileSize) {
        return size >= 1 && size <= FileProtocol.MAX_SEGMENT && offset + size <= fileSize;
    }

    private static void answer(Channel ch, Pdu pdu, int result, String taskId, int user, long offset, ByteString data) {
        ch.writeAndFlush(Pdu.of(CommandId.CID_FILE_PULL_DATA_RSP, pdu.seq(), IMFilePullDataRsp.newBuilder()
                .setResultCode(result).setTaskId(taskId).setUserId(user).setOffset((int) offset).setFileData(data).build()));
    }
}
