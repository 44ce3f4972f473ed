package io.teamtalkj.dbproxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.mogujie.tt.protobuf.IMBaseDefine.MsgType;
import com.mogujie.tt.protobuf.IMMessage.IMMsgData;
import io.teamtalkj.dbproxy.testing.DbProxyFixture;
import io.teamtalkj.dbproxy.testing.EmbeddedStorage;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Pdu;
import io.teamtalkj.pdu.ext.MsgStoreResult;
import io.teamtalkj.testing.PduTestClient;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

@Timeout(value = 2, unit = TimeUnit.MINUTES)
class MsgDataIT {
    @RegisterExtension
    final DbProxyFixture db = new DbProxyFixture();

    static IMMsgData text(int from, int to, String text) {
        return IMMsgData.newBuilder().setFromUserId(from).setToSessionId(to).setMsgId(0).setCreateTime(1_700_000_000)
                .setMsgType(MsgType.MSG_TYPE_SINGLE_TEXT).setMsgData(ByteString.copyFromUtf8(text)).build();
    }

    static IMMsgData store(PduTestClient client, int seq, IMMsgData msg) throws Exception {
        client.send(CommandId.CID_MSG_DATA, seq, msg);
        Pdu reply = client.receive();
        assertThat(reply.commandId()).isEqualTo(CommandId.CID_MSG_DATA);
        assertThat(reply.seq()).isEqualTo(seq);
        return reply.parse(IMMsgData.parser());
    }

    @Test
    void storesOneToOneMessagesWithConsecutiveIdsAndEchoesAttachData() throws Exception {
        try (PduTestClient client = PduTestClient.connect(db.port())) {
            IMMsgData first = store(client, 7, text(1, 2, "hello").toBuilder().setAttachData(ByteString.copyFromUtf8("conn-9")).build());
            assertThat(first.getMsgId()).isEqualTo(1);
            assertThat(first.getAttachData().toStringUtf8()).isEqualTo("conn-9");
            assertThat(first.getMsgData().toStringUtf8()).isEqualTo("hello");
            assertThat(store(client, 8, text(2, 1, "hi back")).getMsgId()).isEqualTo(2);
            assertThat(store(client, 9, text(1, 3, "other conversation")).getMsgId()).isEqualTo(1);
        }
        try (Connection c = EmbeddedStorage.jdbc(db.config());
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM IMRecentSession WHERE type=1");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(4); // 1<->2 both sides, 1<->3 both sides
        }
    }

    @Test
    void clientMessageIdsOlderThanTheRetentionAreForgotten() throws Exception {
        try (PduTestClient client = PduTestClient.connect(db.port())) {
            store(client, 1, text(1, 2, "old").toBuilder().setTtClientMsgId("old-1").build());
            store(client, 2, text(1, 2, "new").toBuilder().setTtClientMsgId("new-1").build());
        }
        EmbeddedStorage.execute(db.config(), "UPDATE TTClientMsg SET created=1000 WHERE clientMsgId='old-1'");
        int cutoff = (int) (System.currentTimeMillis() / 1000 - db.config().clientMsgIdRetention.toSeconds());
        assertThat(db.server().purger().purge(cutoff)).isEqualTo(1);
        try (java.sql.Connection c = EmbeddedStorage.jdbc(db.config());
             java.sql.ResultSet rs = c.createStatement().executeQuery("SELECT clientMsgId FROM TTClientMsg")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("new-1");
            assertThat(rs.next()).isFalse();
        }
    }

    @Test
    void aResendWithTheSameClientMsgIdIsStoredOnceAndAnsweredWithTheFirstId() throws Exception {
        try (PduTestClient client = PduTestClient.connect(db.port())) {
            IMMsgData first = store(client, 1, text(1, 2, "once").toBuilder().setTtClientMsgId("c-1").build());
            assertThat(first.getMsgId()).isEqualTo(1);
            assertThat(first.hasTtStoreResult()).isFalse();
            IMMsgData again = store(client, 2, text(1, 2, "once").toBuilder().setTtClientMsgId("c-1").build());
            assertThat(again.getMsgId()).isEqualTo(1);
            assertThat(again.getTtStoreResult()).isEqualTo(MsgStoreResult.STORE_DUPLICATE_VALUE);
            // the same client id from another sender is another message
            assertThat(store(client, 3, text(2, 1, "mine").toBuilder().setTtClientMsgId("c-1").build()).getMsgId())
                    .isEqualTo(2);

            // repeats inside one pipelined batch: stored once too
            for (int i = 0; i < 6; i++) {
                client.send(CommandId.CID_MSG_DATA, 100 + i, text(1, 2, "burst").toBuilder()
                        .setTtClientMsgId(i % 2 == 0 ? "c-2" : "c-3").build());
            }
            java.util.Map<String, java.util.Set<Integer>> idsByClientId = new java.util.HashMap<>();
            for (int i = 0; i < 6; i++) {
                Pdu reply = client.receive();
                IMMsgData m = reply.parse(IMMsgData.parser());
                assertThat(m.getMsgId()).isPositive();
                idsByClientId.computeIfAbsent(m.getTtClientMsgId(), k -> new java.util.HashSet<>()).add(m.getMsgId());
            }
            assertThat(idsByClientId.get("c-2")).hasSize(1);
            assertThat(idsByClientId.get("c-3")).hasSize(1);
            assertThat(idsByClientId.get("c-2")).doesNotContainAnyElementsOf(idsByClientId.get("c-3"));
            long stored = 0;
            for (int t = 0; t < 8; t++) {
                try (java.sql.Connection c = EmbeddedStorage.jdbc(db.config());
                     java.sql.ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM IMMessage_" + t)) {
                    rs.next();
                    stored += rs.getLong(1);
                }
            }
            assertThat(stored).as("once, mine, c-2, c-3").isEqualTo(4);
        }
    }

