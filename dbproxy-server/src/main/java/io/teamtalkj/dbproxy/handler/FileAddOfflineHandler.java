package io.teamtalkj.dbproxy.handler;

import com.google.protobuf.Parser;
import com.mogujie.tt.protobuf.IMFile.IMFileAddOfflineReq;
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
 * CID_FILE_ADD_OFFLINE_REQ (0x050b): records an offline file waiting for its receiver
 * (IMTransmitFile, status 0). No reply, as in TeamTalk. A task id seen before is ignored (the
 * unique key on taskId), so a resent request does not duplicate the file.
 */
public final class FileAddOfflineHandler implements DbHandler<IMFileAddOfflineReq> {
    private static final Logger log = LoggerFactory.getLogger(FileAddOfflineHandler.class);

    /** IMTransmitFile column widths. */
    static final int MAX_TASK_ID_CHARS = 64;
    static final int MAX_FILE_NAME_CHARS = 255;

    @Override
    public int commandId() {
        return CommandId.CID_FILE_ADD_OFFLINE_REQ;
    }

    @Override
    public Parser<IMFileAddOfflineReq> parser() {
        return IMFileAddOfflineReq.parser();
    }

    /** The user pair, so an add and a later delete of the same transfer stay in order. */
    @Override
    public long orderingKey(IMFileAddOfflineReq request) {
        return Conversations.pair(request.getFromUserId(), request.getToUserId());
    }

    @Override
    public Reply handle(IMFileAddOfflineReq r, DbContext ctx) throws Exception {
        String invalid = validate(r);
        if (invalid != null) {
            log.warn("offline file from {} to {} not recorded: {}", r.getFromUserId(), r.getToUserId(), invalid);
            return Reply.NONE;
        }
        int now = ctx.now();
        try (Connection c = ctx.storage().connection()) {
            if (!OfflineFiles.add(c, r.getFromUserId(), r.getToUserId(), r.getFileName(),
                    Integer.toUnsignedLong(r.getFileSize()), r.getTaskId(), now)) {
                log.info("offline file task {} already recorded; ignored", r.getTaskId());
            }
        }
        return Reply.NONE;
    }

    private static String validate(IMFileAddOfflineReq r) {
        if (r.getFromUserId() == 0 || r.getToUserId() == 0) {
            return "sender and receiver must be set";
        }
        String task = r.getTaskId();
        if (task.isEmpty() || task.codePointCount(0, task.length()) > MAX_TASK_ID_CHARS) {
            return "task id empty or longer than " + MAX_TASK_ID_CHARS + " characters";
        }
        String name = r.getFileName();
        if (name.codePointCount(0, name.length()) > MAX_FILE_NAME_CHARS) {
            return "file name longer than " + MAX_FILE_NAME_CHARS + " characters";
        }
        return null;
    }
}
