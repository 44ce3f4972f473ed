package io.teamtalkj.route.stats;

import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongConsumer;

/**
 * A fixed-bucket latency histogram in microseconds, lock-free (one LongAdder per bucket), so
 * event loops record without contention. Quantiles are reported as the upper bound of the bucket
 * that holds them, which is what fixed buckets can honestly say.
 */
public final class LatencyHistogram {
    /** Upper bounds (inclusive) in microseconds; a last, unbounded bucket follows. */
    public static final long[] BOUNDS_MICROS = {
        50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 25_000, 50_000, 100_000, 250_000, 500_000, 1_000_000,
        2_500_000, 5_000_000,
    };

    private final LongAdder[] buckets = new LongAdder[BOUNDS_MICROS.length + 1];
    private final LongAdder count = new LongAdder();
    private final LongAdder sum = new LongAdder();
    private final LongAccumulator max = new LongAccumulator(Math::max, 0);
    private volatile LongConsumer mirror;

    public LatencyHistogram() {
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = new LongAdder();
        }
    }

    /** Also hands every value to {@code consumer} (e.g. a Micrometer timer). */
    public void mirrorTo(LongConsumer consumer) {
        this.mirror = consumer;
    }

    public void record(long micros) {
        long v = Math.max(0, micros);
        buckets[bucketOf(v)].increment();
        count.increment();
        sum.add(v);
        max.accumulate(v);
        LongConsumer m = mirror;
        if (m != null) {
            m.accept(v);
        }
    }

    static int bucketOf(long micros) {
        int lo = 0;
        int hi = BOUNDS_MICROS.length;
        while (lo < hi) { // first bound >= micros
            int mid = (lo + hi) >>> 1;
            if (BOUNDS_MICROS[mid] < micros) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    public Snapshot snapshot() {
        long[] counts = new long[buckets.length];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = buckets[i].sum();
        }
        return new Snapshot(counts, count.sum(), sum.sum(), max.get());
    }

    /** A point-in-time copy. Bucket counts are per bucket, not cumulative. */
    public static final class Snapshot {
        private final long[] counts;
        private final long count;
        private final long sumMicros;
        private final long maxMicros;

        Snapshot(long[] counts, long count, long sumMicros, long maxMicros) {
            this.counts = counts;
            this.count = count;
            this.sumMicros = sumMicros;
            this.maxMicros = maxMicros;
        }

        public long[] counts() {
            return counts.clone();
        }

        public long count() {
            return count;
        }

        public long sumMicros() {
            return sumMicros;
        }

        public long maxMicros() {
            return maxMicros;
        }

        /**
         * The upper bound of the bucket holding quantile {@code q}; the maximum seen when it falls
         * in the last, unbounded bucket; 0 with no samples.
         */
        public long quantileMicros(double q) {
            long total = 0;
            for (long c : counts) {
                total += c;
            }
            if (total == 0) {
                return 0;
            }
            long rank = Math.max(1, (long) Math.ceil(q * total));
            long seen = 0;
            for (int i = 0; i < counts.length; i++) {
                seen += counts[i];
                if (seen >= rank) {
                    return i < BOUNDS_MICROS.length ? Math.min(BOUNDS_MICROS[i], Math.max(maxMicros, 1)) : maxMicros;
                }
            }
            return maxMicros;
        }
    }
}
