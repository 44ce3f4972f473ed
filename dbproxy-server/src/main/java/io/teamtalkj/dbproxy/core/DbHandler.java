package io.teamtalkj.dbproxy.core;

import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import io.teamtalkj.pdu.Conversations;
import io.teamtalkj.pdu.Failure;
import io.teamtalkj.pdu.Reply;

/**
 * Serves one command on a storage worker. Requests with the same {@link #orderingKey} always run
 * on the same worker in arrival order, so a conversation never sees its requests reordered.
 * Handlers run on worker threads and may block on MySQL and Redis. The reply goes back with the
 * request's seq and attach_data without the handler copying them ({@link DbHandlers}).
 */
public interface DbHandler<M extends MessageLite> {
    int commandId();

    Parser<M> parser();

    /** The conversation, group or user this request belongs to (see {@link Conversations}). */
    long orderingKey(M request);

    Reply handle(M request, DbContext ctx) throws Exception;

    /**
     * The answer when {@link #handle} failed ({@link Failure#HANDLER_ERROR}: "storage error: ...")
     * or the request could not be queued ({@link Failure#OVERLOADED}); NONE only logs.
     */
    default Reply onFailure(M request, Failure failure, String reason) {
        return Reply.NONE;
    }
}
