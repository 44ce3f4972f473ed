package io.teamtalkj.dbproxy;

import static io.teamtalkj.dbproxy.MsgDataIT.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.mogujie.tt.protobuf.IMMessage.IMMsgData;
import io.teamtalkj.dbproxy.testing.DbProxyFixture;
import io.teamtalkj.dbproxy.testing.EmbeddedStorage;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Pdu;
import io.teamtalkj.pdu.ext.MsgStoreResult;
import io.teamtalkj.testing.PduTestClient;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A sender's ack (a reply with msg_id) must mean the message is committed in MySQL. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class AckAfterCommitIT {
    @RegisterExtension
    final DbProxyFixture db = new DbProxyFixture(cfg -> cfg.batchSize = 64);

    @Test
    void aDatabaseFailureMidBatchNeverAcksAnUncommittedMessage() throws Exception {
        // make MySQL reject some inserts, whichever shard the pair's relation lands in (a relation
        // created in a rolled-back transaction is created again with a new id)
        for (int shard = 0; shard < 8; shard++) {
            EmbeddedStorage.execute(db.config(), "CREATE TRIGGER inject_failure_" + shard + " BEFORE INSERT ON IMMessage_" + shard
                    + " FOR EACH ROW BEGIN IF NEW.content LIKE 'boom%' THEN "
                    + "SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'injected failure'; END IF; END");
        }
        int total = 300;
        Map<Integer, String> sent = new HashMap<>();
        try (PduTestClient client = PduTestClient.connect(db.port())) {
            // pipelined, so the worker drains them in batches that mix good and failing rows
            for (int seq = 1; seq <= total; seq++) {
                String content = (seq % 10 == 0 ? "boom-" : "ok-") + seq;
                sent.put(seq, content);
                client.send(CommandId.CID_MSG_DATA, seq, text(1, 2, content));
            }
            Map<Integer, IMMsgData> replies = new TreeMap<>();
            for (int i = 0; i < total; i++) {
                Pdu reply = client.receive();
                replies.put(reply.seq(), reply.parse(IMMsgData.parser()));
            }
            assertThat(replies).hasSize(total);

            Map<Integer, String> acked = new TreeMap<>();
            for (Map.Entry<Integer, IMMsgData> e : replies.entrySet()) {
                IMMsgData r = e.getValue();
                String content = sent.get(e.getKey());
                if (content.startsWith("boom")) {
                    assertThat(r.getMsgId()).as("failed insert %s", content).isZero();
                    assertThat(r.getTtStoreResult()).isEqualTo(MsgStoreResult.STORE_FAILED_VALUE);
                } else {
                    assertThat(r.getMsgId()).as("good message %s", content).isPositive();
                    acked.put(r.getMsgId(), content);
                }
            }
            // every acked msg_id is in MySQL with its content, nothing else is, and ids have no gaps
            Map<Integer, String> stored = new TreeMap<>();
            try (Connection c = EmbeddedStorage.jdbc(db.config())) {
                for (int shard = 0; shard < 8; shard++) {
                    try (PreparedStatement ps = c.prepareStatement("SELECT msgId, content FROM IMMessage_" + shard
                            + " WHERE fromId=1 AND toId=2");
                         ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            assertThat(stored.put(rs.getInt(1), rs.getString(2))).as("msg_id stored twice").isNull();
                        }
                    }
                }
            }
            assertThat(stored).isEqualTo(acked);
            assertThat(stored.keySet()).containsExactlyElementsOf(
                    java.util.stream.IntStream.rangeClosed(1, total - total / 10).boxed().toList());
        }
    }
}
