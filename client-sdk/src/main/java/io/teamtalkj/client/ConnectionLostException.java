package io.teamtalkj.client;

/**
 * The connection went away: closed by the server, a network error, or declared dead because
 * nothing arrived for three heartbeat intervals. Pending requests fail with it, and it is the
 * cause given to {@link ClientListener#onDisconnected}.
 */
public class ConnectionLostException extends TeamTalkException {
    private static final long serialVersionUID = 1L;

    public ConnectionLostException(String message) {
        super(message);
    }

    public ConnectionLostException(String message, Throwable cause) {
        super(message, cause);
    }
}
