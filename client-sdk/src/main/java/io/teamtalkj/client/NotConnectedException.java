package io.teamtalkj.client;

/** A request was made while the client is not logged in (not yet connected, reconnecting, or closed). */
public class NotConnectedException extends TeamTalkException {
    private static final long serialVersionUID = 1L;

    public NotConnectedException(String message) {
        super(message);
    }
}
