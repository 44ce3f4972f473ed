package io.teamtalkj.control;

import io.teamtalkj.control.proto.ComponentHealth;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * A health check that may block (a database round trip) made cheap to ask often: the probe runs
 * on a thread of its own, at most once per {@code maxAge}; askers get the last answer while it is
 * fresh, otherwise wait at most {@code maxWait} for the next one. A probe that hangs makes the
 * component NOT_SERVING ("no answer within ...") instead of hanging the HTTP or gRPC thread.
 */
public final class CachedCheck implements Supplier<ComponentHealth>, AutoCloseable {
    private final String name;
    private final Supplier<ComponentHealth> probe;
    private final long maxAgeNanos;
    private final Duration maxWait;
    private final ExecutorService executor;
    private CompletableFuture<ComponentHealth> running;
    private ComponentHealth last;
    private long lastAtNanos;

    public CachedCheck(String name, Duration maxAge, Duration maxWait, Supplier<ComponentHealth> probe) {
        this.name = name;
        this.probe = probe;
        this.maxAgeNanos = maxAge.toNanos();
        this.maxWait = maxWait;
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "health-" + name);
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public ComponentHealth get() {
        CompletableFuture<ComponentHealth> probing;
        synchronized (this) {
            if (last != null && System.nanoTime() - lastAtNanos < maxAgeNanos) {
                return last;
            }
            if (running == null) {
                running = CompletableFuture.supplyAsync(this::probeAndKeep, executor);
            }
            probing = running;
        }
        try {
            return probing.get(maxWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return TierHealthService.component(name, false, "no answer within " + maxWait.toMillis() + " ms");
        } catch (ExecutionException e) {
            return TierHealthService.component(name, false, e.getCause().toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return TierHealthService.component(name, false, "interrupted");
        }
    }

    private ComponentHealth probeAndKeep() {
        ComponentHealth result;
        try {
            result = probe.get();
        } catch (RuntimeException e) {
            result = TierHealthService.component(name, false, e.toString());
        }
        synchronized (this) {
            last = result;
            lastAtNanos = System.nanoTime();
            running = null;
        }
        return result;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
