package io.teamtalkj.route;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class RouteServerConfigTest {
    private static RouteServerConfig with(Consumer<RouteServerConfig> change) {
        RouteServerConfig c = new RouteServerConfig();
        change.accept(c);
        return c;
    }

    @Test
    void defaultsAreValid() {
        assertThatCode(() -> new RouteServerConfig().validate()).doesNotThrowAnyException();
        assertThatCode(() -> with(c -> {
            c.controlPort = -1;
            c.metricsPort = -1;
        }).validate()).doesNotThrowAnyException();
    }

    @Test
    void badSettingsAreRefusedWithAReadableMessage() {
        assertThatThrownBy(() -> with(c -> c.port = -1).validate()).hasMessageContaining("port out of range: -1");
        assertThatThrownBy(() -> with(c -> c.controlPort = 70000).validate()).hasMessageContaining("control port");
        assertThatThrownBy(() -> with(c -> c.metricsPort = -2).validate()).hasMessageContaining("metrics port");
        assertThatThrownBy(() -> with(c -> c.linkTimeout = Duration.ofMillis(1500)).validate())
                .hasMessageContaining("twice the link heartbeat");
        assertThatThrownBy(() -> with(c -> c.linkHeartbeat = Duration.ZERO).validate())
                .hasMessageContaining("heartbeat");
        assertThatThrownBy(() -> with(c -> c.maxFrameLength = 100).validate()).hasMessageContaining("max frame length");
        assertThatThrownBy(() -> with(c -> c.maxLinkBacklog = 1000).validate()).hasMessageContaining("backlog");
        assertThatThrownBy(() -> with(c -> c.ioThreads = -1).validate()).hasMessageContaining("io threads");
        assertThatThrownBy(() -> with(c -> c.listenHost = " ").validate()).hasMessageContaining("listen host");
    }
}
