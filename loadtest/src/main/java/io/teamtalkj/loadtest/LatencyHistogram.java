package io.teamtalkj.loadtest;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A log-linear histogram of microsecond values, HdrHistogram-style: values below 64 µs have a
 * bucket each, above that every power of two is split into 32 buckets, so a reported quantile is
 * at most ~3% above the true value. Recording is lock-free (many event-loop threads record into
 * one histogram); reading while recording gives a consistent-enough snapshot for progress lines.
 */
public final class LatencyHistogram {
    static final int LINEAR = 64;
    static final int SUB_BITS = 5;
    static final int SUB = 1 << SUB_BITS;
    /** Exponents 6..46 (2^46 µs is two years): anything larger lands in the last bucket. */
    static final int MAX_EXPONENT = 46;
    static final int BUCKETS = LINEAR + (MAX_EXPONENT - 5) * SUB;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);
    private final AtomicLong count = new AtomicLong();
    private final AtomicLong sum = new AtomicLong();
    private final AtomicLong max = new AtomicLong();
    private final AtomicLong min = new AtomicLong(Long.MAX_VALUE);

    /** Records one value in microseconds (negative values count as 0). */
    public void record(long micros) {
        long v = Math.max(0, micros);
        counts.incrementAndGet(index(v));
        count.incrementAndGet();
        sum.addAndGet(v);
        max.accumulateAndGet(v, Math::max);
        min.accumulateAndGet(v, Math::min);
    }

    /** Records the time since {@code startNanos} (a {@link System#nanoTime()} value). */
    public void recordSince(long startNanos) {
        record((System.nanoTime() - startNanos) / 1000);
    }

    static int index(long v) {
        if (v < LINEAR) {
            return (int) v;
        }
        int exponent = 63 - Long.numberOfLeadingZeros(v);
        if (exponent > MAX_EXPONENT) {
            return BUCKETS - 1;
        }
        int sub = (int) ((v >>> (exponent - SUB_BITS)) & (SUB - 1));
        return LINEAR + (exponent - 6) * SUB + sub;
    }

    /** Largest value that falls into bucket {@code i}. */
    static long upperBound(int i) {
        if (i < LINEAR) {
            return i;
        }
        int exponent = (i - LINEAR) / SUB + 6;
        int sub = (i - LINEAR) % SUB;
        return ((long) (SUB + sub + 1) << (exponent - SUB_BITS)) - 1;
    }

    /** Smallest value that falls into bucket {@code i}. */
    static long lowerBound(int i) {
        if (i < LINEAR) {
            return i;
        }
        int exponent = (i - LINEAR) / SUB + 6;
        int sub = (i - LINEAR) % SUB;
        return (long) (SUB + sub) << (exponent - SUB_BITS);
    }

    public long count() {
        return count.get();
    }

    public long max() {
        return count.get() == 0 ? 0 : max.get();
    }

    public long min() {
        return count.get() == 0 ? 0 : min.get();
    }

    public double mean() {
        long n = count.get();
        return n == 0 ? 0 : (double) sum.get() / n;
    }

    /**
     * The value at quantile {@code q} (0..1): the upper bound of the bucket holding the rank-th
     * value, but never above the recorded maximum. 0 when empty.
     */
    public long quantile(double q) {
        long n = 0;
        long[] snapshot = new long[BUCKETS];
        for (int i = 0; i < BUCKETS; i++) {
            snapshot[i] = counts.get(i);
            n += snapshot[i];
        }
        if (n == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(q * n));
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += snapshot[i];
            if (seen >= rank) {
                return Math.min(upperBound(i), max.get());
            }
        }
        return max.get();
    }

    /** Adds every value of {@code other} to this one. */
    public void add(LatencyHistogram other) {
        for (int i = 0; i < BUCKETS; i++) {
            long c = other.counts.get(i);
            if (c != 0) {
                counts.addAndGet(i, c);
            }
        }
        count.addAndGet(other.count.get());
        sum.addAndGet(other.sum.get());
        if (other.count.get() > 0) {
            max.accumulateAndGet(other.max.get(), Math::max);
            min.accumulateAndGet(other.min.get(), Math::min);
        }
    }

    /** A summary for reports (all values in microseconds). */
    public Summary summary() {
        return new Summary(count(), min(), quantile(0.5), quantile(0.9), quantile(0.99), quantile(0.999), max(), mean(),
                chartBins());
    }

    /**
     * Bins for a chart: four per power of two from 1 µs up to the maximum, each with its lower
     * bound and count; empty leading bins are dropped.
     */
    List<long[]> chartBins() {
        List<long[]> bins = new ArrayList<>();
        if (count() == 0) {
            return bins;
        }
        // bin b covers [2^(b/4), 2^((b+1)/4)) approximately, built from whole buckets
        int binCount = 4 * (64 - Long.numberOfLeadingZeros(Math.max(1, max()))) + 1;
        long[] binCounts = new long[binCount];
        for (int i = 0; i < BUCKETS; i++) {
            long c = counts.get(i);
            if (c == 0) {
                continue;
            }
            long lo = Math.max(1, lowerBound(i));
            int b = (int) Math.floor(4 * Math.log(lo) / Math.log(2) + 1e-9);
            binCounts[Math.min(binCount - 1, b)] += c;
        }
        int first = 0;
        while (first < binCount && binCounts[first] == 0) {
            first++;
        }
        int last = binCount - 1;
        while (last > first && binCounts[last] == 0) {
            last--;
        }
        for (int b = first; b <= last; b++) {
            bins.add(new long[] {Math.round(Math.pow(2, b / 4.0)), binCounts[b]});
        }
        return bins;
    }

    /** Quantiles in microseconds, plus chart bins ({lower bound µs, count}). */
    public record Summary(long count, long min, long p50, long p90, long p99, long p999, long max, double mean,
                          List<long[]> bins) {
        static final Summary EMPTY = new Summary(0, 0, 0, 0, 0, 0, 0, 0, List.of());
    }
}
