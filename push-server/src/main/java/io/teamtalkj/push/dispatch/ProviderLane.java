package io.teamtalkj.push.dispatch;

import io.micrometer.core.instrument.MeterRegistry;
import io.teamtalkj.net.IntervalLog;
import io.teamtalkj.push.Notification;
import io.teamtalkj.push.Outcome;
import io.teamtalkj.push.provider.PushProvider;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The way to one provider: a bounded queue, at most {@code maxInFlight} pushes sent and not yet
 * answered, and retries with exponential backoff (and jitter) for {@link Outcome.Kind#RETRY}. A
 * push that finds the queue full is dropped and counted at once, so a stalled provider costs
 * bounded memory and never makes the caller (a msg-server link's event loop) wait. A push keeps
 * its in-flight slot while it waits for a retry, so retries cannot pile up beyond the bound.
 */
public final class ProviderLane implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ProviderLane.class);
    private static final IntervalLog FAULTS = new IntervalLog(log);

    /** Tuning of a lane; all bounds are per provider. */
    public record Limits(int queueCapacity, int maxInFlight, int maxAttempts, Duration backoff, Duration maxBackoff,
                         Duration sendTimeout) {
    }

    private final PushProvider provider;
    private final Limits limits;
    private final ScheduledExecutorService timer;
    private final LaneStats stats = new LaneStats();
    private final ConcurrentLinkedQueue<Job> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile String lastProblem = "";
    private final ThreadLocal<Boolean> pumping = ThreadLocal.withInitial(() -> false);

    public ProviderLane(PushProvider provider, Limits limits, ScheduledExecutorService timer) {
        this.provider = provider;
        this.limits = limits;
        this.timer = timer;
    }

    /** Exports the counters with provider/app tags. */
    public ProviderLane register(MeterRegistry registry) {
        stats.register(registry, provider.name(), provider.app(), this);
        return this;
    }

    /** Queues a push; completes with its final outcome (DROPPED at once when the queue is full). */
    public CompletableFuture<Outcome> submit(Notification n) {
        if (queued.incrementAndGet() > limits.queueCapacity()) {
            queued.decrementAndGet();
            stats.dropped.increment();
            FAULTS.hit(provider.name() + " queue full (" + limits.queueCapacity() + "): pushes dropped",
                    "user " + Integer.toUnsignedString(n.userId()));
            return CompletableFuture.completedFuture(Outcome.dropped());
        }
        Job job = new Job(n);
        queue.add(job);
        pump();
        return job.result;
    }

    /**
     * Starts queued pushes while in-flight slots are free. A provider that answers at once (the
     * log) would call back into here from the send; the flag turns that into another turn of the
     * outer loop instead of a deeper stack.
     */
    private void pump() {
        if (pumping.get()) {
            return;
        }
        pumping.set(true);
        try {
            pumpLoop();
        } finally {
            pumping.set(false);
        }
    }

    private void pumpLoop() {
        while (!queue.isEmpty()) {
            int f = inFlight.get();
            if (f >= limits.maxInFlight()) {
                return;
            }
            if (!inFlight.compareAndSet(f, f + 1)) {
                continue;
            }
            Job job = queue.poll();
            if (job == null) {
                inFlight.decrementAndGet();
                continue;
            }
            queued.decrementAndGet();
            stats.attempted.increment();
            attempt(job);
        }
    }

    private void attempt(Job job) {
        job.attempts++;
        CompletableFuture<Outcome> sent;
        try {
            sent = provider.send(job.notification);
        } catch (RuntimeException e) {
            sent = CompletableFuture.completedFuture(Outcome.retry(e.toString(), null));
        }
        sent.orTimeout(limits.sendTimeout().toMillis(), TimeUnit.MILLISECONDS).whenComplete((outcome, err) -> {
            Outcome o = err != null ? Outcome.retry(err instanceof TimeoutException || err.getCause() instanceof TimeoutException
                    ? "no answer within " + limits.sendTimeout().toMillis() + " ms" : String.valueOf(err), null) : outcome;
            if (o.kind() == Outcome.Kind.RETRY && job.attempts < limits.maxAttempts() && !timer.isShutdown()) {
                stats.retried.increment();
                lastProblem = o.detail();
                try {
                    timer.schedule(() -> attempt(job), delay(job.attempts, o.retryAfter()), TimeUnit.MILLISECONDS);
                    return;
                } catch (java.util.concurrent.RejectedExecutionException stopping) {
                    // shutting down: give up below
                }
            }
            finish(job, o);
        });
    }

    private long delay(int attemptsSoFar, Duration retryAfter) {
        long base = limits.backoff().toMillis() << Math.min(16, attemptsSoFar - 1);
        long capped = Math.min(base, limits.maxBackoff().toMillis());
        long jittered = capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);
        return retryAfter == null ? jittered : Math.min(Math.max(jittered, retryAfter.toMillis()), limits.maxBackoff().toMillis());
    }

    private void finish(Job job, Outcome o) {
        Outcome end = o.kind() == Outcome.Kind.RETRY ? Outcome.failed("gave up after " + job.attempts + " attempts: " + o.detail()) : o;
        switch (end.kind()) {
            case DELIVERED -> stats.delivered.increment();
            case INVALID_TOKEN -> stats.invalidToken.increment();
            default -> {
                stats.failed.increment();
                lastProblem = end.detail();
                FAULTS.hit(provider.name() + " pushes failed", "user " + Integer.toUnsignedString(job.notification.userId())
                        + " token " + job.notification.tokenForLog() + ": " + end.detail());
            }
        }
        inFlight.decrementAndGet();
        job.result.complete(end);
        pump();
    }

    public PushProvider provider() {
        return provider;
    }

    public LaneStats stats() {
        return stats;
    }

    public int queued() {
        return queued.get();
    }

    public int inFlight() {
        return inFlight.get();
    }

    /** The last failure or retry reason ("" when none yet). */
    public String lastProblem() {
        return lastProblem;
    }

    @Override
    public void close() {
        provider.close();
    }

    private static final class Job {
        final Notification notification;
        final CompletableFuture<Outcome> result = new CompletableFuture<>();
        int attempts;

        Job(Notification notification) {
            this.notification = notification;
        }
    }
}
