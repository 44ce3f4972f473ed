package io.teamtalkj.pdu;

import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The calling side of server-to-server requests: one table of pending calls, matched by a
 * correlation id that {@link #call} stamps into the request's attach_data (field 20) and the
 * serving side copies onto its reply, so replies may come back in any order and a uint16 seq
 * never wraps onto a live call. Replies reach the caller with attach_data stripped (clients must
 * never see it). The table is bounded (a call beyond {@code maxPending} fails at once), calls time
 * out, and {@link #linkDown} fails the calls of a broken link at once instead of at the timeout.
 * Every method may be called from any thread.
 */
public final class Requester implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Requester.class);

    /** How a failed call is reported to its caller (each client keeps the exception types it had). */
    public interface Errors {
        /** Not sent, link broken, table full or closed. */
        Throwable unavailable(String why);

        Throwable timedOut(String why);

        /**
         * The request never left: closed, table full, or no link took the frame. Unlike a broken
         * link or a timeout, the outcome is known (nothing happened), so a caller may answer at once.
         */
        default Throwable notSent(String why) {
            return unavailable(why);
        }

        Errors DEFAULT = new Errors() {
            @Override
            public Throwable unavailable(String why) {
                return new IllegalStateException(why);
            }

            @Override
            public Throwable timedOut(String why) {
                return new TimeoutException(why);
            }
        };
    }

    private final String name;
    private final long timeoutNanos;
    private final int maxPending;
    private final Errors errors;
    private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final LongAdder timeouts = new LongAdder();
    private final LongAdder unmatched = new LongAdder();
    private final ScheduledFuture<?> sweeper;
    private volatile boolean closed;
    private volatile boolean stampBudget;

    private static final class Pending {
        final CompletableFuture<Pdu> future;
        final long deadline;
        volatile Object link;

        Pending(CompletableFuture<Pdu> future, long deadline) {
            this.future = future;
            this.deadline = deadline;
        }
    }

    /**
     * @param timer      where the timeout sweep runs (every {@code sweepEvery})
     * @param maxPending calls in flight at most; more are refused with {@link Errors#unavailable}
     */
    public Requester(String name, ScheduledExecutorService timer, Duration timeout, Duration sweepEvery, int maxPending,
                     Errors errors) {
        this.name = name;
        this.timeoutNanos = timeout.toNanos();
        this.maxPending = maxPending;
        this.errors = errors;
        long period = sweepEvery.toMillis();
        this.sweeper = timer.scheduleAtFixedRate(this::expire, period, period, TimeUnit.MILLISECONDS);
    }

    /**
     * Stamps every request with the time its caller will wait (the timeout) next to the id
     * ({@link AttachField#withIdAndBudget}), so a server can drop requests whose caller gave up.
     * Only for servers that accept a 12-byte stamp (the dbproxy).
     */
    public Requester stampBudget() {
        this.stampBudget = true;
        return this;
    }

    /**
     * Sends a request and completes with its reply (attach_data stripped).
     *
     * @param send sends the frame and returns the link it went out on (what {@link #linkDown} is
     *             later called with), or null when it could not be sent
     */
    public CompletableFuture<Pdu> call(int commandId, byte[] body, Function<Pdu, Object> send) {
        CompletableFuture<Pdu> future = new CompletableFuture<>();
        if (closed) {
            future.completeExceptionally(errors.notSent(name + " closed"));
            return future;
        }
        if (pending.size() >= maxPending) {
            future.completeExceptionally(errors.notSent(name + ": " + maxPending
                    + " requests in flight already; refusing more"));
            return future;
        }
        long id = ids.incrementAndGet();
        Pending p = new Pending(future, System.nanoTime() + timeoutNanos);
        pending.put(id, p); // before sending: the reply may arrive before send returns
        byte[] stamped = stampBudget ? AttachField.withIdAndBudget(body, id, TimeUnit.NANOSECONDS.toMillis(timeoutNanos))
                : AttachField.withId(body, id);
        Object link = send.apply(Pdu.ofBody(commandId, 0, stamped));
        if (link == null) {
            if (pending.remove(id, p)) {
                future.completeExceptionally(errors.notSent(name + ": no link to send "
                        + CommandId.name(commandId) + " on"));
            }
        } else {
            p.link = link;
        }
        return future;
    }

    /**
     * Completes the call a reply answers. A reply without a correlation, or for a call that already
     * timed out or failed, is dropped and counted ({@link #unmatched}).
     *
     * @return whether the reply matched a pending call
     */
    public boolean complete(Pdu reply) {
        long id = AttachField.findId(reply.body());
        Pending p = id < 0 ? null : pending.remove(id);
        if (p == null) {
            unmatched.increment();
            log.debug("{}: reply {} for no pending request (timed out?)", name, CommandId.name(reply.commandId()));
            return false;
        }
        p.future.complete(new Pdu(reply.version(), reply.flag(), reply.serviceId(), reply.commandId(), reply.seq(),
                reply.reserved(), AttachField.strip(reply.body())));
        return true;
    }

    /**
     * Fails one pending call by the correlation id its frame carries (a link that decided not to
     * send the frame after all).
     *
     * @return whether the call was still pending
     */
    public boolean fail(long id, Throwable cause) {
        Pending p = pending.remove(id);
        if (p == null) {
            return false;
        }
        p.future.completeExceptionally(cause);
        return true;
    }

    /** Fails at once every call sent on {@code link}. */
    public void linkDown(Object link, String why) {
        failWhere(link, why);
    }

    private void failWhere(Object link, String why) {
        for (Iterator<Map.Entry<Long, Pending>> it = pending.entrySet().iterator(); it.hasNext(); ) {
            Pending p = it.next().getValue();
            if (link == null || p.link == link) {
                it.remove();
                p.future.completeExceptionally(errors.unavailable(why));
            }
        }
    }

    private void expire() {
        long now = System.nanoTime();
        for (Iterator<Map.Entry<Long, Pending>> it = pending.entrySet().iterator(); it.hasNext(); ) {
            Pending p = it.next().getValue();
            if (now - p.deadline >= 0) {
                it.remove();
                timeouts.increment();
                p.future.completeExceptionally(errors.timedOut(name + ": no answer within "
                        + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms"));
            }
        }
    }

    public int inFlight() {
        return pending.size();
    }

    public long timeouts() {
        return timeouts.sum();
    }

    /** Replies that matched no pending call. */
    public long unmatched() {
        return unmatched.sum();
    }

    /** Stops the sweep and fails every pending call. */
    @Override
    public void close() {
        closed = true;
        sweeper.cancel(false);
        failWhere(null, name + " closed");
    }
}
