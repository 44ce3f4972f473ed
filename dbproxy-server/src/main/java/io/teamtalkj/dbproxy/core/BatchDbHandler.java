package io.teamtalkj.dbproxy.core;

import com.google.protobuf.MessageLite;
import io.teamtalkj.pdu.Reply;
import java.util.List;

/**
 * A handler that serves consecutive requests of its command together (group commit): the worker
 * hands it every such request it drained in one go, in order, and expects one reply per request.
 */
public interface BatchDbHandler<M extends MessageLite> extends DbHandler<M> {
    List<Reply> handleBatch(List<M> requests, DbContext ctx) throws Exception;

    @Override
    default Reply handle(M request, DbContext ctx) throws Exception {
        return handleBatch(List.of(request), ctx).get(0);
    }
}
