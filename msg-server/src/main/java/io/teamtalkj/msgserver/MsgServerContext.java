package io.teamtalkj.msgserver;

import io.netty.channel.EventLoopGroup;
import io.teamtalkj.msgserver.cluster.FileServers;
import io.teamtalkj.msgserver.cluster.LoginReporting;
import io.teamtalkj.msgserver.cluster.Relay;
import io.teamtalkj.msgserver.db.DbClient;
import io.teamtalkj.msgserver.delivery.Deliverer;
import io.teamtalkj.msgserver.session.SessionRegistry;

/** Everything a command handler may use, built once per msg-server. */
public final class MsgServerContext {
    private final MsgServerConfig config;
    private final SessionRegistry sessions;
    private final DbClient db;
    private final Relay relay;
    private final LoginReporting login;
    private final Deliverer deliverer;
    private final MsgServerStats stats;
    private final EventLoopGroup loops;
    private final FileServers files;

    public MsgServerContext(MsgServerConfig config, SessionRegistry sessions, DbClient db, Relay relay, LoginReporting login,
                            MsgServerStats stats, EventLoopGroup loops) {
        this(config, sessions, db, relay, login, stats, loops, FileServers.NONE);
    }

    public MsgServerContext(MsgServerConfig config, SessionRegistry sessions, DbClient db, Relay relay, LoginReporting login,
                            MsgServerStats stats, EventLoopGroup loops, FileServers files) {
        this.files = files;
        this.config = config;
        this.sessions = sessions;
        this.db = db;
        this.relay = relay;
        this.login = login;
        this.stats = stats;
        this.loops = loops;
        this.deliverer = new Deliverer(sessions, relay, stats);
    }

    public MsgServerConfig config() {
        return config;
    }

    public SessionRegistry sessions() {
        return sessions;
    }

    public DbClient db() {
        return db;
    }

    public Relay relay() {
        return relay;
    }

    public LoginReporting login() {
        return login;
    }

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

    public EventLoopGroup loops() {
        return loops;
    }

    /** Server time in unix seconds, as TeamTalk stamps messages. */
    public int now() {
        return (int) (System.currentTimeMillis() / 1000);
    }
}
