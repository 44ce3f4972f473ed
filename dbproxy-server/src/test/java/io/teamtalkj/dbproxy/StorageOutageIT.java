package io.teamtalkj.dbproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import com.mogujie.tt.protobuf.IMBaseDefine.MsgType;
import com.mogujie.tt.protobuf.IMMessage.IMMsgData;
import io.teamtalkj.dbproxy.testing.DbProxyFixture;
import io.teamtalkj.dbproxy.testing.EmbeddedStorage;
import io.teamtalkj.dbproxy.testing.LoseCommitReply;
import io.teamtalkj.embedded.EmbeddedMariaDb;
import io.teamtalkj.pdu.AttachField;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Pdu;
import io.teamtalkj.pdu.ext.MsgStoreResult;
import io.teamtalkj.testing.PduTestClient;
import java.net.SocketTimeoutException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The dbproxy through storage faults: MariaDB killed with SIGKILL and restarted under traffic, a
 * COMMIT whose reply is lost, requests that outlive their caller, a TeamTalk client's resend.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class StorageOutageIT {
    @RegisterExtension
    final DbProxyFixture db = new DbProxyFixture(cfg -> {
        cfg.dbUrl = cfg.dbUrl + "&" + LoseCommitReply.urlOption();
        cfg.resendWindow = Duration.ofSeconds(10);
    });

    @AfterEach
    void disarm() {
        LoseCommitReply.ARMED.set(0);
    }

    /** A msg-server's store request: correlation id = seq, and the msg-server's remaining budget. */
    private static Pdu message(int seq, int from, int to, String text, String clientMsgId, long budgetMillis) {
        IMMsgData.Builder m = IMMsgData.newBuilder().setFromUserId(from).setToSessionId(to).setMsgId(0)
                .setCreateTime(1_700_000_000).setMsgType(MsgType.MSG_TYPE_SINGLE_TEXT)
                .setMsgData(ByteString.copyFromUtf8(text));
        if (clientMsgId != null) {
            m.setTtClientMsgId(clientMsgId);
        }
        return Pdu.ofBody(CommandId.CID_MSG_DATA, seq, AttachField.withIdAndBudget(m.build().toByteArray(), seq, budgetMillis));
    }

    private static IMMsgData store(PduTestClient client, int seq, int from, int to, String text) throws Exception {
        client.send(message(seq, from, to, text, null, 10_000));
        Pdu reply = client.receive(30_000);
        assertThat(reply.seq()).isEqualTo(seq);
        return reply.parse(IMMsgData.parser());
    }

    /** msg_id → content of what {@code from} sent {@code to}, as MySQL has it. */
    private Map<Long, String> rows(int from, int to) throws Exception {
        Map<Long, String> rows = new java.util.TreeMap<>();
        try (Connection c = EmbeddedStorage.jdbc(db.config())) {
            for (int t = 0; t < 8; t++) {
                try (PreparedStatement ps = c.prepareStatement("SELECT msgId, content FROM IMMessage_" + t
                        + " WHERE fromId=? AND toId=?")) {
                    ps.setInt(1, from);
                    ps.setInt(2, to);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            assertThat(rows.put(rs.getLong(1), rs.getString(2))).as("msg_id %d twice", rs.getLong(1)).isNull();
                        }
                    }
                }
            }
        }
        return rows;
    }

    private static List<Long> oneTo(int n) {
        List<Long> ids = new ArrayList<>();
        for (long i = 1; i <= n; i++) {
            ids.add(i);
        }
        return ids;
    }

    @Test
    void aCommitWhoseReplyWasLostIsResolvedAndAStaleCounterNeverSticksTheConversation() throws Exception {
        PduTestClient client = db.client();
        LoseCommitReply.ARMED.set(1);
        IMMsgData first = store(client, 1, 1, 2, "first");
        assertThat(LoseCommitReply.ARMED.get()).as("the commit's reply was lost").isZero();
        assertThat(first.getMsgId()).as("committed, so acked: not 'failed' (the sender would store it twice)").isEqualTo(1);
        assertThat(store(client, 2, 1, 2, "second").getMsgId()).as("the counter is not left behind").isEqualTo(2);

        // another writer (or a commit this dbproxy never heard back from) took msg_id 3: our cached
        // counter is stale, and the batch insert fails with a BatchUpdateException
        long relateId = relateId(1, 2);
        EmbeddedStorage.execute(db.config(), "INSERT INTO IMMessage_" + (relateId % 8) + " (relateId, fromId, toId, msgId, "
                + "content, type, status, updated, created) VALUES (" + relateId + ",1,2,3,'elsewhere',1,0,1,1)");
        assertThat(store(client, 3, 1, 2, "third").getMsgId()).as("collision retried with ids from MySQL").isEqualTo(4);
        assertThat(store(client, 4, 1, 2, "fourth").getMsgId()).isEqualTo(5);

        Map<Long, String> rows = rows(1, 2);
        assertThat(rows.keySet()).containsExactlyElementsOf(oneTo(5));
        assertThat(rows.values()).containsExactly("first", "second", "elsewhere", "third", "fourth");
    }

    private long relateId(int a, int b) throws Exception {
        try (Connection c = EmbeddedStorage.jdbc(db.config());
             ResultSet rs = c.createStatement().executeQuery("SELECT id FROM IMRelationShip WHERE smallId=" + Math.min(a, b)
                     + " AND bigId=" + Math.max(a, b))) {
            assertThat(rs.next()).isTrue();
            return rs.getLong(1);
        }
    }

    private static int waitingOnTableLock(Connection c) throws Exception {
        try (ResultSet rs = c.createStatement().executeQuery(
                "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE STATE LIKE 'Waiting for table%'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void requestsWhoseCallerStoppedWaitingAreDroppedNotStoredLate() throws Exception {
        PduTestClient client = db.client();
        assertThat(store(client, 1, 5, 6, "warm").getMsgId()).isEqualTo(1);
        // a stalled database: another session holds the message table, the worker's insert waits
        try (Connection locker = EmbeddedStorage.jdbc(db.config())) {
            locker.createStatement().execute("LOCK TABLES IMMessage_" + (relateId(5, 6) % 8) + " WRITE");
            client.send(message(10, 5, 6, "a", null, 60_000));
            try (Connection probe = EmbeddedStorage.jdbc(db.config())) {
                await("the worker waits on the lock").atMost(Duration.ofSeconds(10)).until(() -> waitingOnTableLock(probe) > 0);
            }
            long sentAt = System.nanoTime();
            for (int seq = 11; seq <= 15; seq++) {
                client.send(message(seq, 5, 6, "late-" + seq, null, 1_000));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> db.server().pool().queued() == 5);
            await("their callers gave up").atMost(Duration.ofSeconds(5))
                    .until(() -> System.nanoTime() - sentAt > TimeUnit.MILLISECONDS.toNanos(1_100));
            locker.createStatement().execute("UNLOCK TABLES");
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> db.server().pool().expired() == 5);
        Pdu a = client.receive(30_000);
        assertThat(a.seq()).isEqualTo(10);
        assertThat(a.parse(IMMsgData.parser()).getMsgId()).as("its caller still waits: stored").isEqualTo(2);

        client.send(message(16, 5, 6, "g", null, 10_000));
        Pdu g = client.receive(30_000);
        assertThat(g.seq()).as("nothing was answered for the dropped 11..15").isEqualTo(16);
        assertThat(g.parse(IMMsgData.parser()).getMsgId()).isEqualTo(3);

        Map<Long, String> rows = rows(5, 6);
        assertThat(rows.keySet()).as("gapless").containsExactlyElementsOf(oneTo(3));
        assertThat(rows.values()).as("the dropped ones were never stored").containsExactly("warm", "a", "g");
    }

    @Test
    void afterMariaDbIsKilledAndRestartedUnderTrafficEveryConversationStoresAgainWithinSeconds() throws Exception {
        int n = 12;
        PduTestClient client = db.client();
        int[] next = new int[n];
        int[] ackedAfterRestart = new int[n];
        Map<String, Long> acked = new HashMap<>(); // client msg id -> msg_id
        Map<Integer, Integer> conversationOf = new HashMap<>();
        Map<Integer, String> clientIdOf = new HashMap<>();
        AtomicLong restartedAt = new AtomicLong();
        java.util.concurrent.atomic.AtomicReference<Throwable> restartFailure = new java.util.concurrent.atomic.AtomicReference<>();
        EmbeddedMariaDb mariaDb = EmbeddedStorage.mariaDb();
        Thread restarter = null;
        long recoveredAt = 0;
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(240); // crash recovery may be slow on a busy box
        int seq = 0;
        try {
            for (int round = 0; ; round++) {
                if (round == 3) {
                    mariaDb.kill();
                    restarter = new Thread(() -> {
                        try {
                            mariaDb.restart();
                            restartedAt.set(System.nanoTime());
                        } catch (Exception | Error e) {
                            restartFailure.set(e);
                        }
                    }, "mariadb-restart");
                    restarter.start();
                }
                int firstSeq = seq + 1;
                for (int c = 0; c < n; c++) {
                    String id = "c" + c + "-" + next[c]; // resent with the same id until acked, as the SDK does
                    seq++;
                    conversationOf.put(seq, c);
                    clientIdOf.put(seq, id);
                    client.send(message(seq, 100 + c, 200 + c, id, id, 3_000));
                }
                long roundEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(4);
                // refusals come at once while MySQL is down: a round lasts 250 ms at least, or the
                // outage would be a tight resend loop (and wrap the 16-bit seq)
                long roundMin = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(250);
                int answered = 0;
                while ((answered < n || System.nanoTime() < roundMin) && System.nanoTime() < roundEnd) {
                    Pdu reply;
                    try {
                        long until = answered < n ? roundEnd : roundMin;
                        reply = client.receive((int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime())));
                    } catch (SocketTimeoutException e) {
                        break; // dropped or still waiting: resent next round
                    }
                    if (reply.seq() >= firstSeq) {
                        answered++;
                    }
                    IMMsgData m = reply.parse(IMMsgData.parser());
                    int c = conversationOf.get(reply.seq());
                    String id = clientIdOf.get(reply.seq());
                    if (m.getMsgId() == 0) {
                        assertThat(m.getTtStoreResult()).isIn(MsgStoreResult.STORE_FAILED_VALUE, MsgStoreResult.STORE_OVERLOADED_VALUE);
                        continue;
                    }
                    Long before = acked.putIfAbsent(id, (long) m.getMsgId());
                    assertThat(before == null || before == m.getMsgId()).as("%s acked with two ids", id).isTrue();
                    if (id.equals("c" + c + "-" + next[c])) {
                        next[c]++;
                    }
                    if (restartedAt.get() != 0) {
                        ackedAfterRestart[c]++;
                    }
                }
                if (recoveredAt == 0 && restartedAt.get() != 0 && java.util.Arrays.stream(ackedAfterRestart).allMatch(k -> k > 0)) {
                    recoveredAt = System.nanoTime();
                }
                if (java.util.Arrays.stream(ackedAfterRestart).allMatch(k -> k >= 3)) {
                    break;
                }
                assertThat(restartFailure.get()).as("MariaDB restart").isNull();
                List<Integer> stuck = new ArrayList<>();
                for (int c = 0; c < n; c++) {
                    if (ackedAfterRestart[c] < 3) {
                        stuck.add(c);
                    }
                }
                assertThat(System.nanoTime()).as("conversations still not storing: %s", stuck).isLessThan(giveUp);
            }
        } finally {
            if (restarter != null) {
                restarter.join(120_000);
            }
        }
        long recoverySeconds = TimeUnit.NANOSECONDS.toSeconds(recoveredAt - restartedAt.get());
        assertThat(recoverySeconds).as("every conversation stored again within seconds of the restart").isLessThan(15);

        for (int c = 0; c < n; c++) {
            Map<Long, String> rows = rows(100 + c, 200 + c);
            assertThat(rows.keySet()).as("conversation %d gapless", c).containsExactlyElementsOf(oneTo(rows.size()));
            assertThat(new java.util.HashSet<>(rows.values())).as("conversation %d: nothing stored twice", c).hasSize(rows.size());
            for (int k = 0; k < next[c]; k++) {
                String id = "c" + c + "-" + k;
                assertThat(rows.get(acked.get(id))).as("acked %s is stored under its msg_id", id).isEqualTo(id);
            }
        }
    }

    @Test
    void whileMariaDbIsKnownDownEveryStoreIsRefusedBeforeItsCallerGivesUpAndNothingIsStored() throws Exception {
        int n = 16; // conversations, spread over the workers
        int rounds = 6;
        long budget = 3_000; // below the pool's 5 s wait for a connection: only an answer without that wait is in time
        PduTestClient client = db.client();
        assertThat(store(client, 1, 300, 301, "before").getMsgId()).isEqualTo(1);
        var availability = db.server().context().storage().availability();
        EmbeddedMariaDb mariaDb = EmbeddedStorage.mariaDb();
        mariaDb.kill();
        boolean restarted = false;
        try {
            // the first failure (after the pool's wait) has MySQL probed and marked down
            client.send(message(2, 300, 301, "detect", "detect", 60_000));
            IMMsgData detect = client.receive(60_000).parse(IMMsgData.parser());
            assertThat(detect.getMsgId()).isZero();
            assertThat(detect.getTtStoreResult()).isEqualTo(MsgStoreResult.STORE_FAILED_VALUE);
            await("MySQL marked down").atMost(Duration.ofSeconds(30)).until(availability::isDown);

            // traffic while it is down: a round every 300 ms, replies read in between
            Map<Integer, Long> sentAt = new HashMap<>();
            Map<Integer, Long> repliedAfterMillis = new HashMap<>();
            int seq = 100;
            for (int round = 0; round < rounds; round++) {
                for (int c = 0; c < n; c++) {
                    seq++;
                    sentAt.put(seq, System.nanoTime());
                    client.send(message(seq, 400 + c, 500 + c, "down-" + round, "down-" + c + "-" + round, budget));
                }
                long roundEnd = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
                receiveRefusals(client, sentAt, repliedAfterMillis, roundEnd);
            }
            receiveRefusals(client, sentAt, repliedAfterMillis, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2 * budget));
            assertThat(repliedAfterMillis).as("every store answered (none dropped as expired)").hasSize(n * rounds);
            assertThat(repliedAfterMillis.values()).as("answered before the caller's %d ms ran out", budget)
                    .allMatch(ms -> ms < budget);
            assertThat(availability.refused()).as("refused without waiting for the pool").isGreaterThanOrEqualTo(1);

            mariaDb.restart();
            restarted = true;
            // this test link sends no heartbeats: a restart slower than the link timeout gets it closed
            // by the dbproxy (as a silent msg-server would be), so the stores after it use a fresh one
            try (PduTestClient after = PduTestClient.connect(db.server().port())) {
                for (int c = 0; c < n; c++) {
                    int conversation = c;
                    int[] attempt = {0};
                    await("conversation " + c + " stores again").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                            .until(() -> {
                                int s = 1_000 + conversation * 1_000 + attempt[0]++;
                                after.send(message(s, 400 + conversation, 500 + conversation, "after", "after-" + conversation, 10_000));
                                Pdu reply = after.receive(30_000);
                                assertThat(reply.seq()).isEqualTo(s);
                                return reply.parse(IMMsgData.parser()).getMsgId() == 1;
                            });
                }
            }
        } finally {
            if (!restarted) {
                mariaDb.restart();
            }
        }
        assertThat(availability.isDown()).isFalse();
        assertThat(availability.ups()).isGreaterThanOrEqualTo(1);
        for (int c = 0; c < n; c++) {
            assertThat(rows(400 + c, 500 + c)).as("conversation %d: none of the refused ones stored", c)
                    .isEqualTo(Map.of(1L, "after"));
        }
        assertThat(rows(300, 301)).isEqualTo(Map.of(1L, "before"));
    }

    /** Reads replies until {@code until} (nanoTime); each must be a refusal of one of {@code sentAt}'s. */
    private static void receiveRefusals(PduTestClient client, Map<Integer, Long> sentAt, Map<Integer, Long> repliedAfterMillis,
                                        long until) throws Exception {
        while (repliedAfterMillis.size() < sentAt.size()) {
            long left = TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime());
            if (left <= 0) {
                return;
            }
            Pdu reply;
            try {
                reply = client.receive((int) left);
            } catch (SocketTimeoutException e) {
                return;
            }
            Long sent = sentAt.get(reply.seq());
            assertThat(sent).as("reply to an unknown seq %d", reply.seq()).isNotNull();
            IMMsgData m = reply.parse(IMMsgData.parser());
            assertThat(m.getMsgId()).isZero();
            assertThat(m.getTtStoreResult()).isEqualTo(MsgStoreResult.STORE_FAILED_VALUE);
            assertThat(m.getTtStoreReason()).startsWith("database unavailable");
            assertThat(repliedAfterMillis.put(reply.seq(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent)))
                    .as("seq %d answered twice", reply.seq()).isNull();
        }
    }

    @Test
    void aTeamTalkClientsResendWithinTheWindowIsAnsweredWithTheStoredIdNotStoredTwice() throws Exception {
        PduTestClient client = db.client();
        assertThat(store(client, 1, 7, 8, "are you there?").getMsgId()).isEqualTo(1);
        IMMsgData again = store(client, 2, 7, 8, "are you there?");
        assertThat(again.getMsgId()).isEqualTo(1);
        assertThat(again.getTtStoreResult()).isEqualTo(MsgStoreResult.STORE_DUPLICATE_VALUE);
        assertThat(store(client, 3, 8, 7, "are you there?").getMsgId()).as("the other side's own message").isEqualTo(2);
        // two copies in one batch: the second is the first's resend
        client.send(message(4, 7, 9, "twice", null, 10_000));
        client.send(message(5, 7, 9, "twice", null, 10_000));
        assertThat(client.receive(30_000).parse(IMMsgData.parser()).getMsgId()).isEqualTo(1);
        IMMsgData second = client.receive(30_000).parse(IMMsgData.parser());
        assertThat(second.getMsgId()).isEqualTo(1);
        assertThat(second.getTtStoreResult()).isEqualTo(MsgStoreResult.STORE_DUPLICATE_VALUE);
        assertThat(rows(7, 8).values()).containsExactly("are you there?");
        assertThat(rows(7, 9).values()).containsExactly("twice");
    }
}
