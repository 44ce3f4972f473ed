package io.teamtalkj.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How {@link FaultSuiteIT} reads recovery from the load tester's per-second acks. */
class FaultRecoveryTest {
    private static long[] row(long second, long acks) {
        return new long[] {second, acks, 0, 0, 0};
    }

    @Test
    void recoveryEndsWithTheFirstSecondBackAtTheRateBeforeTheFault() {
        // 100/s, the fault 4.5 s in, restarted at 9.2 s, seconds 6-9 without acks, 50 then 95 after
        List<long[]> rows = List.of(row(1, 30), row(2, 100), row(3, 100), row(4, 98), row(5, 60), row(10, 50),
                row(11, 95), row(12, 100));
        assertThat(FaultSuiteIT.recoverySeconds(rows, 4.5, 9.2)).isCloseTo(11 - 9.2, within(1e-9));
    }

    @Test
    void aFaultThatNeverDentedTheRateRecoversInTheNextFullSecond() {
        List<long[]> rows = List.of(row(1, 50), row(2, 100), row(3, 100), row(4, 100), row(5, 100), row(6, 100));
        assertThat(FaultSuiteIT.recoverySeconds(rows, 3.4, 3.4)).isCloseTo(5 - 3.4, within(1e-9));
    }

    @Test
    void acksThatNeverCameBackAreNoRecovery() {
        List<long[]> rows = List.of(row(2, 100), row(3, 100), row(4, 100), row(6, 10), row(7, 20));
        assertThat(FaultSuiteIT.recoverySeconds(rows, 4.2, 4.2)).isInfinite();
    }
}
