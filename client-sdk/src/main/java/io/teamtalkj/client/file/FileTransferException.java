package io.teamtalkj.client.file;

import io.teamtalkj.client.TeamTalkException;

/**
 * A file transfer that failed: the file-server refused the login or a pull (with its result
 * code), the connection broke, or nothing arrived in time. {@link #resultCode()} is the
 * file-server's code, or -1 when the failure was not an answer from it.
 */
public class FileTransferException extends TeamTalkException {
    private static final long serialVersionUID = 1L;

    private final int resultCode;

    public FileTransferException(String message, int resultCode) {
        super(message);
        this.resultCode = resultCode;
    }

    public FileTransferException(String message, Throwable cause) {
        super(message, cause);
        this.resultCode = -1;
    }

    public int resultCode() {
        return resultCode;
    }
}
