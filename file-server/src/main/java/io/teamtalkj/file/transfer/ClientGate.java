package io.teamtalkj.file.transfer;

import com.mogujie.tt.protobuf.IMBaseDefine.ClientFileState;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Pdu;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sits before the dispatcher on client connections: only IMFileLoginReq passes before a login
 * (anything else closes the connection), and a connection that goes away mid-task cancels it
 * for the peer (and drops a partial upload).
 */
@ChannelHandler.Sharable
public final class ClientGate extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ClientGate.class);

    private final Transfers transfers;

    public ClientGate(Transfers transfers) {
        this.transfers = transfers;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        log.debug("file client connected from {}", ctx.channel().remoteAddress());
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Pdu pdu && pdu.commandId() != CommandId.CID_FILE_LOGIN_REQ) {
            FileConn conn = FileConn.of(ctx.channel());
            if (conn.role == null) {
                if (!conn.loginSeen) {
                    log.info("closing {}: {} before a file login", ctx.channel().remoteAddress(), CommandId.name(pdu.commandId()));
                    ctx.close();
                }
                return; // login still being checked (disk): the client should have waited for the answer
            }
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        FileConn conn = FileConn.of(ctx.channel());
        FileTask task = conn.task;
        if (task != null && !task.ended()) {
            log.info("{} left before the end of {}; cancelling it", conn, task);
            transfers.finish(task, ClientFileState.CLIENT_FILE_CANCEL, conn.userId, ctx.channel());
        }
        super.channelInactive(ctx);
    }
}
