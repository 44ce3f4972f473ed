package io.teamtalkj.dbproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import com.mogujie.tt.protobuf.IMBaseDefine.MsgType;
import com.mogujie.tt.protobuf.IMBaseDefine.SessionType;
import com.mogujie.tt.protobuf.IMBuddy.IMRecentContactSessionReq;
import com.mogujie.tt.protobuf.IMBuddy.IMRecentContactSessionRsp;
import com.mogujie.tt.protobuf.IMBuddy.IMRemoveSessionReq;
import com.mogujie.tt.protobuf.IMBuddy.IMRemoveSessionRsp;
import com.mogujie.tt.protobuf.IMMessage.IMGetLatestMsgIdReq;
import com.mogujie.tt.protobuf.IMMessage.IMGetLatestMsgIdRsp;
import com.mogujie.tt.protobuf.IMMessage.IMGetMsgByIdReq;
import com.mogujie.tt.protobuf.IMMessage.IMGetMsgByIdRsp;
import com.mogujie.tt.protobuf.IMMessage.IMGetMsgListReq;
import com.mogujie.tt.protobuf.IMMessage.IMGetMsgListRsp;
import com.mogujie.tt.protobuf.IMMessage.IMMsgData;
import com.mogujie.tt.protobuf.IMMessage.IMMsgDataReadAck;
import com.mogujie.tt.protobuf.IMMessage.IMUnreadMsgCntReq;
import com.mogujie.tt.protobuf.IMMessage.IMUnreadMsgCntRsp;
import io.teamtalkj.dbproxy.storage.RedisKeys;
import io.teamtalkj.dbproxy.testing.EmbeddedStorage;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Pdu;
import io.teamtalkj.testing.PduTestClient;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import org.redisson.api.RedissonClient;

/** Requests and arrangements shared by the message read-side tests. */
final class MsgFixtures {
    private static final AtomicInteger SEQ = new AtomicInteger(100);

    private MsgFixtures() {
    }

    static int seq() {
        return SEQ.updateAndGet(s -> s >= 60_000 ? 100 : s + 1);
    }

    static int now() {
        return (int) (System.currentTimeMillis() / 1000);
    }

    static IMMsgData msg(int from, int to, MsgType type, ByteString data) {
        return IMMsgData.newBuilder().setFromUserId(from).setToSessionId(to).setMsgId(0).setCreateTime(0)
                .setMsgType(type).setMsgData(data).build();
    }

    /** Stores a message through CID_MSG_DATA and returns its msg_id. */
    static int send(PduTestClient client, IMMsgData m) throws Exception {
        IMMsgData reply = call(client, CommandId.CID_MSG_DATA, m, CommandId.CID_MSG_DATA, IMMsgData.parser());
        assertThat(reply.getMsgId()).as("stored %s", reply.getTtStoreReason()).isPositive();
        return reply.getMsgId();
    }

    static int text(PduTestClient client, int from, int to, String text) throws Exception {
        return send(client, msg(from, to, MsgType.MSG_TYPE_SINGLE_TEXT, ByteString.copyFromUtf8(text)));
    }

    static int groupText(PduTestClient client, int from, int gid, String text) throws Exception {
        return send(client, msg(from, gid, MsgType.MSG_TYPE_GROUP_TEXT, ByteString.copyFromUtf8(text)));
    }

    /** Sends many messages without waiting, then checks every reply (faster than one round trip each). */
    static void pipeline(PduTestClient client, List<IMMsgData> msgs) throws Exception {
        int first = 20_000;
        for (int i = 0; i < msgs.size(); i++) {
            client.send(CommandId.CID_MSG_DATA, first + i, msgs.get(i));
        }
        for (int i = 0; i < msgs.size(); i++) {
            Pdu reply = client.receive();
            assertThat(reply.commandId()).isEqualTo(CommandId.CID_MSG_DATA);
            assertThat(reply.parse(IMMsgData.parser()).getMsgId()).isPositive();
        }
    }

