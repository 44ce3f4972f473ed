package io.teamtalkj.msgserver;

import io.teamtalkj.msgserver.cluster.FileServers;
import io.teamtalkj.msgserver.cluster.LoginReporting;
import io.teamtalkj.msgserver.cluster.Relay;
import io.teamtalkj.msgserver.delivery.Deliverer;
import io.teamtalkj.msgserver.session.SessionRegistry;
import io.teamtalkj.msgserver.session.SessionTokens;
import java.time.Clock;

/**
 * Everything a command handler may use, built once per msg-server. The other tiers and the clock
 * are narrow interfaces, so handler tests run on in-memory fakes.
 */
public final class MsgServerContext {
    private final MsgServerConfig config;
    private final SessionRegistry sessions;
    private final DbRequests db;
    private final Relay relay;
    private final LoginReporting login;
    private final Deliverer deliverer;
    private final MsgServerStats stats;
    private final FileServers files;
    private final Clock clock;
    private final SessionTokens tokens;
    /** Set once the push-server links exist (after this context, since their answers need it). */
    private volatile io.teamtalkj.msgserver.push.OfflinePush pushes;

    public MsgServerContext(MsgServerConfig config, SessionRegistry sessions, DbRequests db, Relay relay, LoginReporting login,
                            MsgServerStats stats, FileServers files, Clock clock) {
        this.files = files;
        this.config = config;
        this.sessions = sessions;
        this.db = db;
        this.relay = relay;
        this.login = login;
        this.stats = stats;
        this.clock = clock;
        this.deliverer = new Deliverer(sessions, relay, stats);
        this.tokens = SessionTokens.of(config.sessionTokenSecret, config.sessionTokenPreviousSecret,
                config.sessionTokenLifetime);
    }

    /** Offline push after a message is stored; null until set (no push-servers: pushes nothing). */
    public io.teamtalkj.msgserver.push.OfflinePush pushes() {
        io.teamtalkj.msgserver.push.OfflinePush p = pushes;
        return p != null ? p : new io.teamtalkj.msgserver.push.OfflinePush(this, io.teamtalkj.msgserver.push.PushServers.NONE);
    }

    public void usePushes(io.teamtalkj.msgserver.push.OfflinePush value) {
        this.pushes = value;
    }

    /** Resumable-login tokens ({@link SessionTokens#DISABLED} without a secret). */
    public SessionTokens tokens() {
        return tokens;
    }

    public MsgServerConfig config() {
        return config;
    }

    public SessionRegistry sessions() {
        return sessions;
    }

    public DbRequests db() {
        return db;
    }

    public Relay relay() {
        return relay;
    }

    public LoginReporting login() {
        return login;
    }

    /** The only writer of pushes to client connections. */
    public Deliverer deliverer() {
        return deliverer;
    }

    public MsgServerStats stats() {
        return stats;
    }

    /** The file-servers ({@link FileServers#NONE} when none is configured). */
    public FileServers files() {
        return files;
    }

    /** Wall clock in milliseconds (rate windows, logging throttles). */
    public long millis() {
        return clock.millis();
    }

    /** Server time in unix seconds, as TeamTalk stamps messages. */
    public int now() {
        return (int) (clock.millis() / 1000);
    }
}
