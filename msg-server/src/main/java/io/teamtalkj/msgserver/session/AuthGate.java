package io.teamtalkj.msgserver.session;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.teamtalkj.msgserver.MsgServerStats;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Pdu;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses every command but login from a connection that is not authenticated (heartbeats are
 * echoed before this handler), and every command from a kicked one: logged with the peer, then
 * the connection is closed. TeamTalk's msg_server let unauthenticated sockets act as user 0.
 */
@ChannelHandler.Sharable
public final class AuthGate extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(AuthGate.class);

    private final MsgServerStats stats;

    public AuthGate(MsgServerStats stats) {
        this.stats = stats;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Pdu pdu = (Pdu) msg;
        ClientSession session = ClientSession.of(ctx.channel());
        ClientSession.State state = session.state();
        boolean allowed = state == ClientSession.State.AUTHENTICATED
                || (pdu.commandId() == CommandId.CID_LOGIN_REQ_USERLOGIN && state != ClientSession.State.KICKED);
        if (allowed) {
            ctx.fireChannelRead(msg);
            return;
        }
        stats.refusedBeforeLogin.increment();
        log.warn("closing {}: {} while {}", ctx.channel().remoteAddress(), CommandId.name(pdu.commandId()),
                state == ClientSession.State.KICKED ? "kicked" : "not logged in");
        ctx.close();
    }
}
