package io.teamtalkj.dbproxy.storage;

import io.teamtalkj.net.IntervalLog;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether MySQL can be reached (a circuit breaker in front of the pools). Without it every batch
 * of an outage waited the pool's 5 s for a connection, the workers' queues backed up behind those
 * waits, and the msg-server's requests ran out of time unanswered (no ack: outcome unknown).
 *
 * <p>A connection-level failure anywhere ({@link #suspect}) starts a probe on a fresh connection
 * (not from the pool) on a background thread; if that fails the database is marked down, and
 * while it is down {@link #check} fails at once with "database unavailable" without touching the
 * pool. The probe repeats every {@code probeInterval} until a connection works, then marks it up.
 * A single broken connection (killed by the server, say) costs one probe and refuses nothing.
 * Transitions and refusals are logged once per interval with counts.
 */
public final class DatabaseAvailability implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DatabaseAvailability.class);
    public static final Duration DEFAULT_PROBE_INTERVAL = Duration.ofMillis(250);

    /** Opens a fresh connection and checks it; throws when the database cannot be reached. */
    @FunctionalInterface
    public interface Probe {
        void run() throws SQLException;
    }

    private final Probe probe;
    private final long probeIntervalMillis;
    private final ScheduledExecutorService prober;
    private final IntervalLog faults = new IntervalLog(log);
    /** How long a request waits for a probe already running before it goes on to the pool. */
    static final long PENDING_PROBE_WAIT_MILLIS = 1_000;
    private final long pendingProbeWaitNanos;
    private final AtomicBoolean probing = new AtomicBoolean();
    /** Notified when a probe has an outcome. */
    private final Object outcome = new Object();
    private volatile long probeStartedNanos = System.nanoTime();
    private volatile boolean down;
    private volatile String lastCause = "";
    private final AtomicLong downs = new AtomicLong();
    private final AtomicLong ups = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();

    public DatabaseAvailability(Probe probe, Duration probeInterval) {
        this(probe, probeInterval, Duration.ofMillis(PENDING_PROBE_WAIT_MILLIS));
    }

    DatabaseAvailability(Probe probe, Duration probeInterval, Duration pendingProbeWait) {
        this.pendingProbeWaitNanos = pendingProbeWait.toNanos();
        this.probe = probe;
        this.probeIntervalMillis = Math.max(1, probeInterval.toMillis());
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "dbproxy-mysql-probe");
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        this.prober = executor;
    }

    /**
     * Fails at once while the database is known to be unreachable. While the first probe after a
     * failure runs, waits for its outcome (until 1 s after the probe started): otherwise
     * the batches right behind the failed one each wait the pool's 5 s for a connection.
     */
    public void check() throws SQLTransientConnectionException {
        if (!down && probing.get()) {
            awaitProbe();
        }
        if (down) {
            refused.incrementAndGet();
            faults.hit("database requests refused at once, MySQL unreachable", lastCause);
            throw new SQLTransientConnectionException("database unavailable: " + lastCause, "08S01");
        }
    }

    /** Reports a failure; a connection-level one starts a probe (unless one is already running). */
    public void suspect(Throwable failure) {
        if (!SqlErrors.isConnectionLost(failure) || !probing.compareAndSet(false, true)) {
            return;
        }
        probeStartedNanos = System.nanoTime();
        try {
            prober.execute(this::probeOnce);
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            probing.set(false);
        }
    }

    private void awaitProbe() {
        // counted from the probe's start: a probe that hangs delays requests once, not each by the full wait
        long until = probeStartedNanos + pendingProbeWaitNanos;
        synchronized (outcome) {
            long left;
            while (!down && probing.get() && (left = until - System.nanoTime()) > 0) {
                try {
                    TimeUnit.NANOSECONDS.timedWait(outcome, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void announce() {
        synchronized (outcome) {
            outcome.notifyAll();
        }
    }

    private void probeOnce() {
        probeStartedNanos = System.nanoTime();
        try {
            probe.run();
        } catch (Throwable e) { // whatever it was, the probe must go on (an escaped Error would stop it for good)
            lastCause = Storage.rootMessage(e);
            if (!down) {
                down = true;
                downs.incrementAndGet();
                faults.hit("MySQL marked unreachable (requests refused at once, probing every " + probeIntervalMillis + " ms)",
                        lastCause);
                announce();
            }
            try {
                prober.schedule(this::probeOnce, probeIntervalMillis, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                probing.set(false);
            }
            return;
        }
        if (down) {
            down = false;
            ups.incrementAndGet();
            faults.hit("MySQL reachable again", refused.get() + " requests refused so far");
        }
        probing.set(false);
        announce();
    }

    public boolean isDown() {
        return down;
    }

    /** Times the database was marked unreachable. */
    public long downs() {
        return downs.get();
    }

    /** Times it was marked reachable again. */
    public long ups() {
        return ups.get();
    }

    /** Requests refused by {@link #check} without touching the pool. */
    public long refused() {
        return refused.get();
    }

    @Override
    public void close() {
        prober.shutdownNow();
    }
}
