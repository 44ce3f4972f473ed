package io.teamtalkj.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.helpers.NOPLogger;

class OpenFileLimitTest {
    @Test
    void readsTheSoftLimitFromProcLimits() {
        List<String> lines = List.of("Limit                     Soft Limit           Hard Limit           Units     ",
                "Max cpu time              unlimited            unlimited            seconds   ",
                "Max open files            1024                 1048576              files     ");
        assertThat(OpenFileLimit.parse(lines)).hasValue(1024);
        assertThat(OpenFileLimit.parse(List.of("Max open files            unlimited            unlimited            files")))
                .hasValue(Long.MAX_VALUE);
        assertThat(OpenFileLimit.parse(List.of("nothing here"))).isEmpty();
    }

    @Test
    void warnsOnlyWhenTheLimitLeavesTooLittleRoom() {
        Logger log = NOPLogger.NOP_LOGGER;
        assertThat(OpenFileLimit.warnIfLow(log, "msg-server", OptionalLong.of(1024), 100_000)).isTrue();
        assertThat(OpenFileLimit.warnIfLow(log, "msg-server", OptionalLong.of(1_048_576), 100_000)).isFalse();
        assertThat(OpenFileLimit.warnIfLow(log, "msg-server", OptionalLong.of(20_000), 100_000))
                .as("below the configured maximum but enough for real use: INFO").isFalse();
        assertThat(OpenFileLimit.warnIfLow(log, "msg-server", OptionalLong.of(1024), 500)).isFalse();
        assertThat(OpenFileLimit.warnIfLow(log, "msg-server", OptionalLong.empty(), 100_000)).isFalse();
    }

    @Test
    void thisMachineReportsALimit() {
        assertThat(OpenFileLimit.current()).isPresent();
    }
}
