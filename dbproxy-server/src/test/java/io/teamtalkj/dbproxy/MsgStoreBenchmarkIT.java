package io.teamtalkj.dbproxy;

import static io.teamtalkj.dbproxy.MsgDataIT.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.mogujie.tt.protobuf.IMMessage.IMMsgData;
import io.teamtalkj.dbproxy.testing.EmbeddedStorage;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.testing.PduTestClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Stored one-to-one messages per second through one dbproxy, by batch size. A measurement, not
 * a test: it runs only with -Dbenchmark=true and prints its figures.
 * <pre>mvn -B verify -pl dbproxy-server -am -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
 *   -Dit.test=MsgStoreBenchmarkIT -Dbenchmark=true</pre>
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class MsgStoreBenchmarkIT {
    private static final int CONNECTIONS = 8;
    private static final int WINDOW = 256;

    @ParameterizedTest
    @ValueSource(ints = {1, 16, 128})
    void storedMessagesPerSecond(int batchSize) throws Exception {
        DbProxyConfig cfg = EmbeddedStorage.freshConfig();
        cfg.batchSize = batchSize;
        cfg.workers = 4;
        cfg.dbPoolSize = 8;
        int perConnection = Integer.getInteger("benchmark.messages", 20_000) / CONNECTIONS;
        try (DbProxyServer server = DbProxyServer.start(cfg)) {
            run(server, 200); // warm-up
            long start = System.nanoTime();
            long stored = run(server, perConnection);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("BENCHMARK batch=%d messages=%d seconds=%.2f rate=%.0f msg/s%n",
                    batchSize, stored, seconds, stored / seconds);
            assertThat(stored).isEqualTo((long) perConnection * CONNECTIONS);
        }
    }

    /** CONNECTIONS clients, each over its own user pairs, keeping WINDOW messages in flight. */
    private static long run(DbProxyServer server, int perConnection) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CONNECTIONS);
        List<Future<Long>> futures = new ArrayList<>();
        for (int c = 0; c < CONNECTIONS; c++) {
            int base = 1000 + c * 100;
            futures.add(pool.submit(() -> {
                long ok = 0;
                try (PduTestClient client = PduTestClient.connect(server.port())) {
                    int sent = 0;
                    int received = 0;
                    while (received < perConnection) {
                        while (sent < perConnection && sent - received < WINDOW) {
                            int from = base + (sent % 16);
                            client.send(CommandId.CID_MSG_DATA, sent & 0xffff, text(from, from + 50, "benchmark message " + sent));
                            sent++;
                        }
                        IMMsgData reply = client.receive().parse(IMMsgData.parser());
                        received++;
                        if (reply.getMsgId() > 0) {
                            ok++;
                        }
                    }
                }
                return ok;
            }));
        }
        long total = 0;
        for (Future<Long> f : futures) {
            total += f.get();
        }
        pool.shutdown();
        return total;
    }
}
