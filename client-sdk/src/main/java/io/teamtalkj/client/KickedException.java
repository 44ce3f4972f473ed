package io.teamtalkj.client;

import com.mogujie.tt.protobuf.IMBaseDefine.KickReasonType;

/** The server kicked this session (0x0107); the client disconnected and will not reconnect. */
public class KickedException extends ConnectionLostException {
    private static final long serialVersionUID = 1L;

    private final KickReasonType reason;

    public KickedException(KickReasonType reason) {
        super("kicked by the server: " + reason);
        this.reason = reason;
    }

    public KickReasonType reason() {
        return reason;
    }
}
