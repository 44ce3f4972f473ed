package io.teamtalkj.msgserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.mogujie.tt.protobuf.IMBaseDefine.ClientType;
import io.teamtalkj.client.ClientConfig;
import io.teamtalkj.client.ClientListener;
import io.teamtalkj.client.TeamTalkClient;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Pdu;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A msg-server stopped (as on SIGTERM) while its clients have messages in flight: each client is
 * told (IMStopReceivePacket) before its connection closes, and every message the server stored was
 * acked to its sender first, so nothing is stored that a client would resend.
 */
@Timeout(300)
class MsgServerDrainIT {
    private static final int RECEIVER = 20;
    private static final int SENDERS = 4;
    private static final int WINDOW = 5;
    private static final int BEFORE = 20;

    static TestBed bed;
    static MsgServer stopping;
    static MsgServer staying;

    @BeforeAll
    static void start() throws Exception {
        bed = TestBed.start();
        for (int i = 1; i <= RECEIVER; i++) {
            bed.user(i, "d" + i, "pw" + i);
        }
        MsgServerConfig a = bed.msgConfig("ms-drain");
        a.messageRateLimit = 0;
        stopping = bed.startMsgServer(a);
        staying = bed.startMsgServer(bed.msgConfig("ms-stay"));
    }

    @AfterAll
    static void stop() {
        bed.close();
    }

    /** Keeps WINDOW messages in flight until the connection is gone; records acked msg_ids and the notice. */
    private static final class Sender implements Runnable {
        final TeamTalkClient client;
        final Set<Integer> acked = ConcurrentHashMap.newKeySet();
        final AtomicInteger failed = new AtomicInteger();
        final CountDownLatch notified = new CountDownLatch(1);
        final CountDownLatch ready = new CountDownLatch(1);
        final CountDownLatch done = new CountDownLatch(1);
        final Semaphore window = new Semaphore(WINDOW);
        int sent;

        Sender(int user) throws Exception {
            client = TeamTalkClient.create(ClientConfig.builder().msgServer("127.0.0.1", stopping.port())
                    .user("d" + user).password("pw" + user).clientType(ClientType.CLIENT_TYPE_WINDOWS)
                    .requestTimeout(Duration.ofSeconds(15)).reconnect(false).build(), new ClientListener() {
                        @Override
                        public void onPush(Pdu pdu) {
                            if (pdu.commandId() == CommandId.CID_OTHER_STOP_RECV_PACKET) {
                                notified.countDown();
                            }
                        }
                    });
            client.connect().get(15, TimeUnit.SECONDS);
        }

        @Override
        public void run() {
            try {
                while (failed.get() == 0) {
                    window.acquire();
                    client.sendText(RECEIVER, "m" + sent++).whenComplete((ack, e) -> {
                        if (e != null) {
                            failed.incrementAndGet(); // never read by the server: a client resends it elsewhere
                        } else {
                            acked.add(ack.getMsgId());
                            if (acked.size() >= BEFORE) {
                                ready.countDown();
                            }
                        }
                        window.release();
                    });
                }
                window.acquire(WINDOW);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                ready.countDown();
                done.countDown();
            }
        }
    }

    @Test
    void aStoppingMsgServerTellsItsClientsAndAcksEverythingItStored() throws Exception {
        List<Sender> senders = new ArrayList<>();
        TeamTalkClient reader = null;
        try {
            for (int u = 1; u <= SENDERS; u++) {
                senders.add(new Sender(u));
            }
            for (Sender s : senders) {
                new Thread(s, "sender").start();
            }
            for (Sender s : senders) {
                assertThat(s.ready.await(60, TimeUnit.SECONDS)).isTrue();
            }

            stopping.close(); // what SIGTERM runs
            for (Sender s : senders) {
                assertThat(s.done.await(60, TimeUnit.SECONDS)).isTrue();
            }

            reader = TeamTalkClient.create(ClientConfig.builder().msgServer("127.0.0.1", staying.port())
                    .user("d" + RECEIVER).password("pw" + RECEIVER).clientType(ClientType.CLIENT_TYPE_WINDOWS)
                    .reconnect(false).build(), new ClientListener() { });
            reader.connect().get(15, TimeUnit.SECONDS);
            for (int k = 0; k < SENDERS; k++) {
                Sender s = senders.get(k);
                Set<Integer> stored = new TreeSet<>(HistoryPages.allIds(reader, k + 1));
                assertThat(stored).as("sender %d: everything stored was acked, everything acked is stored", k + 1)
                        .isEqualTo(new TreeSet<>(s.acked));
                assertThat(s.notified.getCount()).as("sender %d was told before the close", k + 1).isZero();
                assertThat(s.failed.get()).as("sender %d: its connection ended", k + 1).isPositive();
            }
        } finally {
            senders.forEach(s -> s.client.close());
            if (reader != null) {
                reader.close();
            }
        }
    }

}
