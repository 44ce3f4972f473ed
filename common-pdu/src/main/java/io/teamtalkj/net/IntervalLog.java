package io.teamtalkj.net;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * Logs a fault that can happen once per message (a dbproxy not reachable, a request dropped, a
 * store that failed) as one line per condition per interval with the count since the last line,
 * instead of one line per message: an outage at 2,000 msg/s must not write 2,000 WARN lines a
 * second. The first occurrence is logged at once, so the start of a problem is seen without delay.
 *
 * <p>Conditions are keyed by their text, so callers pass a fixed phrase (never a user id or
 * peer); the detail of the latest occurrence goes into the line. Lock-free; any thread.
 */
public final class IntervalLog {
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);
    private static final long NEVER = Long.MIN_VALUE;

    private final Consumer<String> sink;
    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private final ConcurrentHashMap<String, Condition> conditions = new ConcurrentHashMap<>();

    private static final class Condition {
        final AtomicLong count = new AtomicLong();
        final AtomicLong lastLine = new AtomicLong(NEVER);
    }

    /** WARN lines on {@code log}, at most one per condition every 10 s. */
    public IntervalLog(Logger log) {
        this(log::warn, DEFAULT_INTERVAL, System::nanoTime);
    }

    /** @param nanoClock {@link System#nanoTime} in production */
    public IntervalLog(Consumer<String> sink, Duration interval, LongSupplier nanoClock) {
        this.sink = sink;
        this.intervalNanos = interval.toNanos();
        this.nanoClock = nanoClock;
    }

    /**
     * Counts one occurrence of {@code condition}; writes a line if none was written for it within
     * the interval.
     *
     * @param latest what this occurrence was about (its toString is used only if a line is written)
     */
    public void hit(String condition, Object latest) {
        Condition c = conditions.computeIfAbsent(condition, k -> new Condition());
        c.count.incrementAndGet();
        long now = nanoClock.getAsLong();
        long last = c.lastLine.get();
        if (last != NEVER && now - last < intervalNanos) {
            return;
        }
        if (!c.lastLine.compareAndSet(last, now)) {
            return; // another thread writes this line
        }
        long n = c.count.getAndSet(0);
        String since = last == NEVER ? "" : " in the last " + Duration.ofNanos(now - last).toSeconds() + " s";
        sink.accept(condition + ": " + n + " time" + (n == 1 ? "" : "s") + since + " (latest: " + latest + ")"
                + (last == NEVER ? "; further ones are counted and logged every "
                + Duration.ofNanos(intervalNanos).toSeconds() + " s" : ""));
    }

    /** Occurrences of {@code condition} not yet reported in a line. */
    public long unreported(String condition) {
        Condition c = conditions.get(condition);
        return c == null ? 0 : c.count.get();
    }
}
