package io.teamtalkj.msgserver.db;

/**
 * The request never reached a dbproxy: no link is up, the link refused the write, or too many
 * requests are in flight. Unlike a broken link or a timeout the outcome is known (nothing was
 * done), so the caller can say so at once instead of letting its client wait.
 */
public final class DbNotSentException extends DbUnavailableException {
    public DbNotSentException(String message) {
        super(message);
    }
}
