package io.teamtalkj.client;

/** Base of the SDK's exceptions; futures complete exceptionally with one of its subclasses. */
public class TeamTalkException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TeamTalkException(String message) {
        super(message);
    }

    public TeamTalkException(String message, Throwable cause) {
        super(message, cause);
    }
}
