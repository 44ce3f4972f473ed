package io.teamtalkj.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {
    @Test
    void emptyHistogramReportsZeros() {
        LatencyHistogram h = new LatencyHistogram();
        assertThat(h.count()).isZero();
        assertThat(h.quantile(0.99)).isZero();
        assertThat(h.max()).isZero();
        assertThat(h.summary().bins()).isEmpty();
    }

    @Test
    void smallValuesAreExact() {
        LatencyHistogram h = new LatencyHistogram();
        for (int v = 1; v <= 50; v++) {
            h.record(v);
        }
        assertThat(h.quantile(0.5)).isEqualTo(25);
        assertThat(h.quantile(0.9)).isEqualTo(45);
        assertThat(h.quantile(1.0)).isEqualTo(50);
        assertThat(h.min()).isEqualTo(1);
        assertThat(h.mean()).isCloseTo(25.5, within(1e-9));
    }

    @Test
    void quantilesOfAUniformSpreadAreWithinThreePercent() {
        LatencyHistogram h = new LatencyHistogram();
        for (int v = 1; v <= 100_000; v++) {
            h.record(v);
        }
        assertThat(h.count()).isEqualTo(100_000);
        assertThat((double) h.quantile(0.5)).isCloseTo(50_000, within(50_000 * 0.035));
        assertThat((double) h.quantile(0.99)).isCloseTo(99_000, within(99_000 * 0.035));
        assertThat(h.quantile(0.5)).isGreaterThanOrEqualTo(50_000); // an upper bound, never below
        assertThat(h.quantile(1.0)).isEqualTo(100_000);
        assertThat(h.max()).isEqualTo(100_000);
    }

    @Test
    void aFewSlowValuesShowInTheTailOnly() {
        LatencyHistogram h = new LatencyHistogram();
        for (int i = 0; i < 990; i++) {
            h.record(1_000);
        }
        for (int i = 0; i < 10; i++) {
            h.record(250_000);
        }
        assertThat(h.quantile(0.5)).isBetween(1_000L, 1_031L);
        assertThat(h.quantile(0.99)).isBetween(1_000L, 1_031L);
        assertThat(h.quantile(0.995)).isBetween(250_000L, 258_000L);
        assertThat(h.max()).isEqualTo(250_000);
    }

    @Test
    void bucketBoundsTileTheRange() {
        for (int i = 1; i < LatencyHistogram.BUCKETS - 1; i++) {
            assertThat(LatencyHistogram.lowerBound(i)).isEqualTo(LatencyHistogram.upperBound(i - 1) + 1);
            assertThat(LatencyHistogram.index(LatencyHistogram.lowerBound(i))).isEqualTo(i);
            assertThat(LatencyHistogram.index(LatencyHistogram.upperBound(i))).isEqualTo(i);
        }
        assertThat(LatencyHistogram.index(Long.MAX_VALUE)).isEqualTo(LatencyHistogram.BUCKETS - 1);
        assertThat(LatencyHistogram.index(-5 < 0 ? 0 : 5)).isZero();
    }

    @Test
    void addMergesCountsAndExtremes() {
        LatencyHistogram a = new LatencyHistogram();
        LatencyHistogram b = new LatencyHistogram();
        a.record(10);
        b.record(5_000);
        b.record(7);
        a.add(b);
        assertThat(a.count()).isEqualTo(3);
        assertThat(a.max()).isEqualTo(5_000);
        assertThat(a.min()).isEqualTo(7);
        assertThat(a.quantile(1.0)).isEqualTo(5_000);
    }

    @Test
    void chartBinsCountEveryValue() {
        LatencyHistogram h = new LatencyHistogram();
        for (int v = 1; v <= 10_000; v += 7) {
            h.record(v);
        }
        long total = h.summary().bins().stream().mapToLong(b -> b[1]).sum();
        assertThat(total).isEqualTo(h.count());
        assertThat(h.summary().bins().get(0)[0]).isEqualTo(1);
    }
}
