package io.teamtalkj.pdu;

import com.google.protobuf.MessageLite;

/**
 * Serves one command by returning its answer; the layer sends the answer back with the request's
 * seq and the caller's correlation (attach_data), so a handler never copies either. Runs on the
 * executor it was registered with ({@link RequestExecutor#EVENT_LOOP} or an {@link OrderedExecutor}).
 */
public interface RequestHandler<M extends MessageLite> {
    Reply handle(M request) throws Exception;

    /**
     * The answer when {@link #handle} threw or the request could not be queued; {@link Reply#NONE}
     * sends nothing. {@code detail} is the human text (an exception message, "overloaded").
     */
    default Reply onFailure(M request, Failure failure, String detail) {
        return Reply.NONE;
    }
}
