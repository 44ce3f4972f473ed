package io.teamtalkj.dbproxy;

import static io.teamtalkj.dbproxy.MsgDataIT.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mogujie.tt.protobuf.IMMessage.IMMsgData;
import io.teamtalkj.dbproxy.testing.EmbeddedStorage;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.InternalCommandId;
import io.teamtalkj.pdu.Pdu;
import io.teamtalkj.testing.PduTestClient;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The dbproxy's side of a drain, with a test client in the msg-server's place: a stop tells the
 * link to stop sending (0x0702), serves what the link sent until it acked (0x0810), and only then
 * closes; a link that never acks holds the stop no longer than the drain timeout.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class DrainIT {

    @Test
    void aStopServesEverythingSentBeforeTheAckAndClosesOnlyAfterIt() throws Exception {
        DbProxyConfig cfg = EmbeddedStorage.freshConfig();
        DbProxyServer server = DbProxyServer.start(cfg);
        try (PduTestClient link = PduTestClient.connect(server.port())) {
            await().atMost(Duration.ofSeconds(5)).until(() -> server.links() == 1);
            CompletableFuture<Void> stopping = CompletableFuture.runAsync(server::close);

            Pdu stop = link.receive();
            assertThat(stop.commandId()).isEqualTo(CommandId.CID_OTHER_STOP_RECV_PACKET);
            // requests the msg-server sent before it heard of the stop: all served, none refused
            int inFlight = 20;
            for (int seq = 1; seq <= inFlight; seq++) {
                link.send(CommandId.CID_MSG_DATA, seq, text(1, 2, "m" + seq));
            }
            for (int seq = 1; seq <= inFlight; seq++) {
                Pdu reply = link.receive();
                assertThat(reply.seq()).isEqualTo(seq);
                assertThat(reply.parse(IMMsgData.parser()).getMsgId()).as("message %d stored", seq).isEqualTo(seq);
            }
            assertThat(stopping).as("the stop waits for the link's ack").isNotDone();

            link.send(Pdu.ofBody(InternalCommandId.CID_INTERNAL_DRAIN_ACK, 0, new byte[0]));
            stopping.get(10, TimeUnit.SECONDS);
            assertThat(link.closedWithin(5_000)).isTrue();
        } finally {
            server.close();
        }
    }

    @Test
    void aLinkThatNeverAcksHoldsTheStopOnlyForTheDrainTimeout() throws Exception {
        DbProxyConfig cfg = EmbeddedStorage.freshConfig();
        cfg.drainTimeout = Duration.ofSeconds(1);
        DbProxyServer server = DbProxyServer.start(cfg);
        try (PduTestClient link = PduTestClient.connect(server.port())) {
            await().atMost(Duration.ofSeconds(5)).until(() -> server.links() == 1);
            long start = System.nanoTime();
            server.close();
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(tookMillis).isBetween(1_000L, 5_000L);
            assertThat(link.receive().commandId()).isEqualTo(CommandId.CID_OTHER_STOP_RECV_PACKET);
        } finally {
            server.close();
        }
    }
}
