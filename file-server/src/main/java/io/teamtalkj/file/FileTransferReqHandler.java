package io.teamtalkj.file;

import com.mogujie.tt.protobuf.IMServer.IMFileTransferReq;
import com.mogujie.tt.protobuf.IMServer.IMFileTransferRsp;
import io.teamtalkj.file.transfer.Transfers;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Reply;
import io.teamtalkj.pdu.RequestHandler;

/**
 * CID_OTHER_FILE_TRANSFER_REQ (0x0731) from a msg-server: creates a task and answers
 * IMFileTransferRsp (0x0732) with its id; the registry sends it with the request's seq and
 * attach_data so the msg-server can match the answer to its client.
 */
final class FileTransferReqHandler implements RequestHandler<IMFileTransferReq> {
    private final Transfers transfers;

    FileTransferReqHandler(Transfers transfers) {
        this.transfers = transfers;
    }

    @Override
    public Reply handle(IMFileTransferReq req) {
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
        return Reply.of(CommandId.CID_OTHER_FILE_TRANSFER_RSP, rsp.build());
    }
}
