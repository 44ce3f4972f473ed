package io.teamtalkj.file;

import com.mogujie.tt.protobuf.IMServer.IMFileTransferReq;
import com.mogujie.tt.protobuf.IMServer.IMFileTransferRsp;
import io.netty.channel.ChannelHandlerContext;
import io.teamtalkj.file.transfer.Transfers;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Pdu;
import io.teamtalkj.pdu.PduHandler;

/**
 * CID_OTHER_FILE_TRANSFER_REQ (0x0731) from a msg-server: creates a task and answers
 * IMFileTransferRsp (0x0732) with its id, echoing seq and attach_data so the msg-server can
 * match the answer to its client.
 */
final class FileTransferReqHandler implements PduHandler<IMFileTransferReq> {
    private final Transfers transfers;

    FileTransferReqHandler(Transfers transfers) {
        this.transfers = transfers;
    }

    @Override
    public void handle(ChannelHandlerContext ctx, Pdu pdu, IMFileTransferReq req) {
        Transfers.Creation c = transfers.create(req);
        IMFileTransferRsp.Builder rsp = IMFileTransferRsp.newBuilder()
                .setResultCode(c.result())
                .setFromUserId(req.getFromUserId())
                .setToUserId(req.getToUserId())
                .setFileName(req.getFileName())
                .setFileSize(req.getFileSize())
                .setTransMode(req.getTransMode());
        if (c.task() != null) {
            rsp.setTaskId(c.task().id());
        }
        if (req.hasAttachData()) {
            rsp.setAttachData(req.getAttachData());
        }
        ctx.writeAndFlush(Pdu.of(CommandId.CID_OTHER_FILE_TRANSFER_RSP, pdu.seq(), rsp.build()));
    }
}
