package io.teamtalkj.msgserver.handler;

import io.teamtalkj.pdu.ClientClass;
import com.mogujie.tt.protobuf.IMBaseDefine.ClientType;
import com.mogujie.tt.protobuf.IMBaseDefine.KickReasonType;
import com.mogujie.tt.protobuf.IMLogin.IMKickPCClientReq;
import com.mogujie.tt.protobuf.IMLogin.IMKickPCClientRsp;
import com.mogujie.tt.protobuf.IMServer.IMServerKickUser;
import io.netty.channel.ChannelHandlerContext;
import io.teamtalkj.msgserver.MsgServerContext;
import io.teamtalkj.msgserver.session.ClientSession;
import io.teamtalkj.msgserver.session.Kicker;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Pdu;
import io.teamtalkj.pdu.PduHandler;
import java.util.List;

/**
 * CID_LOGIN_REQ_KICKPCCLIENT (0x010a): a phone signs its user out of every PC, here and (through
 * the route-server) on other msg-servers. Only a mobile session may do this; a PC asking gets
 * result 1 and nothing happens.
 */
final class KickPcClientHandler implements PduHandler<IMKickPCClientReq> {
    private final MsgServerContext ctx;
    private final Kicker kicker;

    KickPcClientHandler(MsgServerContext ctx, Kicker kicker) {
        this.ctx = ctx;
        this.kicker = kicker;
    }

    @Override
    public void handle(ChannelHandlerContext channel, Pdu pdu, IMKickPCClientReq req) {
        ClientSession session = ClientSession.of(channel.channel());
        int userId = session.userId();
        int result = 0;
        if (session.deviceClass() != ClientClass.MOBILE) {
            result = 1;
        } else {
            for (ClientSession pc : ctx.sessions().removeClass(userId, ClientClass.PC)) {
                kicker.kick(pc, KickReasonType.KICK_REASON_MOBILE_KICK);
            }
            ctx.relay().relay(CommandId.CID_OTHER_SERVER_KICK_USER,
                    IMServerKickUser.newBuilder().setUserId(userId).setClientType(ClientType.CLIENT_TYPE_WINDOWS)
                            .setReason(KickReasonType.KICK_REASON_MOBILE_KICK_VALUE).build(),
                    List.of(userId), ClientClass.PC.bit);
        }
        session.send(Pdu.of(CommandId.CID_LOGIN_RES_KICKPCCLIENT, pdu.seq(),
                IMKickPCClientRsp.newBuilder().setUserId(userId).setResultCode(result).build()));
    }
}
