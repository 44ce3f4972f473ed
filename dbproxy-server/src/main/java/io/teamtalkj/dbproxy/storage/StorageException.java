package io.teamtalkj.dbproxy.storage;

/** Storage could not be reached or set up; the message is meant for an operator. */
public final class StorageException extends RuntimeException {
    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
