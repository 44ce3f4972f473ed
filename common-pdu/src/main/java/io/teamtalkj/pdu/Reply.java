package io.teamtalkj.pdu;

import com.google.protobuf.MessageLite;

/** What a {@link RequestHandler} answers: a message under a command id, or nothing. */
public final class Reply {
    public static final Reply NONE = new Reply(0, null);

    private final int commandId;
    private final MessageLite message;

    private Reply(int commandId, MessageLite message) {
        this.commandId = commandId;
        this.message = message;
    }

    public static Reply of(int commandId, MessageLite message) {
        return new Reply(commandId, message);
    }

    public boolean isNone() {
        return message == null;
    }

    public int commandId() {
        return commandId;
    }

    public MessageLite message() {
        return message;
    }
}
