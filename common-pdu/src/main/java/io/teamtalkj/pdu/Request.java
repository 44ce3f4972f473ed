package io.teamtalkj.pdu;

import com.google.protobuf.MessageLite;
import io.netty.channel.Channel;

/** One parsed inbound request, its handler and the channel to answer on. */
public final class Request<M extends MessageLite> {
    private final Channel channel;
    private final Pdu pdu;
    private final M message;
    private final RequestHandler<M> handler;
    /** System.nanoTime when the caller stops waiting; only if {@link #hasDeadline}. */
    private long callerDeadline;
    private boolean hasDeadline;

    public Request(Channel channel, Pdu pdu, M message, RequestHandler<M> handler) {
        this.channel = channel;
        this.pdu = pdu;
        this.message = message;
        this.handler = handler;
    }

    public Channel channel() {
        return channel;
    }

    public Pdu pdu() {
        return pdu;
    }

    public M message() {
        return message;
    }

    public RequestHandler<M> handler() {
        return handler;
    }

    /**
     * Reads the caller's budget from attach_data ({@link AttachField#withIdAndBudget}), counted
     * from {@code nowNanos} (arrival); a request without one never expires.
     */
    void readBudget(long nowNanos) {
        long budgetMillis = AttachField.findBudgetMillis(pdu.body());
        if (budgetMillis >= 0) {
            callerDeadline = nowNanos + budgetMillis * 1_000_000L;
            hasDeadline = true;
        }
    }

    /** Whether the caller will have given up within {@code marginNanos} of {@code nowNanos}. */
    boolean expiresWithin(long nowNanos, long marginNanos) {
        return hasDeadline && callerDeadline - nowNanos < marginNanos;
    }

    /** Runs the handler on the calling thread. */
    Reply handle() throws Exception {
        return handler.handle(message);
    }

    /** The handler's answer for a request that could not be served. */
    Reply failure(Failure failure, String detail) {
        return handler.onFailure(message, failure, detail);
    }

    /**
     * The frame answering this request: the reply's command and body, the request's seq, and the
     * request's attach_data (the caller's correlation) appended on the raw bytes.
     */
    public static Pdu replyFrame(Pdu request, Reply reply) {
        byte[] body = reply.message().toByteArray();
        byte[] attach = AttachField.find(request.body());
        return Pdu.ofBody(reply.commandId(), request.seq(), attach == null ? body : AttachField.withValue(body, attach));
    }

    /** Writes the reply (if any and the channel is still open) without flushing; true if written. */
    boolean write(Reply reply) {
        if (reply == null || reply.isNone() || !channel.isActive()) {
            return false;
        }
        channel.write(replyFrame(pdu, reply), channel.voidPromise());
        return true;
    }
}
