package io.teamtalkj.dbproxy;

import static io.teamtalkj.dbproxy.MsgFixtures.group;
import static io.teamtalkj.dbproxy.MsgFixtures.msg;
import static io.teamtalkj.dbproxy.MsgFixtures.now;
import static io.teamtalkj.dbproxy.MsgFixtures.queryLong;
import static io.teamtalkj.dbproxy.MsgFixtures.readAck;
import static io.teamtalkj.dbproxy.MsgFixtures.seq;
import static io.teamtalkj.dbproxy.MsgFixtures.unread;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import com.mogujie.tt.protobuf.IMBaseDefine.MsgType;
import com.mogujie.tt.protobuf.IMBaseDefine.SessionType;
import com.mogujie.tt.protobuf.IMBaseDefine.UnreadInfo;
import com.mogujie.tt.protobuf.IMMessage.IMMsgData;
import com.mogujie.tt.protobuf.IMMessage.IMUnreadMsgCntRsp;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Pdu;
import io.teamtalkj.testing.PduTestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Traffic for Redis failover tests: one-to-one messages from several senders to one receiver and
 * group messages, recording what the dbproxy acknowledged, then checks against MySQL (the truth):
 * nothing acknowledged lost or doubled, ids unique and increasing, unread counts equal.
 */
final class FailoverTraffic {
    static final int GROUP = 700;
    static final int RECEIVER = 2;
    /** Senders to {@link #RECEIVER}: several users, so several unread fields and conversations. */
    static final int[] SENDERS = {1, 11, 21, 31};

    private final DbProxyConfig config;
    private final PduTestClient client;
    /** Acknowledged msg_ids per conversation ("u<from>" for one-to-one to RECEIVER, "g" for the group), in ack order. */
    private final Map<String, List<Integer>> acked = new LinkedHashMap<>();
    private int refused;

    FailoverTraffic(DbProxyConfig config, PduTestClient client) throws Exception {
        this.config = config;
        this.client = client;
        group(config, GROUP, Map.of(1, now() - 100, RECEIVER, now() - 100, 11, now() - 100));
    }

    /** One message from every sender to the receiver and one group message; records what was acknowledged. */
    void sendRound() throws Exception {
        for (int from : SENDERS) {
            store("u" + from, msg(from, RECEIVER, MsgType.MSG_TYPE_SINGLE_TEXT, ByteString.copyFromUtf8("hi")));
        }
        store("g", msg(1, GROUP, MsgType.MSG_TYPE_GROUP_TEXT, ByteString.copyFromUtf8("all")));
    }

    private void store(String conv, IMMsgData m) throws Exception {
        int seq = seq();
        client.send(CommandId.CID_MSG_DATA, seq, m);
        Pdu reply = client.receive(60_000);
        assertThat(reply.commandId()).isEqualTo(CommandId.CID_MSG_DATA);
        assertThat(reply.seq()).isEqualTo(seq);
        int id = reply.parse(IMMsgData.parser()).getMsgId();
        if (id > 0) {
            acked.computeIfAbsent(conv, k -> new ArrayList<>()).add(id);
        } else {
            refused++; // not acknowledged: the client would send it again
        }
    }

    /** Reads the first sender's messages; waits until its unread field is gone. */
    void readAckFirstSender() throws Exception {
        readAck(client, RECEIVER, SessionType.SESSION_TYPE_SINGLE, SENDERS[0]);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(bySender(unread(client, RECEIVER))).doesNotContainKey(SENDERS[0]));
    }

    int acknowledged() {
        return acked.values().stream().mapToInt(List::size).sum();
    }

    /** Every acknowledged message is in MySQL once, and each conversation's ids are unique and increasing. */
    void assertNothingLostOrDoubled() throws Exception {
        acked.forEach((conv, ids) -> assertThat(ids).as("ids of %s", conv).doesNotHaveDuplicates().isSorted());
        for (int from : SENDERS) {
            assertThat(countOneToOne(from)).as("rows from %d", from).isEqualTo(acked.get("u" + from).size());
        }
        assertThat(countGroup()).isEqualTo(acked.get("g").size());
        assertThat(refused).as("refused stores").isLessThan(acknowledged());
    }

    /** The receiver's unread counts (Redis, rebuilt from MySQL when not trusted) equal MySQL's. */
    void assertUnreadMatchesMysql() throws Exception {
        Map<Integer, Integer> fromRedis = bySender(unread(client, RECEIVER));
        Map<Integer, Integer> fromMysql = new HashMap<>();
        long readUpTo = queryLong(config, "SELECT COALESCE(MAX(readMsgId), 0) FROM TTReadPosition WHERE userId=? AND peerId=? AND type=?",
                RECEIVER, SENDERS[0], 1 /* ReadPositions.SINGLE */);
        for (int from : SENDERS) {
            long n = countOneToOne(from) - (from == SENDERS[0] ? readUpTo : 0);
            if (n > 0) {
                fromMysql.put(from, (int) n);
            }
        }
        fromMysql.put(GROUP, (int) countGroup());
        assertThat(fromRedis).isEqualTo(fromMysql);
    }

    private long countGroup() throws Exception {
        return queryLong(config, "SELECT COUNT(*) FROM IMGroupMessage_" + (GROUP % 8) + " WHERE groupId=?", GROUP);
    }

    private long countOneToOne(int from) throws Exception {
        long n = 0;
        for (int shard = 0; shard < 8; shard++) {
            n += queryLong(config, "SELECT COUNT(*) FROM IMMessage_" + shard + " WHERE fromId=? AND toId=?", from, RECEIVER);
        }
        return n;
    }

    private static Map<Integer, Integer> bySender(IMUnreadMsgCntRsp rsp) {
        Map<Integer, Integer> out = new HashMap<>();
        for (UnreadInfo u : rsp.getUnreadinfoListList()) {
            out.put(u.getSessionId(), u.getUnreadCnt());
        }
        return out;
    }
}
