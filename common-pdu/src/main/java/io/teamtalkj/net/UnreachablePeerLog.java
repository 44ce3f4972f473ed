package io.teamtalkj.net;

import java.time.Duration;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * Logs a peer that stays unreachable without flooding the log: nothing for a short outage, one
 * WARN once it has been down for {@code firstWarnAfter}, then at most one per {@code repeatEvery}
 * while it stays down, and one INFO when it is back (only if it was warned about). Fed by every
 * failed attempt ({@link #down}) and every success ({@link #up}); reconnect timing is not its business.
 */
public final class UnreachablePeerLog {
    /** Where the lines go; {@link #of(Logger)} in production, a list in tests. */
    public interface Sink {
        void warn(String message);

        void info(String message);

        static Sink of(Logger log) {
            return new Sink() {
                @Override
                public void warn(String message) {
                    log.warn(message);
                }

                @Override
                public void info(String message) {
                    log.info(message);
                }
            };
        }
    }

    private final String peer;
    private final long firstWarnAfterNanos;
    private final long repeatEveryNanos;
    private final LongSupplier nanoClock;
    private final Sink sink;
    private boolean down;
    private boolean warned;
    private long downSince;
    private long lastWarn;

    /**
     * @param peer how lines name the peer, e.g. {@code "msg-server: link to 127.0.0.1:10600"}
     * @param nanoClock {@link System#nanoTime} in production
     */
    public UnreachablePeerLog(String peer, Duration firstWarnAfter, Duration repeatEvery, LongSupplier nanoClock,
                              Sink sink) {
        this.peer = peer;
        this.firstWarnAfterNanos = firstWarnAfter.toNanos();
        this.repeatEveryNanos = repeatEvery.toNanos();
        this.nanoClock = nanoClock;
        this.sink = sink;
    }

    /** The peer could not be reached (a failed connect, or the link closed). */
    public synchronized void down(String reason) {
        long now = nanoClock.getAsLong();
        if (!down) {
            down = true;
            warned = false;
            downSince = now;
        }
        long downFor = now - downSince;
        if (downFor >= firstWarnAfterNanos && (!warned || now - lastWarn >= repeatEveryNanos)) {
            warned = true;
            lastWarn = now;
            sink.warn(peer + " unreachable for " + seconds(downFor) + " (" + reason + "); still retrying");
        }
    }

    /**
     * The peer is reachable (again).
     *
     * @return true if this logged that it is back (it had been warned about)
     */
    public synchronized boolean up() {
        boolean wasWarned = down && warned;
        if (wasWarned) {
            sink.info(peer + " up again after " + seconds(nanoClock.getAsLong() - downSince) + " unreachable");
        }
        down = false;
        warned = false;
        return wasWarned;
    }

    private static String seconds(long nanos) {
        return Duration.ofNanos(nanos).toSeconds() + " s";
    }
}
