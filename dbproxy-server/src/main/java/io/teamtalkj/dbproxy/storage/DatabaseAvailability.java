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
    private final AtomicBoolean probing = new AtomicBoolean();
    private volatile boolean down;
    private volatile String lastCause = "";
    private final AtomicLong downs = new AtomicLong();
    private final AtomicLong ups = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();

    public DatabaseAvailability(Probe probe, Duration probeInterval) {
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

    /** Fails at once while the database is known to be unreachable. */
    public void check() throws SQLTransientConnectionException {
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
        try {
            prober.execute(this::probeOnce);
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            probing.set(false);
        }
    }

    private void probeOnce() {
        try {
            probe.run();
        } catch (SQLException | RuntimeException e) {
            lastCause = Storage.rootMessage(e);
            if (!down) {
                down = true;
                downs.incrementAndGet();
                faults.hit("MySQL marked unreachable (requests refused at once, probing every " + probeIntervalMillis + " ms)",
                        lastCause);
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
