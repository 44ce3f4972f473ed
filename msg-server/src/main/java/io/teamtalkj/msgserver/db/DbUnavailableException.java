package io.teamtalkj.msgserver.db;

/** No dbproxy link is up, the link broke before the answer, or the answer did not come in time. */
public class DbUnavailableException extends RuntimeException {
    public DbUnavailableException(String message) {
        super(message, null, false, false);
    }
}
