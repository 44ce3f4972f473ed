package io.teamtalkj.pdu;

import com.google.protobuf.MessageLite;
import java.util.List;

/**
 * An ordered handler that serves consecutive requests of its command together (group commit):
 * the worker hands it every such request it drained in one go, in order, and expects one reply
 * per request.
 */
public interface BatchHandler<M extends MessageLite> extends OrderedHandler<M> {
    List<Reply> handleBatch(List<M> requests) throws Exception;

    @Override
    default Reply handle(M request) throws Exception {
        return handleBatch(List.of(request)).get(0);
    }
}
