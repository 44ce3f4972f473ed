package io.teamtalkj.client;

/**
 * The login-server's {@code /msg_server} endpoint gave no usable msg-server: HTTP error,
 * unreadable JSON, or a non-zero {@code code} (1 = no msg-server registered, 2 = all full).
 */
public class DiscoveryException extends TeamTalkException {
    private static final long serialVersionUID = 1L;

    /** The JSON {@code code}, or -1 when the failure came before there was one. */
    private final int code;

    public DiscoveryException(String message, int code) {
        super(message);
        this.code = code;
    }

    public DiscoveryException(String message, Throwable cause) {
        super(message, cause);
        this.code = -1;
    }

    public int code() {
        return code;
    }
}
