package io.teamtalkj.file.transfer;

import com.mogujie.tt.protobuf.IMFile;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.CommandRegistry;

/** The commands of the file-server's client port (protocol §2, SID_FILE 0x0501-0x0505). */
public final class ClientHandlers {
    private ClientHandlers() {
    }

    public static CommandRegistry registry(Transfers transfers) {
        return new CommandRegistry()
                .register(CommandId.CID_FILE_LOGIN_REQ, IMFile.IMFileLoginReq.parser(), new FileLoginHandler(transfers))
                .register(CommandId.CID_FILE_STATE, IMFile.IMFileState.parser(), new FileStateHandler(transfers))
                .register(CommandId.CID_FILE_PULL_DATA_REQ, IMFile.IMFilePullDataReq.parser(), new PullDataReqHandler(transfers))
                .register(CommandId.CID_FILE_PULL_DATA_RSP, IMFile.IMFilePullDataRsp.parser(), new PullDataRspHandler(transfers));
    }
}
