package io.teamtalkj.msgserver.session;

import com.google.protobuf.ByteString;
import com.mogujie.tt.protobuf.IMOther.IMHeartBeat;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.teamtalkj.msgserver.MsgServerStats;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Pdu;
import java.time.Clock;

/**
 * Keeps a logged-in connection's session token fresh: a token lives only minutes, but a server can
 * be lost hours after its clients logged in. When the token given to a connection has passed half
 * its lifetime, the echo of the client's next heartbeat carries a new one
 * ({@code IMHeartBeat.tt_session_token}; TeamTalk clients ignore the field). Other heartbeats go
 * on to the plain echo. Sits before {@code PduPipelines.HEARTBEAT}.
 */
@ChannelHandler.Sharable
public final class SessionTokenRefresh extends ChannelInboundHandlerAdapter {
    private final SessionTokens tokens;
    private final MsgServerStats stats;
    private final Clock clock;

    public SessionTokenRefresh(SessionTokens tokens, MsgServerStats stats, Clock clock) {
        this.tokens = tokens;
        this.stats = stats;
        this.clock = clock;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Pdu pdu && pdu.commandId() == CommandId.CID_OTHER_HEARTBEAT) {
            ClientSession s = ClientSession.of(ctx.channel());
            long now = clock.millis();
            if (s != null && s.isAuthenticated() && s.tokenIssuedMillis() != 0
                    && now - s.tokenIssuedMillis() >= tokens.lifetime().toMillis() / 2) {
                byte[] token = tokens.issue(s.userId(), s.loginName(), now);
                s.tokenIssued(now);
                stats.tokensIssued.increment();
                ctx.writeAndFlush(Pdu.of(CommandId.CID_OTHER_HEARTBEAT, pdu.seq(),
                        IMHeartBeat.newBuilder().setTtSessionToken(ByteString.copyFrom(token)).build()), ctx.voidPromise());
                return;
            }
        }
        ctx.fireChannelRead(msg);
    }
}
