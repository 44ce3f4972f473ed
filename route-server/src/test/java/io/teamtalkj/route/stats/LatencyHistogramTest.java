package io.teamtalkj.route.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {
    @Test
    void valuesLandInTheFirstBucketWhoseBoundHoldsThem() {
        assertThat(LatencyHistogram.bucketOf(0)).isZero();
        assertThat(LatencyHistogram.bucketOf(50)).isZero();
        assertThat(LatencyHistogram.bucketOf(51)).isEqualTo(1);
        assertThat(LatencyHistogram.bucketOf(1_000)).isEqualTo(4);
        assertThat(LatencyHistogram.bucketOf(5_000_000)).isEqualTo(LatencyHistogram.BOUNDS_MICROS.length - 1);
        assertThat(LatencyHistogram.bucketOf(5_000_001)).isEqualTo(LatencyHistogram.BOUNDS_MICROS.length);
    }

    @Test
    void snapshotCountsSumsAndQuantiles() {
        LatencyHistogram h = new LatencyHistogram();
        List<Long> mirrored = new ArrayList<>();
        h.mirrorTo(mirrored::add);
        for (int i = 0; i < 98; i++) {
            h.record(40);
        }
        h.record(700);
        h.record(9_000_000);
        h.record(-5); // clock went backwards: counted as 0
        LatencyHistogram.Snapshot s = h.snapshot();
        assertThat(s.count()).isEqualTo(101);
        assertThat(s.sumMicros()).isEqualTo(98 * 40 + 700 + 9_000_000);
        assertThat(s.maxMicros()).isEqualTo(9_000_000);
        assertThat(s.counts()[0]).isEqualTo(99);
        assertThat(s.counts()[4]).isEqualTo(1);
        assertThat(s.counts()[LatencyHistogram.BOUNDS_MICROS.length]).isEqualTo(1);
        assertThat(s.quantileMicros(0.5)).isEqualTo(50);
        assertThat(s.quantileMicros(0.99)).isEqualTo(1_000);
        assertThat(s.quantileMicros(1.0)).isEqualTo(9_000_000);
        assertThat(mirrored).hasSize(101).contains(0L);
        assertThat(new LatencyHistogram().snapshot().quantileMicros(0.5)).isZero();
    }
}
