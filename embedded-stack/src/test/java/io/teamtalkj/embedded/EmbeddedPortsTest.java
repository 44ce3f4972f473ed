package io.teamtalkj.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EmbeddedPortsTest {
    @Test
    void picksStayOutsideTheEphemeralRangeAndAboveTheClusterLayout() {
        for (int i = 0; i < 10_000; i++) {
            int port = EmbeddedPorts.pick(32_768, 60_999);
            assertThat(port).isBetween(20_000, 65_535);
            assertThat(port < 32_768 || port > 60_999).as("%d outside 32768..60999", port).isTrue();
            // a range that covers everything above 20000 leaves only the ports below it
            assertThat(EmbeddedPorts.pick(30_000, 65_535)).isBetween(20_000, 29_999);
        }
    }

    @Test
    void theDefaultCandidatesAreFreeAndOutsideTheKernelsRange() {
        int[] ephemeral = EmbeddedPorts.ephemeralRange();
        int port = EmbeddedPorts.candidates().getAsInt();
        assertThat(port < ephemeral[0] || port > ephemeral[1]).as("%d outside the ephemeral range", port).isTrue();
        assertThat(EmbeddedPorts.canBind(port)).isTrue();
    }

    @Test
    void aLostRaceForThePortIsRetriedOnTheNextCandidateAndOtherFailuresAreNot() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int[] ports = {taken.getLocalPort(), 0};
            AtomicInteger next = new AtomicInteger();
            int got = EmbeddedPorts.startOnFreePort("test", () -> ports[next.getAndIncrement()], port -> {
                if (port == taken.getLocalPort()) {
                    throw new IOException("bind: Address already in use");
                }
                return port;
            });
            assertThat(got).isZero();
            assertThat(next).hasValue(2);

            // a port nobody holds (0 always binds) and an error that is not about the port
            next.set(0);
            IOException other = new IOException("no binary for this architecture");
            assertThatThrownBy(() -> EmbeddedPorts.startOnFreePort("test", () -> {
                next.incrementAndGet();
                return 0;
            }, port -> {
                throw other;
            })).isSameAs(other);
            assertThat(next).as("not retried").hasValue(1);
        }
    }
}
