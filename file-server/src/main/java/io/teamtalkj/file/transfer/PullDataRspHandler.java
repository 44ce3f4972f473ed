package io.teamtalkj.file.transfer;

import com.mogujie.tt.protobuf.IMBaseDefine.ClientFileRole;
import com.mogujie.tt.protobuf.IMBaseDefine.ClientFileState;
import com.mogujie.tt.protobuf.IMFile.IMFilePullDataRsp;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.teamtalkj.pdu.FileProtocol;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Pdu;
import io.teamtalkj.pdu.PduHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CID_FILE_PULL_DATA_RSP (0x0505) from a sender. Online: checked against the file and forwarded
 * to the receiver (seq kept). Offline upload: must be exactly the segment the server asked for;
 * it is written to disk before the next one is asked for. A sender answering with a non-zero
 * result (it cannot read its file) cancels the task.
 */
final class PullDataRspHandler implements PduHandler<IMFilePullDataRsp> {
    private static final Logger log = LoggerFactory.getLogger(PullDataRspHandler.class);

    private final Transfers transfers;

    PullDataRspHandler(Transfers transfers) {
        this.transfers = transfers;
    }

    @Override
    public void handle(ChannelHandlerContext ctx, Pdu pdu, IMFilePullDataRsp rsp) {
        Channel ch = ctx.channel();
        FileConn conn = FileConn.of(ch);
        FileTask task = conn.task;
        boolean sender = conn.role == ClientFileRole.CLIENT_REALTIME_SENDER || conn.role == ClientFileRole.CLIENT_OFFLINE_UPLOAD;
        if (task == null || !sender || !task.id.equals(rsp.getTaskId())) {
            log.info("data for task {} from {} that is not its sender; ignored", rsp.getTaskId(), conn);
            return;
        }
        if (rsp.getResultCode() != FileProtocol.OK) {
            log.info("{}: the sender cannot supply data (result {}); cancelling", task, rsp.getResultCode());
            // both ends hear CANCEL (the sender too: it only reported a failure)
            transfers.finish(task, ClientFileState.CLIENT_FILE_CANCEL, conn.userId, null);
            return;
        }
        long offset = Integer.toUnsignedLong(rsp.getOffset());
        byte[] data = rsp.getFileData().toByteArray();
        if (conn.role == ClientFileRole.CLIENT_OFFLINE_UPLOAD) {
            transfers.uploaded(task, ch, offset, data);
            return;
        }
        if (!PullDataReqHandler.inside(offset, data.length, task.size)) {
            log.info("{}: data outside the file from the sender (offset {}, {} bytes); cancelling", task, offset, data.length);
            transfers.finish(task, ClientFileState.CLIENT_FILE_CANCEL, 0, null);
            return;
        }
        Channel receiver = task.receiver();
        if (receiver == null || task.ended()) {
            return;
        }
        task.touch();
        transfers.metrics.relayedBytes.increment(data.length);
        receiver.writeAndFlush(Pdu.of(CommandId.CID_FILE_PULL_DATA_RSP, pdu.seq(), rsp.toBuilder().setUserId(conn.userId).build()));
    }
}
