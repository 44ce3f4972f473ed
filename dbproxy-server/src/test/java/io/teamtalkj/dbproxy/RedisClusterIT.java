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
import io.teamtalkj.dbproxy.storage.RedisKeys;
import io.teamtalkj.dbproxy.testing.EmbeddedStorage;
import io.teamtalkj.embedded.EmbeddedRedis;
import io.teamtalkj.embedded.EmbeddedRedisCluster;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Pdu;
import io.teamtalkj.testing.PduTestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The dbproxy on a real Redis Cluster (3 masters, 3 replicas): one-to-one and group messages,
 * unread counts and read acks work across slots (scripts and pipelines), and when the master
 * holding a user's unread hash is killed and its replica promoted, no acknowledged message is
 * lost, msg_ids stay unique and increasing, and unread counts come back equal to MySQL's.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class RedisClusterIT {
    private static final int GROUP = 700;
    private static final int RECEIVER = 2;
    /** Senders to {@link #RECEIVER}: several users, so several unread fields and conversations. */
    private static final int[] SENDERS = {1, 11, 21, 31};

    private static EmbeddedRedisCluster cluster;
    private static DbProxyConfig config;
    private static DbProxyServer server;
    private static PduTestClient client;

    /** Acknowledged msg_ids per conversation ("u<from>" for one-to-one to RECEIVER, "g" for the group), in ack order. */
    private final Map<String, List<Integer>> acked = new LinkedHashMap<>();
    private final AtomicInteger refused = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        cluster = EmbeddedRedisCluster.start(3, 1);
        config = EmbeddedStorage.freshConfig();
        config.redisUrl = cluster.url();
        server = DbProxyServer.start(config);
        client = PduTestClient.connect(server.port());
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void messagesUnreadAndReadAcksSurviveAMasterFailover() throws Exception {
        group(config, GROUP, Map.of(1, now() - 100, RECEIVER, now() - 100, 11, now() - 100));
        for (int round = 0; round < 3; round++) {
            sendRound();
        }
        // unread: the user's hash and its marker in one script (one slot), the group counter checked per slot
        assertUnreadMatchesMysql();
        assertThat(unread(client, RECEIVER).getTotalCnt()).isEqualTo(3 * SENDERS.length + 3);

        // a read ack clears one sender's field
        readAck(client, RECEIVER, SessionType.SESSION_TYPE_SINGLE, SENDERS[0]);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(bySender(unread(client, RECEIVER))).doesNotContainKey(SENDERS[0]));

        // kill the master holding the receiver's unread hash; keep sending while its replica takes over
        EmbeddedRedis master = cluster.masterOf(RedisKeys.slot(RedisKeys.unread(RECEIVER)));
        cluster.kill(master);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
            sendRound();
            return cluster.isHealthy();
        });
        assertThat(cluster.masterOf(RedisKeys.slot(RedisKeys.unread(RECEIVER)))).isNotSameAs(master);
        for (int round = 0; round < 2; round++) {
            sendRound();
        }

        // nothing acknowledged is lost or doubled, ids increase per conversation
        acked.forEach((conv, ids) -> {
            assertThat(ids).as("ids of %s", conv).doesNotHaveDuplicates().isSorted();
        });
        for (int from : SENDERS) {
            List<Integer> ids = acked.get("u" + from);
            assertThat(countOneToOne(from)).as("rows from %d", from).isEqualTo(ids.size());
        }
        List<Integer> groupIds = acked.get("g");
        assertThat(queryLong(config, "SELECT COUNT(*) FROM IMGroupMessage_" + (GROUP % 8) + " WHERE groupId=?", GROUP))
                .isEqualTo(groupIds.size());
        assertThat(refused.get()).as("refused stores").isLessThan(acked.values().stream().mapToInt(List::size).sum());
        // unread counts converge to MySQL's (the promoted replica has a new run id: rebuilt)
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(this::assertUnreadMatchesMysql);
    }

    /** One message from every sender to the receiver and one group message; records what was acknowledged. */
    private void sendRound() throws Exception {
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
            refused.incrementAndGet(); // not acknowledged: the client would send it again
        }
    }

    private void assertUnreadMatchesMysql() throws Exception {
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
        long groupCount = queryLong(config, "SELECT COUNT(*) FROM IMGroupMessage_" + (GROUP % 8) + " WHERE groupId=?", GROUP);
        fromMysql.put(GROUP, (int) groupCount);
        assertThat(fromRedis).isEqualTo(fromMysql);
    }

    private static long countOneToOne(int from) throws Exception {
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
