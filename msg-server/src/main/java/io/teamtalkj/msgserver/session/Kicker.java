package io.teamtalkj.msgserver.session;

import com.mogujie.tt.protobuf.IMBaseDefine.KickReasonType;
import com.mogujie.tt.protobuf.IMLogin.IMKickUser;
import io.teamtalkj.msgserver.MsgServerStats;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Pdu;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kicks a connection: IMKickUser (0x0107), no more commands accepted, closed after a short grace
 * so the client can read why. TeamTalk left kicked connections open and usable; we do not.
 */
public final class Kicker {
    private static final Logger log = LoggerFactory.getLogger(Kicker.class);

    private final Duration grace;
    private final MsgServerStats stats;

    public Kicker(Duration grace, MsgServerStats stats) {
        this.grace = grace;
        this.stats = stats;
    }

    public void kick(ClientSession session, KickReasonType reason) {
        session.channel().eventLoop().execute(() -> {
            if (!session.kick()) {
                return;
            }
            stats.kicks.increment();
            log.info("kicking {} ({})", session, reason);
            session.send(Pdu.push(CommandId.CID_LOGIN_KICK_USER,
                    IMKickUser.newBuilder().setUserId(session.userId()).setKickReason(reason).build()));
            session.channel().eventLoop().schedule(() -> {
                session.channel().close();
            }, grace.toMillis(), TimeUnit.MILLISECONDS);
        });
    }
}
