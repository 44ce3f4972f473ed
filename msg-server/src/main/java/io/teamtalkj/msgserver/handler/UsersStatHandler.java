package io.teamtalkj.msgserver.handler;

import com.mogujie.tt.protobuf.IMBaseDefine.UserStat;
import com.mogujie.tt.protobuf.IMBaseDefine.UserStatType;
import com.mogujie.tt.protobuf.IMBuddy.IMUsersStatReq;
import com.mogujie.tt.protobuf.IMBuddy.IMUsersStatRsp;
import io.netty.channel.ChannelHandlerContext;
import io.teamtalkj.msgserver.MsgServerContext;
import io.teamtalkj.msgserver.session.ClientSession;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Pdu;
import io.teamtalkj.pdu.PduHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CID_BUDDY_LIST_USERS_STATUS_REQUEST (0x020a): answered from the route-servers' cluster-wide
 * presence table; a msg-server without route-servers (or when none answers) answers from its own
 * connections, which is the whole truth when it runs alone.
 */
final class UsersStatHandler implements PduHandler<IMUsersStatReq> {
    private static final Logger log = LoggerFactory.getLogger(UsersStatHandler.class);

    private final MsgServerContext ctx;

    UsersStatHandler(MsgServerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void handle(ChannelHandlerContext channel, Pdu pdu, IMUsersStatReq req) {
        ClientSession session = ClientSession.of(channel.channel());
        if (!ctx.relay().available()) {
            answer(session, pdu, local(session.userId(), req));
            return;
        }
        ctx.relay().usersStatus(session.userId(), req.getUserIdListList()).whenComplete((rsp, err) -> {
            if (err != null) {
                log.debug("route-server status query failed ({}); answering from local connections", err.toString());
                answer(session, pdu, local(session.userId(), req));
            } else {
                answer(session, pdu, rsp.toBuilder().setUserId(session.userId()).clearAttachData().build());
            }
        });
    }

    private IMUsersStatRsp local(int requester, IMUsersStatReq req) {
        IMUsersStatRsp.Builder rsp = IMUsersStatRsp.newBuilder().setUserId(requester);
        for (int uid : req.getUserIdListList()) {
            rsp.addUserStatList(UserStat.newBuilder().setUserId(uid).setStatus(ctx.sessions().isOnline(uid)
                    ? UserStatType.USER_STATUS_ONLINE : UserStatType.USER_STATUS_OFFLINE));
        }
        return rsp.build();
    }

    private static void answer(ClientSession session, Pdu pdu, IMUsersStatRsp rsp) {
        session.send(Pdu.of(CommandId.CID_BUDDY_LIST_USERS_STATUS_RESPONSE, pdu.seq(), rsp));
    }
}
