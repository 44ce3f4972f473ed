package io.teamtalkj.login;

/**
 * The answer to "which msg-server should I use": a result code as TeamTalk numbers it
 * (ResultType: 0 ok, 1 no msg-server, 2 all full) and, for code 0, the chosen msg-server.
 */
public final class MsgServerChoice {
    public static final int OK = 0;
    public static final int NO_MSG_SERVER = 1;
    public static final int ALL_FULL = 2;

    private static final MsgServerChoice NONE = new MsgServerChoice(NO_MSG_SERVER, null);
    private static final MsgServerChoice FULL = new MsgServerChoice(ALL_FULL, null);

    private final int code;
    private final MsgServerEntry server;

    private MsgServerChoice(int code, MsgServerEntry server) {
        this.code = code;
        this.server = server;
    }

    static MsgServerChoice of(MsgServerEntry server) {
        return new MsgServerChoice(OK, server);
    }

    static MsgServerChoice none() {
        return NONE;
    }

    static MsgServerChoice full() {
        return FULL;
    }

    public int code() {
        return code;
    }

    /** The chosen msg-server, or null unless {@link #code()} is {@link #OK}. */
    public MsgServerEntry server() {
        return server;
    }

    @Override
    public String toString() {
        return code == OK ? "OK " + server : code == NO_MSG_SERVER ? "no msg-server" : "all msg-servers full";
    }
}
