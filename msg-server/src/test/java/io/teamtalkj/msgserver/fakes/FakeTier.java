package io.teamtalkj.msgserver.fakes;

import io.teamtalkj.control.TierMetrics;
import com.mogujie.tt.protobuf.IMBaseDefine.ClientType;
import com.mogujie.tt.protobuf.IMBaseDefine.UserStatType;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.teamtalkj.msgserver.MsgServerConfig;
import io.teamtalkj.msgserver.MsgServerContext;
import io.teamtalkj.msgserver.MsgServerStats;
import io.teamtalkj.msgserver.cluster.FileServers;
import io.teamtalkj.msgserver.cluster.LoginReporting;
import io.teamtalkj.msgserver.handler.Handlers;
import io.teamtalkj.msgserver.session.ClientSession;
import io.teamtalkj.msgserver.session.Kicker;
import io.teamtalkj.msgserver.session.SessionRegistry;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Pdu;
import io.teamtalkj.pdu.PduDispatcher;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * A msg-server's handlers on in-memory fakes: the dbproxies ({@link FakeDb}), the route-server
 * ({@link FakeRelay}), a fixed clock, and client connections as EmbeddedChannels whose pipeline is
 * the real command dispatcher. Change {@link #config} before the first {@link #context()}.
 */
public final class FakeTier {
    public static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

    public final MsgServerConfig config = new MsgServerConfig();
    public final MsgServerStats stats = new MsgServerStats(new TierMetrics());
    public final SessionRegistry sessions = new SessionRegistry();
    public final FakeDb db = new FakeDb();
    public final FakeRelay relay = new FakeRelay();
    private MsgServerContext ctx;
    private PduDispatcher dispatcher;

    public MsgServerContext context() {
        if (ctx == null) {
            ctx = new MsgServerContext(config, sessions, db, relay, LoginReporting.NONE, stats, FileServers.NONE,
                    Clock.fixed(NOW, ZoneOffset.UTC));
            dispatcher = new PduDispatcher("test", Handlers.registry(ctx, new Kicker(config.kickGrace, stats)));
        }
        return ctx;
    }

    /** A connection that has not logged in. */
    public EmbeddedChannel connection() {
        context();
        EmbeddedChannel ch = new EmbeddedChannel();
        ClientSession.attach(ch);
        ch.pipeline().addLast(dispatcher);
        return ch;
    }

    /** A logged-in connection of {@code userId}, registered like LoginHandler does. */
    public EmbeddedChannel client(int userId, ClientType type) {
        EmbeddedChannel ch = connection();
        ClientSession s = ClientSession.of(ch);
        s.beginLogin();
        s.authenticated(userId, type, UserStatType.USER_STATUS_ONLINE);
        sessions.add(s);
        return ch;
    }

    /** What the connection was sent so far, oldest first, or null. */
    public static Pdu sent(EmbeddedChannel ch) {
        ch.runPendingTasks();
        Object out = ch.readOutbound();
        if (out instanceof ByteBuf frame) { // a push encoded once for all its connections
            try {
                frame.skipBytes(4);
                int version = frame.readUnsignedShort();
                int flag = frame.readUnsignedShort();
                int service = frame.readUnsignedShort();
                int command = frame.readUnsignedShort();
                int seq = frame.readUnsignedShort();
                int reserved = frame.readUnsignedShort();
                byte[] body = new byte[frame.readableBytes()];
                frame.readBytes(body);
                return new Pdu(version, flag, service, command, seq, reserved, body);
            } finally {
                frame.release();
            }
        }
        return (Pdu) out;
    }

    /** The next frame the connection was sent, which must be {@code commandId}. */
    public static <T extends MessageLite> T sent(EmbeddedChannel ch, int commandId, Parser<T> parser) throws IOException {
        Pdu p = sent(ch);
        if (p == null || p.commandId() != commandId) {
            throw new AssertionError("expected " + CommandId.name(commandId) + ", got " + p);
        }
        return p.parse(parser);
    }
}
