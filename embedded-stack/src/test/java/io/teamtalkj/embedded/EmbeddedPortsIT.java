package io.teamtalkj.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Port 0 for redis-server means "pick one": when the picked port is taken before redis-server
 * binds it (another process won the race), the start is retried on another port.
 */
@Timeout(120)
class EmbeddedPortsIT {
    @TempDir
    Path dir;

    @Test
    void redisServerThatLosesTheRaceForItsPortStartsOnTheNextOne() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            List<Integer> tried = new ArrayList<>();
            IntSupplier free = EmbeddedPorts.candidates();
            // the first candidate is held by someone else by the time redis-server binds it
            IntSupplier candidates = () -> {
                int port = tried.isEmpty() ? taken.getLocalPort() : free.getAsInt();
                tried.add(port);
                return port;
            };
            try (EmbeddedRedis redis = EmbeddedRedis.start(dir, 0, false, false, candidates)) {
                assertThat(tried).hasSize(2).first().isEqualTo(taken.getLocalPort());
                assertThat(redis.port()).isEqualTo(tried.get(1));
                assertThat(Resp.call(redis.port(), "PING")).isEqualTo("+PONG");
            }
        }
    }
}
