package io.teamtalkj.msgserver.handler;

import io.teamtalkj.pdu.ClientClass;
import com.mogujie.tt.protobuf.IMLogin.IMDeviceTokenReq;
import com.mogujie.tt.protobuf.IMLogin.IMLogoutReq;
import com.mogujie.tt.protobuf.IMLogin.IMLogoutRsp;
import io.netty.channel.ChannelHandlerContext;
import io.teamtalkj.msgserver.MsgServerContext;
import io.teamtalkj.pdu.Conversations;
import io.teamtalkj.msgserver.session.ClientSession;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Pdu;
import io.teamtalkj.pdu.PduHandler;

/**
 * CID_LOGIN_REQ_LOGINOUT (0x0105): a phone that logs out must not get pushes any more, so its
 * device token is cleared (as TeamTalk does); then IMLogoutRsp and the connection is closed.
 */
final class LogoutHandler implements PduHandler<IMLogoutReq> {
    private final MsgServerContext ctx;

    LogoutHandler(MsgServerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void handle(ChannelHandlerContext channel, Pdu pdu, IMLogoutReq req) {
        ClientSession session = ClientSession.of(channel.channel());
        if (session.deviceClass() == ClientClass.MOBILE) {
            IMDeviceTokenReq clear = IMDeviceTokenReq.newBuilder().setUserId(session.userId()).setDeviceToken("")
                    .setClientType(session.clientType()).setTtDeviceId(session.deviceId()).build();
            ctx.db().call(CommandId.CID_LOGIN_REQ_DEVICETOKEN, clear.toByteArray(), Conversations.user(session.userId()));
        }
        session.sendAndClose(Pdu.of(CommandId.CID_LOGIN_RES_LOGINOUT, pdu.seq(), IMLogoutRsp.newBuilder().setResultCode(0).build()));
    }
}
