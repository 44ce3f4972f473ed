package io.teamtalkj.msgserver.handler;

import io.teamtalkj.pdu.ClientClass;
import com.mogujie.tt.protobuf.IMBaseDefine.IpAddr;
import com.mogujie.tt.protobuf.IMBaseDefine.TransferFileType;
import com.mogujie.tt.protobuf.IMBaseDefine.UserStat;
import com.mogujie.tt.protobuf.IMBaseDefine.UserStatType;
import com.mogujie.tt.protobuf.IMFile.IMFileNotify;
import com.mogujie.tt.protobuf.IMFile.IMFileReq;
import com.mogujie.tt.protobuf.IMFile.IMFileRsp;
import com.mogujie.tt.protobuf.IMServer.IMFileTransferReq;
import com.mogujie.tt.protobuf.IMServer.IMFileTransferRsp;
import io.netty.channel.ChannelHandlerContext;
import io.teamtalkj.pdu.FileProtocol;
import io.teamtalkj.msgserver.MsgServerContext;
import io.teamtalkj.msgserver.session.ClientSession;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Pdu;
import io.teamtalkj.pdu.PduHandler;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CID_FILE_REQUEST (0x0506): a user wants to send a file. Online mode stays online only while the
 * receiver has a PC client on (TeamTalk's rule: only PC clients take online transfers; asked of
 * the route-servers' presence when the receiver is not here), otherwise it becomes offline. A
 * file-server creates the task (0x0731 → 0x0732); the sender gets IMFileRsp (0x0507) with the task
 * id and the file-server's client addresses, and for an online transfer the receiver's PC
 * connections get IMFileNotify (0x0508), through the route-server when they are elsewhere. The
 * sender is the session's user. Without a reachable file-server the sender gets result
 * {@link FileProtocol#NO_FILE_SERVER}.
 */
final class FileReqHandler implements PduHandler<IMFileReq> {
    private static final Logger log = LoggerFactory.getLogger(FileReqHandler.class);

    private final MsgServerContext ctx;

    FileReqHandler(MsgServerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void handle(ChannelHandlerContext channel, Pdu pdu, IMFileReq req) {
        ClientSession session = ClientSession.of(channel.channel());
        int from = session.userId();
        int to = req.getToUserId();
        if (to == 0 || to == from) {
            reply(session, pdu, req, FileProtocol.FAILED, "", List.of(), req.getTransMode());
            return;
        }
        if (!ctx.files().configured()) {
            log.info("file from {} to {} refused: no file-server configured", from, to);
            reply(session, pdu, req, FileProtocol.NO_FILE_SERVER, "", List.of(), req.getTransMode());
            return;
        }
        CompletableFuture<TransferFileType> mode = req.getTransMode() == TransferFileType.FILE_TYPE_OFFLINE
                ? CompletableFuture.completedFuture(TransferFileType.FILE_TYPE_OFFLINE)
                : pcOnline(from, to).thenApply(on -> on ? TransferFileType.FILE_TYPE_ONLINE : TransferFileType.FILE_TYPE_OFFLINE);
        mode.thenAccept(m -> createTask(session, pdu, req, from, to, m));
    }

    /** Whether a PC client of the user is on anywhere (here, else per the route-servers). */
    private CompletableFuture<Boolean> pcOnline(int asker, int user) {
        for (ClientSession s : ctx.sessions().sessions(user)) {
            if (s.deviceClass() == ClientClass.PC) {
                return CompletableFuture.completedFuture(true);
            }
        }
        if (!ctx.relay().available()) {
            return CompletableFuture.completedFuture(false);
        }
        return ctx.relay().usersStatus(asker, List.of(user)).handle((rsp, err) -> {
            if (err != null) {
                log.debug("presence of {} unknown ({}); sending offline", user, err.toString());
                return false;
            }
            for (UserStat st : rsp.getUserStatListList()) {
                if (st.getUserId() == user) {
                    return st.hasTtOnlineClasses() ? (st.getTtOnlineClasses() & ClientClass.PC.bit) != 0
                            : st.getStatus() == UserStatType.USER_STATUS_ONLINE;
                }
            }
            return false;
        });
    }

    private void createTask(ClientSession session, Pdu pdu, IMFileReq req, int from, int to, TransferFileType mode) {
        IMFileTransferReq transfer = IMFileTransferReq.newBuilder().setFromUserId(from).setToUserId(to)
                .setFileName(req.getFileName()).setFileSize(req.getFileSize()).setTransMode(mode).build();
        ctx.files().transfer(transfer).whenComplete((t, err) -> {
            if (err != null) {
                log.warn("file from {} to {}: no file-server task ({})", from, to, err.toString());
                reply(session, pdu, req, FileProtocol.NO_FILE_SERVER, "", List.of(), mode);
                return;
            }
            IMFileTransferRsp rsp = t.response();
            if (rsp.getResultCode() != FileProtocol.OK) {
                log.info("file from {} to {} refused by the file-server: {}", from, to, FileProtocol.describe(rsp.getResultCode()));
                reply(session, pdu, req, rsp.getResultCode(), "", List.of(), mode);
                return;
            }
            reply(session, pdu, req, FileProtocol.OK, rsp.getTaskId(), t.clientAddresses(), mode);
            if (mode == TransferFileType.FILE_TYPE_ONLINE) {
                IMFileNotify notify = IMFileNotify.newBuilder().setFromUserId(from).setToUserId(to)
                        .setFileName(req.getFileName()).setFileSize(req.getFileSize()).setTaskId(rsp.getTaskId())
                        .addAllIpAddrList(t.clientAddresses()).setTransMode(mode).setOfflineReady(0).build();
                ctx.deliverer().deliver(CommandId.CID_FILE_NOTIFY, notify, List.of(to), null, ClientClass.PC.bit);
            }
        });
    }

    private static void reply(ClientSession session, Pdu pdu, IMFileReq req, int result, String taskId, List<IpAddr> addrs,
                              TransferFileType mode) {
        session.send(Pdu.of(CommandId.CID_FILE_RESPONSE, pdu.seq(), IMFileRsp.newBuilder()
                .setResultCode(result)
                .setFromUserId(session.userId())
                .setToUserId(req.getToUserId())
                .setFileName(req.getFileName())
                .setTaskId(taskId)
                .addAllIpAddrList(addrs)
                .setTransMode(mode)
                .build()));
    }
}
