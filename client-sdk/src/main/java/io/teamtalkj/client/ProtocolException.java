package io.teamtalkj.client;

/** A frame from the server whose body does not parse as the message its command carries. */
public class ProtocolException extends TeamTalkException {
    private static final long serialVersionUID = 1L;

    public ProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