    @Test
    void invalidMessagesAreAnsweredWithMsgIdZeroAndAReason() throws Exception {
        try (PduTestClient client = PduTestClient.connect(db.port())) {
            IMMsgData empty = store(client, 1, text(1, 2, ""));
            assertThat(empty.getMsgId()).isZero();
            assertThat(empty.getTtStoreResult()).isEqualTo(MsgStoreResult.STORE_INVALID_VALUE);
            assertThat(empty.getTtStoreReason()).contains("empty");

            IMMsgData self = store(client, 2, text(5, 5, "me"));
            assertThat(self.getMsgId()).isZero();
            assertThat(self.getTtStoreReason()).contains("self");

            IMMsgData tooLong = store(client, 3, text(1, 2, "x".repeat(4097)));
            assertThat(tooLong.getMsgId()).isZero();

            IMMsgData notUtf8 = store(client, 4, text(1, 2, "a").toBuilder()
                    .setMsgData(ByteString.copyFrom(new byte[] {(byte) 0xc3, (byte) 0x28})).build());
            assertThat(notUtf8.getMsgId()).isZero();
            // nothing was stored, so the first good message still gets id 1
            assertThat(store(client, 5, text(1, 2, "ok")).getMsgId()).isEqualTo(1);
        }
    }

    @Test
    void sqlMetacharactersAreStoredLiterally() throws Exception {
        String nasty = "'; DROP TABLE IMUser; -- \\\" %_ `x`";
        try (PduTestClient client = PduTestClient.connect(db.port())) {
            assertThat(store(client, 1, text(1, 2, nasty)).getMsgId()).isEqualTo(1);
        }
        try (Connection c = EmbeddedStorage.jdbc(db.config());
             PreparedStatement ps = c.prepareStatement("SELECT content FROM IMMessage_1 WHERE msgId=1");
             ResultSet rs = ps.executeQuery()) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo(nasty);
        }
    }

    @Test
    void eightConcurrentSendersGetGaplessIdsInStoredOrder() throws Exception {
        int senders = 8;
        int perSender = 60;
        ExecutorService pool = Executors.newFixedThreadPool(senders);
        List<Future<List<Integer>>> results = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            int sender = s;
            results.add(pool.submit(() -> {
                List<Integer> ids = new ArrayList<>();
                try (PduTestClient client = PduTestClient.connect(db.port())) {
                    // alternate direction so both users write into the same conversation
                    for (int i = 0; i < perSender; i++) {
                        int from = (sender % 2 == 0) ? 10 : 20;
                        int to = from == 10 ? 20 : 10;
                        ids.add(store(client, i + 1, text(from, to, "s" + sender + "-" + i)).getMsgId());
                    }
                }
                return ids;
            }));
        }
        Set<Integer> all = new HashSet<>();
        for (Future<List<Integer>> f : results) {
            List<Integer> ids = f.get();
            // one sender's messages are stored in the order it sent them
            assertThat(ids).isSorted();
            all.addAll(ids);
        }
        pool.shutdown();
        int n = senders * perSender;
        assertThat(all).hasSize(n);
        assertThat(all).allMatch(id -> id >= 1 && id <= n);

        // stored order (auto-increment id) equals msg_id order
        try (Connection c = EmbeddedStorage.jdbc(db.config());
             PreparedStatement ps = c.prepareStatement("SELECT msgId FROM IMMessage_1 WHERE relateId=1 ORDER BY id");
             ResultSet rs = ps.executeQuery()) {
            int expected = 1;
            while (rs.next()) {
                assertThat(rs.getInt(1)).isEqualTo(expected++);
            }
            assertThat(expected - 1).isEqualTo(n);
        }
    }

    @Test
    void afterRedisFlushTheNextIdContinuesFromMysql() throws Exception {
        try (PduTestClient client = PduTestClient.connect(db.port())) {
            for (int i = 1; i <= 5; i++) {
                assertThat(store(client, i, text(1, 2, "m" + i)).getMsgId()).isEqualTo(i);
            }
        }
        // a fresh dbproxy has no in-memory counters, so it must find 5 in MySQL
        db.restart(cfg -> EmbeddedStorage.flushRedis());
        try (PduTestClient client = PduTestClient.connect(db.port())) {
            assertThat(store(client, 6, text(2, 1, "after flush")).getMsgId()).isEqualTo(6);
        }
    }

    @Test
    void contentAndClientIdsAreStoredAsUtf8TextWhateverTheyHold() throws Exception {
        String emoji = "你好 \uD83D\uDE00";
        String clientId = "id-'\\-\uD83D\uDE00";
        try (PduTestClient client = PduTestClient.connect(db.port())) {
            IMMsgData reply = store(client, 1, text(3, 4, emoji).toBuilder().setTtClientMsgId(clientId).build());
            assertThat(reply.getMsgData().toString(StandardCharsets.UTF_8)).isEqualTo(emoji);
        }
        try (Connection c = EmbeddedStorage.jdbc(db.config());
             PreparedStatement ps = c.prepareStatement("SELECT m.content, HEX(m.content), t.clientMsgId FROM IMMessage_1 m"
                     + " LEFT JOIN TTClientMsg t ON t.fromId=m.fromId AND t.msgId=m.msgId WHERE m.relateId=1 ORDER BY m.msgId");
             ResultSet rs = ps.executeQuery()) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo(emoji);
            assertThat(rs.getString(2)).isEqualTo(java.util.HexFormat.of().withUpperCase()
                    .formatHex(emoji.getBytes(StandardCharsets.UTF_8)));
            assertThat(rs.getString(3)).isEqualTo(clientId);
            assertThat(rs.next()).isFalse();
        }
    }
}
