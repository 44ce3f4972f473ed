package io.teamtalkj.msgserver.handler;

import com.mogujie.tt.protobuf.IMMessage.IMClientTimeReq;
import com.mogujie.tt.protobuf.IMMessage.IMClientTimeRsp;
import io.netty.channel.ChannelHandlerContext;
import io.teamtalkj.msgserver.MsgServerContext;
import io.teamtalkj.msgserver.session.ClientSession;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Pdu;
import io.teamtalkj.pdu.PduHandler;

/** CID_MSG_TIME_REQUEST (0x0305): the server's clock, answered locally. */
final class ClientTimeHandler implements PduHandler<IMClientTimeReq> {
    private final MsgServerContext ctx;

    ClientTimeHandler(MsgServerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void handle(ChannelHandlerContext channel, Pdu pdu, IMClientTimeReq req) {
        ClientSession.of(channel.channel()).send(Pdu.of(CommandId.CID_MSG_TIME_RESPONSE, pdu.seq(),
                IMClientTimeRsp.newBuilder().setServerTime(ctx.now()).build()));
    }
}
