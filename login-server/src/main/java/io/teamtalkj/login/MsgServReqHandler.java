package io.teamtalkj.login;

import com.mogujie.tt.protobuf.IMBaseDefine.ResultType;
import com.mogujie.tt.protobuf.IMLogin.IMMsgServReq;
import com.mogujie.tt.protobuf.IMLogin.IMMsgServRsp;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Pdu;
import io.teamtalkj.pdu.PduHandler;

/**
 * IMMsgServReq (0x0101) on the legacy TCP port: answers IMMsgServRsp (0x0102) with the client's
 * seq and the same choice as HTTP, then closes the connection as TeamTalk documents.
 */
final class MsgServReqHandler implements PduHandler<IMMsgServReq> {
    private final MsgServerRegistry registry;
    private final LoginMetrics metrics;

    MsgServReqHandler(MsgServerRegistry registry, LoginMetrics metrics) {
        this.registry = registry;
        this.metrics = metrics;
    }

    @Override
    public void handle(ChannelHandlerContext ctx, Pdu pdu, IMMsgServReq request) {
        MsgServerChoice choice = registry.choose();
        metrics.answered(choice);
        ctx.writeAndFlush(Pdu.of(CommandId.CID_LOGIN_RES_MSGSERVER, pdu.seq(), response(choice)))
                .addListener(ChannelFutureListener.CLOSE);
    }

    static IMMsgServRsp response(MsgServerChoice choice) {
        IMMsgServRsp.Builder rsp = IMMsgServRsp.newBuilder().setResultCode(ResultType.forNumber(choice.code()));
        MsgServerEntry server = choice.server();
        if (server != null) {
            rsp.setPriorIp(server.ip1()).setBackipIp(server.ip2()).setPort(server.port());
        }
        return rsp.build();
    }
}
