package io.teamtalkj.msgserver.handler;

import com.google.protobuf.InvalidProtocolBufferException;
import com.mogujie.tt.protobuf.IMFile.IMFileHasOfflineReq;
import com.mogujie.tt.protobuf.IMFile.IMFileHasOfflineRsp;
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
 * CID_FILE_HAS_OFFLINE_REQ (0x0509): the offline files waiting for the session's user, from the
 * dbproxy, with the file-servers' client addresses added (as TeamTalk's msg_server does) so the
 * client knows where to download them.
 */
final class FileHasOfflineHandler implements PduHandler<IMFileHasOfflineReq> {
    private static final Logger log = LoggerFactory.getLogger(FileHasOfflineHandler.class);

    private final MsgServerContext ctx;

    FileHasOfflineHandler(MsgServerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void handle(ChannelHandlerContext channel, Pdu pdu, IMFileHasOfflineReq req) {
        ClientSession session = ClientSession.of(channel.channel());
        IMFileHasOfflineReq mine = req.toBuilder().setUserId(session.userId()).clearAttachData().build();
        ctx.db().call(CommandId.CID_FILE_HAS_OFFLINE_REQ, mine.toByteArray(), Conversations.user(session.userId()))
                .whenComplete((reply, err) -> {
                    if (err != null) {
                        ctx.stats().dbFailures.increment();
                        log.warn("offline file list for {} not answered: {}", session, err.getMessage());
                        return;
                    }
                    IMFileHasOfflineRsp rsp;
                    try {
                        rsp = reply.parse(IMFileHasOfflineRsp.parser());
                    } catch (InvalidProtocolBufferException e) {
                        log.warn("unreadable offline file list from the dbproxy for {}: {}", session, e.getMessage());
                        return;
                    }
                    session.send(Pdu.of(CommandId.CID_FILE_HAS_OFFLINE_RES, pdu.seq(), rsp.toBuilder().clearAttachData()
                            .clearIpAddrList().addAllIpAddrList(ctx.files().clientAddresses()).build()));
                });
    }
}
