package io.teamtalkj.dbproxy.core;

import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;

/**
 * Serves one command on a storage worker. Requests with the same {@link #orderingKey} always run
 * on the same worker in arrival order, so a conversation never sees its requests reordered.
 * Handlers run on worker threads and may block on MySQL and Redis.
 */
public interface DbHandler<M extends MessageLite> {
    int commandId();

    Parser<M> parser();

    /** The conversation, group or user this request belongs to (see {@link OrderingKeys}). */
    long orderingKey(M request);

    /** Serves the request; the reply goes back with the request's seq. */
    Reply handle(M request, DbContext ctx) throws Exception;

    /** The answer when {@link #handle} failed or the request could not be queued; NONE only logs. */
    default Reply onFailure(M request, String reason) {
        return Reply.NONE;
    }
}
