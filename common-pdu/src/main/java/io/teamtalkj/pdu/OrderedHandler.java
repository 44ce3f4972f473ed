package io.teamtalkj.pdu;

import com.google.protobuf.MessageLite;

/**
 * A handler for an {@link OrderedExecutor}: requests with the same key always run on the same
 * worker in arrival order (use {@link Conversations} keys), and may block.
 */
public interface OrderedHandler<M extends MessageLite> extends RequestHandler<M> {
    long orderingKey(M request);
}
