package io.teamtalkj.loadtest;

import java.util.ArrayList;
import java.util.List;

/**
 * Ack latency second by second during the measured traffic. A run's overall p99 hides queueing
 * that builds up and drains; the per-second p99 shows when it starts and whether it recovers.
 * Acks record into the current second's histogram; the once-a-second tick closes it.
 */
final class AckSeconds {
    private volatile LatencyHistogram current = new LatencyHistogram();
    private volatile boolean measuring;
    private final List<long[]> rows = new ArrayList<>();
    private int second;

    void record(long micros) {
        current.record(micros);
    }

    /** Starts the measured part: earlier acks (warm-up) are discarded. */
    synchronized void start() {
        current = new LatencyHistogram();
        rows.clear();
        second = 0;
        measuring = true;
    }

    /** Closes the current second (called once a second while traffic runs). */
    synchronized void roll() {
        LatencyHistogram done = current;
        current = new LatencyHistogram();
        if (!measuring) {
            return;
        }
        second++;
        if (done.count() > 0) {
            rows.add(new long[] {second, done.count(), done.quantile(0.50), done.quantile(0.99), done.quantile(1.0)});
        }
    }

    synchronized void stop() {
        measuring = false;
    }

    /** Rows {second of the measured part, acks, p50 µs, p99 µs, max µs}; seconds without acks are left out. */
    synchronized List<long[]> rows() {
        return new ArrayList<>(rows);
    }
}