    static <T extends MessageLite> T call(PduTestClient client, int cmd, MessageLite req, int replyCmd, Parser<T> parser)
            throws Exception {
        int seq = seq();
        client.send(cmd, seq, req);
        Pdu reply = client.receive();
        assertThat(reply.commandId()).isEqualTo(replyCmd);
        assertThat(reply.seq()).isEqualTo(seq);
        return reply.parse(parser);
    }

    static IMGetMsgListRsp history(PduTestClient client, int user, SessionType type, int session, int begin, int cnt)
            throws Exception {
        return call(client, CommandId.CID_MSG_LIST_REQUEST, IMGetMsgListReq.newBuilder().setUserId(user)
                .setSessionType(type).setSessionId(session).setMsgIdBegin(begin).setMsgCnt(cnt).build(),
                CommandId.CID_MSG_LIST_RESPONSE, IMGetMsgListRsp.parser());
    }

    static IMGetMsgByIdRsp byId(PduTestClient client, int user, SessionType type, int session, List<Integer> ids)
            throws Exception {
        return call(client, CommandId.CID_MSG_GET_BY_MSG_ID_REQ, IMGetMsgByIdReq.newBuilder().setUserId(user)
                .setSessionType(type).setSessionId(session).addAllMsgIdList(ids).build(),
                CommandId.CID_MSG_GET_BY_MSG_ID_RES, IMGetMsgByIdRsp.parser());
    }

    static int latestId(PduTestClient client, int user, SessionType type, int session) throws Exception {
        return call(client, CommandId.CID_MSG_GET_LATEST_MSG_ID_REQ, IMGetLatestMsgIdReq.newBuilder().setUserId(user)
                .setSessionType(type).setSessionId(session).build(),
                CommandId.CID_MSG_GET_LATEST_MSG_ID_RSP, IMGetLatestMsgIdRsp.parser()).getLatestMsgId();
    }

    static IMUnreadMsgCntRsp unread(PduTestClient client, int user) throws Exception {
        return call(client, CommandId.CID_MSG_UNREAD_CNT_REQUEST, IMUnreadMsgCntReq.newBuilder().setUserId(user).build(),
                CommandId.CID_MSG_UNREAD_CNT_RESPONSE, IMUnreadMsgCntRsp.parser());
    }

    /** Read ack; it has no reply, so the next request on the connection shows its effect. */
    static void readAck(PduTestClient client, int user, SessionType type, int session) throws Exception {
        client.send(CommandId.CID_MSG_READ_ACK, seq(), IMMsgDataReadAck.newBuilder().setUserId(user)
                .setSessionId(session).setMsgId(0).setSessionType(type).build());
    }

