package io.teamtalkj.testing;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.netty.util.internal.PlatformDependent;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Samples the direct memory Netty holds in this JVM (every tier running in it), every few
 * milliseconds, and keeps the peak: what issue 21's slow readers exhausted.
 */
public final class DirectMemory implements AutoCloseable {
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "direct-memory-sampler");
        t.setDaemon(true); // a failed assertion before close() must not keep it running
        return t;
    });
    private final AtomicLong peak = new AtomicLong();
    public final long baseline;

    public DirectMemory() {
        baseline = used();
        peak.set(baseline);
        sampler.scheduleAtFixedRate(() -> peak.accumulateAndGet(used(), Math::max), 0, 2, TimeUnit.MILLISECONDS);
    }

    /** Netty's direct memory in use: its own counter, or the default allocator's if Netty does not count. */
    public static long used() {
        long counted = PlatformDependent.usedDirectMemory();
        if (counted >= 0) {
            return counted;
        }
        return ((ByteBufAllocatorMetricProvider) ByteBufAllocator.DEFAULT).metric().usedDirectMemory();
    }

    /** The highest sample above the baseline so far. */
    public long peakGrowth() {
        return peak.get() - baseline;
    }

    @Override
    public void close() throws InterruptedException {
        sampler.shutdown();
        sampler.awaitTermination(5, TimeUnit.SECONDS);
    }
}
