package io.teamtalkj.dbproxy.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class WatermarkPageTest {
    /** A row: its updated value; every row is 96 bytes encoded (100 with list overhead). */
    private static WatermarkPage.Page<Integer> cut(List<Integer> updated, int maxRows, int budget) {
        return WatermarkPage.cut(updated, u -> u, u -> 96, maxRows, budget, 5);
    }

    @Test
    void everythingFitsUntouched() {
        WatermarkPage.Page<Integer> p = cut(List.of(10, 10, 20), 10, 1000);
        assertThat(p.items()).containsExactly(10, 10, 20);
        assertThat(p.watermark()).isEqualTo(20);
        assertThat(p.truncated()).isFalse();
        assertThat(p.splitRun()).isFalse();
    }

    @Test
    void nothingKeepsTheRequestWatermark() {
        WatermarkPage.Page<Integer> p = cut(List.of(), 10, 1000);
        assertThat(p.items()).isEmpty();
        assertThat(p.watermark()).isEqualTo(5);
    }

    @Test
    void theCutFallsBetweenTwoUpdatedValues() {
        // budget holds 3 rows; the 3rd shares updated 20 with the 4th, so the page stops after 10
        WatermarkPage.Page<Integer> p = cut(List.of(10, 20, 20, 20, 30), 10, 300);
        assertThat(p.items()).containsExactly(10);
        assertThat(p.watermark()).isEqualTo(10);
        assertThat(p.truncated()).isTrue();
        assertThat(p.splitRun()).isFalse();
    }

    @Test
    void theRowLimitAlsoRespectsRuns() {
        // maxRows 2 with a third row fetched: 20 continues past the limit
        WatermarkPage.Page<Integer> p = cut(List.of(10, 20, 20), 2, 10_000);
        assertThat(p.items()).containsExactly(10);
        assertThat(p.watermark()).isEqualTo(10);
        // exactly at a boundary nothing is lost
        WatermarkPage.Page<Integer> q = cut(List.of(10, 20, 30), 2, 10_000);
        assertThat(q.items()).containsExactly(10, 20);
        assertThat(q.watermark()).isEqualTo(20);
        assertThat(q.truncated()).isTrue();
    }

    @Test
    void aRunLargerThanAFrameIsSplitAndReported() {
        WatermarkPage.Page<Integer> p = cut(List.of(20, 20, 20, 20, 30), 10, 300);
        assertThat(p.items()).containsExactly(20, 20, 20);
        assertThat(p.watermark()).isEqualTo(20); // progress, never the same page again
        assertThat(p.splitRun()).isTrue();
    }

    @Test
    void frameBudgetHonoursTheClientLimit() {
        assertThat(WatermarkPage.frameBudget(10 * 1024 * 1024, 0)).isLessThan(400 * 1024);
        assertThat(WatermarkPage.frameBudget(100 * 1024, 100)).isLessThan(100 * 1024 - 100);
    }
}
