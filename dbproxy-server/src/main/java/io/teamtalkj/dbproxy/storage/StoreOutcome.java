package io.teamtalkj.dbproxy.storage;

import io.teamtalkj.pdu.ext.MsgStoreResult;
import java.util.Collection;
import java.util.List;

/**
 * What {@link MessageStore} did with one message; the handler turns it into the reply.
 *
 * @param result    STORE_OK (stored now), STORE_DUPLICATE (stored before) or why it was refused
 * @param msgId     the message's msg_id; 0 when refused
 * @param createTime the stored create time (unix s); 0 unless STORE_OK
 * @param members   a stored group message's members at store time (for fan-out); empty otherwise
 * @param reason    why it was refused or not stored again; empty when STORE_OK
 */
public record StoreOutcome(MsgStoreResult result, long msgId, int createTime, Collection<Integer> members,
                           String reason) {
    static final String ALREADY_STORED = "already stored";

    static StoreOutcome stored(long msgId, int createTime, Collection<Integer> members) {
        return new StoreOutcome(MsgStoreResult.STORE_OK, msgId, createTime, members, "");
    }

    static StoreOutcome duplicate(long firstMsgId) {
        return new StoreOutcome(MsgStoreResult.STORE_DUPLICATE, firstMsgId, 0, List.of(), ALREADY_STORED);
    }

    static StoreOutcome refused(MsgStoreResult result, String reason) {
        return new StoreOutcome(result, 0, 0, List.of(), reason);
    }
}
