package io.teamtalkj.pdu;

import org.slf4j.LoggerFactory;

/**
 * Where a registered {@link RequestHandler} runs: on the connection's event loop
 * ({@link #EVENT_LOOP}, for handlers that only touch memory) or on an {@link OrderedExecutor}
 * (handlers that block on storage).
 */
public interface RequestExecutor {
    /** Serves on the calling event loop and writes the reply at once. */
    RequestExecutor EVENT_LOOP = request -> {
        Reply reply;
        try {
            reply = request.handle();
        } catch (Exception e) {
            LoggerFactory.getLogger(RequestExecutor.class).warn("{} from {} failed: {}",
                    CommandId.name(request.pdu().commandId()), request.channel().remoteAddress(), e.toString(), e);
            reply = request.failure(Failure.HANDLER_ERROR, e.getMessage());
        }
        if (request.write(reply)) {
            request.channel().flush();
        }
    };

    /**
     * Takes a parsed request. Never blocks the calling event loop; a request that cannot be taken
     * is answered with its handler's {@link Failure#OVERLOADED} reply.
     */
    void execute(Request<?> request);

    /** Called at registration: throws if this executor cannot run that handler. */
    default void check(int commandId, RequestHandler<?> handler) {
    }
}
