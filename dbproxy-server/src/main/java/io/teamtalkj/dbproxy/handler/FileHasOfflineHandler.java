package io.teamtalkj.dbproxy.handler;

import com.google.protobuf.Parser;
import com.mogujie.tt.protobuf.IMBaseDefine.OfflineFileInfo;
import com.mogujie.tt.protobuf.IMFile.IMFileHasOfflineReq;
import com.mogujie.tt.protobuf.IMFile.IMFileHasOfflineRsp;
import io.teamtalkj.dbproxy.core.DbContext;
import io.teamtalkj.dbproxy.core.DbHandler;
import io.teamtalkj.dbproxy.storage.OfflineFiles;
import io.teamtalkj.pdu.Conversations;
import io.teamtalkj.pdu.Reply;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Failure;
import java.sql.Connection;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CID_FILE_HAS_OFFLINE_REQ (0x0509): the offline files waiting for the user (oldest first).
 * ip_addr_list stays empty: msg-server adds its file-server addresses before answering the client.
 */
public final class FileHasOfflineHandler implements DbHandler<IMFileHasOfflineReq> {
    private static final Logger log = LoggerFactory.getLogger(FileHasOfflineHandler.class);

    /** Files listed per request; keeps the reply well under the clients' 400 KiB frame limit. */
    static final int MAX_FILES = 200;

    @Override
    public int commandId() {
        return CommandId.CID_FILE_HAS_OFFLINE_REQ;
    }

    @Override
    public Parser<IMFileHasOfflineReq> parser() {
        return IMFileHasOfflineReq.parser();
    }

    @Override
    public long orderingKey(IMFileHasOfflineReq request) {
        return Conversations.user(request.getUserId());
    }

    @Override
    public Reply handle(IMFileHasOfflineReq request, DbContext ctx) throws Exception {
        IMFileHasOfflineRsp.Builder rsp = start(request);
        List<OfflineFiles.Waiting> files;
        try (Connection c = ctx.storage().connection()) {
            files = OfflineFiles.waitingFor(c, request.getUserId(), MAX_FILES);
        }
        for (OfflineFiles.Waiting f : files) {
            rsp.addOfflineFileList(OfflineFileInfo.newBuilder().setFromUserId(f.fromId()).setTaskId(f.taskId())
                    .setFileName(f.fileName()).setFileSize((int) f.size()));
        }
        return Reply.of(CommandId.CID_FILE_HAS_OFFLINE_RES, rsp.build());
    }

    /** No result field: an empty list; the client asks again at its next login. */
    @Override
    public Reply onFailure(IMFileHasOfflineReq request, Failure failure, String reason) {
        log.warn("offline file list of user {} failed: {}", request.getUserId(), reason);
        return Reply.of(CommandId.CID_FILE_HAS_OFFLINE_RES, start(request).build());
    }

    private static IMFileHasOfflineRsp.Builder start(IMFileHasOfflineReq request) {
        IMFileHasOfflineRsp.Builder rsp = IMFileHasOfflineRsp.newBuilder().setUserId(request.getUserId());
        return rsp;
    }
}
