package io.teamtalkj.msgserver.handler;

import io.teamtalkj.pdu.ClientClass;
import com.mogujie.tt.protobuf.IMLogin.IMDeviceTokenReq;
import com.mogujie.tt.protobuf.IMLogin.IMDeviceTokenRsp;
import io.netty.channel.ChannelHandlerContext;
import io.teamtalkj.msgserver.MsgServerContext;
import io.teamtalkj.pdu.Conversations;
import io.teamtalkj.msgserver.session.ClientSession;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Pdu;
import io.teamtalkj.pdu.PduHandler;

/**
 * CID_LOGIN_REQ_DEVICETOKEN (0x0108): a phone's push token, stored by the dbproxy under the
 * session's user, client type and device id (each device of a user keeps its own token). A PC has no push token: it is answered without storing anything
 * (TeamTalk ignored it and answered with an empty body, which breaks strict parsers).
 */
final class DeviceTokenHandler implements PduHandler<IMDeviceTokenReq> {
    private final MsgServerContext ctx;

    DeviceTokenHandler(MsgServerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void handle(ChannelHandlerContext channel, Pdu pdu, IMDeviceTokenReq req) {
        ClientSession session = ClientSession.of(channel.channel());
        if (session.deviceClass() != ClientClass.MOBILE) {
            session.send(Pdu.of(CommandId.CID_LOGIN_RES_DEVICETOKEN, pdu.seq(),
                    IMDeviceTokenRsp.newBuilder().setUserId(session.userId()).build()));
            return;
        }
        IMDeviceTokenReq mine = req.toBuilder().setUserId(session.userId()).setClientType(session.clientType())
                .setTtDeviceId(session.deviceId()).build();
        ctx.pushes().tokenChanged(session.userId()); // "has no token" no longer holds here
        ClientReplies.forward(ctx, session, pdu, mine, Conversations.user(session.userId()), null);
    }
}
