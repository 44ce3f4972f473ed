package io.teamtalkj.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fails a test class when Netty reports a leaked buffer (a "LEAK:" report) while it ran.
 *
 * <p>Installed for every IT by JUnit's extension autodetection (this module's test jar lists it
 * in META-INF/services; failsafe sets {@code junit.jupiter.extensions.autodetection.enabled}),
 * and run with {@code -Dio.netty.leakDetection.level=paranoid} so every buffer is tracked. Netty
 * only notices a leak once the buffer is garbage collected and another buffer is allocated, so
 * after each class we collect and allocate a few times before looking.
 *
 * <p>The reports are caught by our own {@link ResourceLeakDetectorFactory}; it must be installed
 * before Netty creates its detectors (class initialisation of the buffer classes), which holds
 * when this class is loaded by JUnit at start-up, before any test class runs.
 */
public final class NettyLeakGuard implements AfterAllCallback {
    private static final Logger log = LoggerFactory.getLogger(NettyLeakGuard.class);
    private static final ConcurrentLinkedQueue<String> REPORTS = new ConcurrentLinkedQueue<>();
    private static final boolean INSTALLED = install();

    private static boolean install() {
        if (System.getProperty("io.netty.leakDetection.level") == null) {
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        }
        try {
            ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new RecordingFactory());
            return true;
        } catch (RuntimeException e) {
            log.warn("cannot install the Netty leak guard: {}", e.toString());
            return false;
        }
    }

    /** Whether reports are caught (Netty's factory was replaced). */
    public static boolean installed() {
        return INSTALLED;
    }

    @Override
    public void afterAll(ExtensionContext context) {
        List<String> leaks = collectLeaks();
        if (!leaks.isEmpty()) {
            throw new AssertionError(leaks.size() + " Netty LEAK report(s) during "
                    + (context == null ? "the tests" : context.getDisplayName()) + ":\n" + String.join("\n\n", leaks));
        }
    }

    /**
     * Makes Netty look for leaks now (garbage collection, then allocations, which poll the
     * detectors' queues) and returns the reports since the last call.
     */
    public static List<String> collectLeaks() {
        for (int round = 0; round < 3; round++) {
            System.gc();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            for (int i = 0; i < 16; i++) {
                release(PooledByteBufAllocator.DEFAULT.directBuffer(1));
                release(PooledByteBufAllocator.DEFAULT.heapBuffer(1));
                release(UnpooledByteBufAllocator.DEFAULT.directBuffer(1));
                release(UnpooledByteBufAllocator.DEFAULT.heapBuffer(1));
            }
        }
        List<String> out = new ArrayList<>();
        for (String r; (r = REPORTS.poll()) != null; ) {
            out.add(r);
        }
        return out;
    }

    private static void release(ByteBuf b) {
        b.release();
    }

    private static final class RecordingFactory extends ResourceLeakDetectorFactory {
        @Override
        @SuppressWarnings("deprecation") // the (type, interval, maxActive) form is the one subclasses implement
        public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval,
                                                                   long maxActive) {
            return new RecordingDetector<>(resource, samplingInterval);
        }

        @Override
        public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval) {
            return new RecordingDetector<>(resource, samplingInterval);
        }
    }

    /** Netty's detector, which also keeps each report (it still logs it as usual). */
    private static final class RecordingDetector<T> extends ResourceLeakDetector<T> {
        RecordingDetector(Class<T> resource, int samplingInterval) {
            super(resource, samplingInterval);
        }

        @Override
        protected void reportTracedLeak(String resourceType, String records) {
            REPORTS.add("LEAK: " + resourceType + records);
            super.reportTracedLeak(resourceType, records);
        }

        @Override
        protected void reportUntracedLeak(String resourceType) {
            REPORTS.add("LEAK: " + resourceType + " (untraced)");
            super.reportUntracedLeak(resourceType);
        }
    }
}
