package io.teamtalkj.client;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Pdu;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The requests one connection is waiting on, keyed by seq. A frame answers a request only if
 * both its seq and its command are the expected ones, so a push that happens to carry a
 * request's seq (the original routes chat messages with the sender's seq) is not mistaken for
 * the answer. Confined to the connection's event loop.
 */
final class PendingRequests {
    /** All 65535 non-zero seqs in flight would make the next one ambiguous. */
    static final int MAX_IN_FLIGHT = 0xffff - 1;

    private final Map<Integer, Pending<?>> bySeq = new HashMap<>();
    private final SeqCounter seqs;
    private final EventExecutor loop;
    private final boolean strict;

    PendingRequests(EventExecutor loop, boolean strict, SeqCounter seqs) {
        this.loop = loop;
        this.strict = strict;
        this.seqs = seqs;
    }

    /** A seq no pending request uses (never 0). */
    int nextSeq() {
        if (bySeq.size() >= MAX_IN_FLIGHT) {
            throw new TeamTalkException("too many requests in flight on one connection (" + bySeq.size() + ")");
        }
        int seq;
        do {
            seq = seqs.next();
        } while (bySeq.containsKey(seq));
        return seq;
    }

    <R extends Message> CompletableFuture<R> register(int seq, int requestCommandId, int responseCommandId,
                                                       Parser<R> parser, Duration timeout) {
        Pending<R> p = new Pending<>(requestCommandId, responseCommandId, parser);
        bySeq.put(seq, p);
        p.timer = loop.schedule(() -> {
            if (bySeq.remove(seq, p)) {
                p.future.completeExceptionally(new RequestTimeoutException(requestCommandId, seq, timeout));
            }
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
        return p.future;
    }

    /** Completes the request this frame answers; false if it answers none (then it is a push). */
    boolean complete(Pdu pdu) {
        Pending<?> p = bySeq.get(pdu.seq());
        if (p == null || p.responseCommandId != pdu.commandId()) {
            return false;
        }
        bySeq.remove(pdu.seq());
        p.timer.cancel(false);
        p.completeFrom(pdu, strict);
        return true;
    }

    /** Fails one request, e.g. when its frame could not be written. */
    void fail(int seq, Throwable cause) {
        Pending<?> p = bySeq.remove(seq);
        if (p != null) {
            p.timer.cancel(false);
            p.future.completeExceptionally(cause);
        }
    }

    void failAll(Throwable cause) {
        List<Pending<?>> all = new ArrayList<>(bySeq.values());
        bySeq.clear();
        for (Pending<?> p : all) {
            p.timer.cancel(false);
            p.future.completeExceptionally(cause);
        }
    }

    int size() {
        return bySeq.size();
    }

    private static final class Pending<R extends Message> {
        final int requestCommandId;
        final int responseCommandId;
        final Parser<R> parser;
        final CompletableFuture<R> future = new CompletableFuture<>();
        ScheduledFuture<?> timer;

        Pending(int requestCommandId, int responseCommandId, Parser<R> parser) {
            this.requestCommandId = requestCommandId;
            this.responseCommandId = responseCommandId;
            this.parser = parser;
        }

        void completeFrom(Pdu pdu, boolean strict) {
            R value;
            try {
                value = strict ? parser.parseFrom(pdu.body()) : parser.parsePartialFrom(pdu.body());
            } catch (InvalidProtocolBufferException e) {
                future.completeExceptionally(new ProtocolException("malformed " + CommandId.name(responseCommandId)
                        + " in answer to " + CommandId.name(requestCommandId) + ": " + e.getMessage(), e));
                return;
            }
            future.complete(value);
        }
    }
}
