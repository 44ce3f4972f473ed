package io.teamtalkj.file;

import com.mogujie.tt.protobuf.IMBaseDefine.IpAddr;
import com.mogujie.tt.protobuf.IMServer.IMFileServerIPReq;
import com.mogujie.tt.protobuf.IMServer.IMFileServerIPRsp;
import io.netty.channel.ChannelHandlerContext;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Pdu;
import io.teamtalkj.pdu.PduHandler;
import java.util.function.IntSupplier;

/** CID_OTHER_FILE_SERVER_IP_REQ (0x0733) from a msg-server: the addresses clients reach the client port on. */
final class FileServerIpHandler implements PduHandler<IMFileServerIPReq> {
    private final FileServerConfig config;
    private final IntSupplier clientPort;

    FileServerIpHandler(FileServerConfig config, IntSupplier clientPort) {
        this.config = config;
        this.clientPort = clientPort;
    }

    @Override
    public void handle(ChannelHandlerContext ctx, Pdu pdu, IMFileServerIPReq req) {
        ctx.writeAndFlush(Pdu.of(CommandId.CID_OTHER_FILE_SERVER_IP_RSP, pdu.seq(), addresses(config, clientPort.getAsInt())));
    }

    static IMFileServerIPRsp addresses(FileServerConfig config, int boundPort) {
        int port = config.advertisedPort != 0 ? config.advertisedPort : boundPort;
        IMFileServerIPRsp.Builder rsp = IMFileServerIPRsp.newBuilder();
        for (String host : config.advertisedHosts) {
            rsp.addIpAddrList(IpAddr.newBuilder().setIp(host).setPort(port));
        }
        return rsp.build();
    }
}
