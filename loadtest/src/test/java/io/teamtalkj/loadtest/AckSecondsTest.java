package io.teamtalkj.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AckSecondsTest {
    @Test
    void eachSecondKeepsItsOwnQuantilesAndWarmUpIsDiscarded() {
        AckSeconds s = new AckSeconds();
        s.record(999_000); // warm-up
        s.roll();
        s.start();
        for (int i = 0; i < 100; i++) {
            s.record(1_000);
        }
        s.roll();
        s.roll(); // a second without acks leaves no row
        for (int i = 0; i < 99; i++) {
            s.record(1_000);
        }
        s.record(500_000);
        s.roll();
        s.stop();
        s.record(7);
        s.roll();

        List<long[]> rows = s.rows();
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)[0]).isEqualTo(1);
        assertThat(rows.get(0)[1]).isEqualTo(100);
        assertThat(rows.get(0)[3]).isBetween(900L, 1_100L);
        assertThat(rows.get(1)[0]).isEqualTo(3);
        assertThat(rows.get(1)[1]).isEqualTo(100);
        assertThat(rows.get(1)[4]).isBetween(450_000L, 550_000L);
    }
}