    /**
     * Read ack, then waits until it took effect: acks run on the conversation's worker, the next
     * query of the test may run on another one.
     */
    static void readAckAndWait(PduTestClient client, DbProxyServer server, DbProxyConfig cfg, int user, SessionType type,
                               int session, long expectedReadMsgId) throws Exception {
        readAck(client, user, type, session);
        String redisKey = type == SessionType.SESSION_TYPE_GROUP ? RedisKeys.userGroupCount(user, session) : RedisKeys.unread(user);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            long pos = queryLong(cfg, "SELECT readMsgId FROM TTReadPosition WHERE userId=? AND peerId=? AND type=?",
                    user, session, type.getNumber());
            assertThat(pos).as("read position").isGreaterThanOrEqualTo(expectedReadMsgId);
            Map<String, String> hash = redisHash(server, redisKey);
            if (type == SessionType.SESSION_TYPE_GROUP) {
                assertThat(hash).as(redisKey).containsEntry("count", Long.toString(expectedReadMsgId));
            } else {
                assertThat(hash).as(redisKey).doesNotContainKey(Integer.toString(session));
            }
        });
    }

    static IMRecentContactSessionRsp recent(PduTestClient client, int user, int since) throws Exception {
        return call(client, CommandId.CID_BUDDY_LIST_RECENT_CONTACT_SESSION_REQUEST,
                IMRecentContactSessionReq.newBuilder().setUserId(user).setLatestUpdateTime(since).build(),
                CommandId.CID_BUDDY_LIST_RECENT_CONTACT_SESSION_RESPONSE, IMRecentContactSessionRsp.parser());
    }

    static IMRemoveSessionRsp remove(PduTestClient client, int user, SessionType type, int session) throws Exception {
        return call(client, CommandId.CID_BUDDY_LIST_REMOVE_SESSION_REQ, IMRemoveSessionReq.newBuilder().setUserId(user)
                .setSessionType(type).setSessionId(session).build(),
                CommandId.CID_BUDDY_LIST_REMOVE_SESSION_RES, IMRemoveSessionRsp.parser());
    }

    /** A live group with members joined at the given unix times (as the group handlers would write it). */
    static void group(DbProxyConfig cfg, int gid, Map<Integer, Integer> joinTimes) throws SQLException {
        int now = now();
        try (Connection c = EmbeddedStorage.jdbc(cfg)) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO IMGroup (id, name, avatar, creator, type, userCnt,"
                    + " status, version, lastChated, created, updated) VALUES (?,?,'',?,2,?,0,1,0,?,?)")) {
                ps.setInt(1, gid);
                ps.setString(2, "group " + gid);
                ps.setInt(3, joinTimes.keySet().iterator().next());
                ps.setInt(4, joinTimes.size());
                ps.setInt(5, now);
                ps.setInt(6, now);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO IMGroupMember (groupId, userId, status, created, updated) VALUES (?,?,0,?,?)")) {
                for (Map.Entry<Integer, Integer> e : joinTimes.entrySet()) {
                    ps.setInt(1, gid);
                    ps.setInt(2, e.getKey());
                    ps.setInt(3, e.getValue());
                    ps.setInt(4, e.getValue());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
    }

    static long queryLong(DbProxyConfig cfg, String sql, Object... args) throws SQLException {
        try (Connection c = EmbeddedStorage.jdbc(cfg); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : -1;
            }
        }
    }

    /** SELECT statements the database has run so far (to show a request does not cost one per session). */
    static long selectsSoFar(DbProxyConfig cfg) throws SQLException {
        try (Connection c = EmbeddedStorage.jdbc(cfg); PreparedStatement ps =
                c.prepareStatement("SHOW GLOBAL STATUS LIKE 'Com_select'"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(2);
        }
    }

    static Map<String, String> redisHash(DbProxyServer server, String key) {
        RedissonClient redis = server.context().storage().redis();
        return redis.<String, String>getMap(key).readAllMap();
    }

    static String redisString(DbProxyServer server, String key) {
        return server.context().storage().redis().<String>getBucket(key).get();
    }

    static List<Integer> ids(List<com.mogujie.tt.protobuf.IMBaseDefine.MsgInfo> msgs) {
        List<Integer> out = new ArrayList<>();
        msgs.forEach(m -> out.add(m.getMsgId()));
        return out;
    }

    /** Audio msg_data as clients send it: 4-byte big-endian duration, then the audio bytes. */
    static ByteString audio(int seconds, int size, int seed) {
        ByteBuffer buf = ByteBuffer.allocate(4 + size);
        buf.putInt(seconds);
        java.util.Random r = new java.util.Random(seed);
        byte[] bytes = new byte[size];
        r.nextBytes(bytes);
        buf.put(bytes).flip();
        return ByteString.copyFrom(buf);
    }

    /** Decodes a client-encoded text (base64 AES-256-ECB, length in the last 4 bytes), as clients do. */
    static String clientDecrypt(ByteString data) throws Exception {
        byte[] enc = Base64.getDecoder().decode(data.toStringUtf8());
        Cipher aes = Cipher.getInstance("AES/ECB/NoPadding");
        aes.init(Cipher.DECRYPT_MODE, new SecretKeySpec(
                "12345678901234567890123456789012".getBytes(StandardCharsets.US_ASCII), "AES"));
        byte[] plain = aes.doFinal(enc);
        int len = ByteBuffer.wrap(plain, plain.length - 4, 4).getInt();
        return new String(plain, 0, len, StandardCharsets.UTF_8);
    }
}
