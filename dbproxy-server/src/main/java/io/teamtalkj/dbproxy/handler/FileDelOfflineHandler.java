package io.teamtalkj.dbproxy.handler;

import com.google.protobuf.Parser;
import com.mogujie.tt.protobuf.IMFile.IMFileDelOfflineReq;
import io.teamtalkj.dbproxy.core.DbContext;
import io.teamtalkj.dbproxy.core.DbHandler;
import io.teamtalkj.dbproxy.storage.OfflineFiles;
import io.teamtalkj.pdu.Conversations;
import io.teamtalkj.pdu.Reply;
import io.teamtalkj.pdu.CommandId;
import java.sql.Connection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CID_FILE_DEL_OFFLINE_REQ (0x050c): marks an offline file taken (status 1). No reply, as in
 * TeamTalk. Only the row whose task id AND sender AND receiver all match is touched: TeamTalk
 * deleted by a concatenated task id alone, so anyone knowing (or injecting) an id could delete
 * another user's file.
 */
public final class FileDelOfflineHandler implements DbHandler<IMFileDelOfflineReq> {
    private static final Logger log = LoggerFactory.getLogger(FileDelOfflineHandler.class);

    @Override
    public int commandId() {
        return CommandId.CID_FILE_DEL_OFFLINE_REQ;
    }

    @Override
    public Parser<IMFileDelOfflineReq> parser() {
        return IMFileDelOfflineReq.parser();
    }

    @Override
    public long orderingKey(IMFileDelOfflineReq request) {
        return Conversations.pair(request.getFromUserId(), request.getToUserId());
    }

    @Override
    public Reply handle(IMFileDelOfflineReq r, DbContext ctx) throws Exception {
        try (Connection c = ctx.storage().connection()) {
            if (!OfflineFiles.take(c, r.getTaskId(), r.getFromUserId(), r.getToUserId(), ctx.now())) {
                log.info("offline file task {} from {} to {}: no waiting file matches; nothing deleted",
                        r.getTaskId(), r.getFromUserId(), r.getToUserId());
            }
        }
        return Reply.NONE;
    }
}
