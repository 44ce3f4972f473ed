package io.teamtalkj.loadtest;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Per-second counters since the start of the run (sent, acked, received, logins, failures) and
 * once-a-second samples of CPU and heap. Events after the last slot land in the last slot.
 */
final class Timeline {
    enum Series { SENT, ACKED, RECEIVED, LOGINS, FAILED }

    static final int SLOTS = 4 * 3600;

    private final long startNanos;
    private final AtomicLongArray[] series = new AtomicLongArray[Series.values().length];
    private final List<double[]> samples = new ArrayList<>();

    Timeline(long startNanos) {
        this.startNanos = startNanos;
        for (int i = 0; i < series.length; i++) {
            series[i] = new AtomicLongArray(SLOTS);
        }
    }

    void count(Series s) {
        count(s, System.nanoTime());
    }

    void count(Series s, long nowNanos) {
        series[s.ordinal()].incrementAndGet(slot(nowNanos));
    }

    int slot(long nowNanos) {
        long sec = (nowNanos - startNanos) / 1_000_000_000L;
        return (int) Math.max(0, Math.min(SLOTS - 1, sec));
    }

    long get(Series s, int slot) {
        return series[s.ordinal()].get(slot);
    }

    /** A sample: {second, process CPU (cores), system CPU (0..1), heap used MB}. */
    synchronized void sample(double second, double processCores, double systemLoad, double heapMb) {
        samples.add(new double[] {second, processCores, systemLoad, heapMb});
    }

    synchronized List<double[]> samples() {
        return new ArrayList<>(samples);
    }

    /** Rows {second, sent, acked, received, logins, failed} for seconds 0..lastSecond. */
    List<long[]> rows(int lastSecond) {
        List<long[]> rows = new ArrayList<>();
        for (int s = 0; s <= Math.min(lastSecond, SLOTS - 1); s++) {
            rows.add(new long[] {s, get(Series.SENT, s), get(Series.ACKED, s), get(Series.RECEIVED, s),
                get(Series.LOGINS, s), get(Series.FAILED, s)});
        }
        return rows;
    }
}
