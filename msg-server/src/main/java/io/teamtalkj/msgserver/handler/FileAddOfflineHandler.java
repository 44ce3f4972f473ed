package io.teamtalkj.msgserver.handler;

import com.mogujie.tt.protobuf.IMBaseDefine.TransferFileType;
import com.mogujie.tt.protobuf.IMFile.IMFileAddOfflineReq;
import com.mogujie.tt.protobuf.IMFile.IMFileNotify;
import io.netty.channel.ChannelHandlerContext;
import io.teamtalkj.pdu.FileProtocol;
import io.teamtalkj.msgserver.MsgServerContext;
import io.teamtalkj.pdu.Conversations;
import io.teamtalkj.msgserver.delivery.Deliverer;
import io.teamtalkj.msgserver.session.ClientSession;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Pdu;
import io.teamtalkj.pdu.PduHandler;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CID_FILE_ADD_OFFLINE_REQ (0x050b): the uploader's offline file is on the file-server. The
 * record goes to the dbproxy (IMTransmitFile; no reply, as in TeamTalk) and the receiver's
 * connections, here and elsewhere, get IMFileNotify with offline_ready = 1 and the file-servers'
 * addresses. The uploader is the session's user. The receiver's inactive phones get a push
 * ("nick: [文件] name") once the record is stored.
 */
final class FileAddOfflineHandler implements PduHandler<IMFileAddOfflineReq> {
    private static final Logger log = LoggerFactory.getLogger(FileAddOfflineHandler.class);

    private final MsgServerContext ctx;

    FileAddOfflineHandler(MsgServerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void handle(ChannelHandlerContext channel, Pdu pdu, IMFileAddOfflineReq req) {
        ClientSession session = ClientSession.of(channel.channel());
        int from = session.userId();
        int to = req.getToUserId();
        if (to == 0 || to == from || !FileProtocol.validTaskId(req.getTaskId())) {
            log.info("offline file from {} to {} with task '{}' ignored: bad receiver or task id", from, to, req.getTaskId());
            return;
        }
        IMFileAddOfflineReq mine = req.toBuilder().setFromUserId(from).build();
        if (!ctx.db().send(CommandId.CID_FILE_ADD_OFFLINE_REQ, mine.toByteArray(), Conversations.pair(from, to))) {
            ctx.stats().dbFailures.increment();
            log.warn("offline file {} from {} to {} not recorded: no dbproxy link is up", req.getTaskId(), from, to);
        } else {
            ctx.pushes().offlineFile(from, session.nick(), to, req.getFileName());
        }
        IMFileNotify notify = IMFileNotify.newBuilder().setFromUserId(from).setToUserId(to).setFileName(req.getFileName())
                .setFileSize(req.getFileSize()).setTaskId(req.getTaskId()).addAllIpAddrList(ctx.files().clientAddresses())
                .setTransMode(TransferFileType.FILE_TYPE_OFFLINE).setOfflineReady(1).build();
        ctx.deliverer().deliver(CommandId.CID_FILE_NOTIFY, notify, List.of(to), null, Deliverer.ALL_CLASSES);
    }
}
