package io.teamtalkj.msgserver.session;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.teamtalkj.msgserver.MsgServerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the session when a connection opens and, when it closes, takes it out of the
 * registry and tells the login-servers (one fewer) and route-servers (offline).
 */
@io.netty.channel.ChannelHandler.Sharable
public final class SessionLifecycle extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(SessionLifecycle.class);

    private final MsgServerContext ctx;

    public SessionLifecycle(MsgServerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext channel) {
        ClientSession.attach(channel.channel());
    }

    @Override
    public void channelActive(ChannelHandlerContext channel) throws Exception {
        log.debug("client connected from {}", channel.channel().remoteAddress());
        super.channelActive(channel);
    }

    @Override
    public void channelInactive(ChannelHandlerContext channel) throws Exception {
        ClientSession session = ClientSession.of(channel.channel());
        ClientSession.State was = session.state();
        session.closed();
        if (was == ClientSession.State.AUTHENTICATED || was == ClientSession.State.KICKED) {
            ctx.sessions().remove(session);
            ctx.login().userLoggedOut(session.userId());
            io.teamtalkj.msgserver.push.PhoneStateReports.gone(ctx, session);
            if (session.reportedOnline()) {
                ctx.relay().userOffline(session.userId(), session.clientType());
                session.reportedOnline(false);
            }
            log.debug("user {} ({}) disconnected from {}", session.userId(), session.clientType(), session.peer());
        }
        super.channelInactive(channel);
    }
}
