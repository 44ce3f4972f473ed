package io.teamtalkj.launcher;

import io.netty.util.internal.PlatformDependent;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Peaks of this JVM's heap and direct memory (Netty's own direct allocations plus the JDK's
 * direct buffers), sampled every 50 ms while it is open. The whole cluster runs in the test's
 * JVM, so these are the cluster's figures (and the load tester's).
 */
final class MemoryPeaks implements AutoCloseable {
    /** Peaks in bytes; {@code directAtFault} is direct memory when {@link #markFault()} was called. */
    record Figures(long heapPeak, long directPeak, long directAtFault) { }

    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final BufferPoolMXBean jdkDirect = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
            .filter(b -> b.getName().equals("direct")).findFirst().orElse(null);
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "memory-peaks");
        t.setDaemon(true);
        return t;
    });
    private long heapPeak;
    private long directPeak;
    private long directAtFault = -1;

    static MemoryPeaks start() {
        MemoryPeaks p = new MemoryPeaks();
        p.sampler.scheduleAtFixedRate(p::sample, 0, 50, TimeUnit.MILLISECONDS);
        return p;
    }

    private long direct() {
        return Math.max(0, PlatformDependent.usedDirectMemory()) + (jdkDirect == null ? 0 : jdkDirect.getMemoryUsed());
    }

    private synchronized void sample() {
        heapPeak = Math.max(heapPeak, memory.getHeapMemoryUsage().getUsed());
        directPeak = Math.max(directPeak, direct());
    }

    synchronized void markFault() {
        directAtFault = direct();
    }

    synchronized Figures figures() {
        sample();
        return new Figures(heapPeak, directPeak, directAtFault);
    }

    @Override
    public void close() {
        sampler.shutdownNow();
    }
}
