package io.teamtalkj.msgserver.handler;

import com.mogujie.tt.protobuf.IMFile.IMFileDelOfflineReq;
import io.netty.channel.ChannelHandlerContext;
import io.teamtalkj.msgserver.MsgServerContext;
import io.teamtalkj.pdu.Conversations;
import io.teamtalkj.msgserver.session.ClientSession;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Pdu;
import io.teamtalkj.pdu.PduHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CID_FILE_DEL_OFFLINE_REQ (0x050c): an offline file is taken (usually sent by the receiver after
 * its download, from_user_id = the uploader). Forwarded to the dbproxy, no reply. TeamTalk trusted
 * both ids; here the session's user must be one of the two: unless it is the uploader, it is the
 * receiver, so nobody can delete someone else's pending file.
 */
final class FileDelOfflineHandler implements PduHandler<IMFileDelOfflineReq> {
    private static final Logger log = LoggerFactory.getLogger(FileDelOfflineHandler.class);

    private final MsgServerContext ctx;

    FileDelOfflineHandler(MsgServerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void handle(ChannelHandlerContext channel, Pdu pdu, IMFileDelOfflineReq req) {
        ClientSession session = ClientSession.of(channel.channel());
        int me = session.userId();
        IMFileDelOfflineReq mine = req.getFromUserId() == me ? req : req.toBuilder().setToUserId(me).build();
        if (!ctx.db().send(CommandId.CID_FILE_DEL_OFFLINE_REQ, mine.toByteArray(),
                Conversations.pair(mine.getFromUserId(), mine.getToUserId()))) {
            ctx.stats().dbFailures.increment();
            log.warn("offline file {} delete by {} not sent: no dbproxy link is up", req.getTaskId(), me);
        }
    }
}
