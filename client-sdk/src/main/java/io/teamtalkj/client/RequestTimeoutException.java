package io.teamtalkj.client;

import io.teamtalkj.pdu.CommandId;
import java.time.Duration;

/** No response with the request's seq and the expected command arrived in time. */
public class RequestTimeoutException extends TeamTalkException {
    private static final long serialVersionUID = 1L;

    private final int commandId;
    private final int seq;

    public RequestTimeoutException(int commandId, int seq, Duration timeout) {
        super("no response to " + CommandId.name(commandId) + " (seq " + seq + ") within " + timeout.toMillis() + " ms");
        this.commandId = commandId;
        this.seq = seq;
    }

    public int commandId() {
        return commandId;
    }

    public int seq() {
        return seq;
    }
}
