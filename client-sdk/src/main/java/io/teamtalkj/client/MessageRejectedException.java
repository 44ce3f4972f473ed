package io.teamtalkj.client;

import io.teamtalkj.pdu.ext.MsgStoreResult;

/**
 * The server acknowledged a message with msg_id 0: it was not stored. {@link #storeResult()} and
 * {@link #reason()} come from the ack's TeamTalk-J extension fields 100 and 101.
 */
public class MessageRejectedException extends TeamTalkException {
    private static final long serialVersionUID = 1L;

    private final int storeResult;
    private final String reason;

    public MessageRejectedException(int storeResult, String reason) {
        super("message not stored: " + describe(storeResult) + (reason == null || reason.isEmpty() ? "" : ": " + reason));
        this.storeResult = storeResult;
        this.reason = reason == null ? "" : reason;
    }

    private static String describe(int storeResult) {
        MsgStoreResult r = MsgStoreResult.forNumber(storeResult);
        return (r == null ? "result" : r.name()) + " (" + storeResult + ")";
    }

    /** The raw tt_store_result (0 if the server did not say). */
    public int storeResult() {
        return storeResult;
    }

    /** tt_store_result as the enum, or null for a value this SDK does not know. */
    public MsgStoreResult storeResultEnum() {
        return MsgStoreResult.forNumber(storeResult);
    }

    /** tt_store_reason, possibly empty. */
    public String reason() {
        return reason;
    }
}
