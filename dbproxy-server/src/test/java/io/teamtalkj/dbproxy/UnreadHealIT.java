package io.teamtalkj.dbproxy;

import static io.teamtalkj.dbproxy.MsgFixtures.group;
import static io.teamtalkj.dbproxy.MsgFixtures.groupText;
import static io.teamtalkj.dbproxy.MsgFixtures.msg;
import static io.teamtalkj.dbproxy.MsgFixtures.now;
import static io.teamtalkj.dbproxy.MsgFixtures.queryLong;
import static io.teamtalkj.dbproxy.MsgFixtures.text;
import static io.teamtalkj.dbproxy.MsgFixtures.unread;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.google.protobuf.ByteString;
import com.mogujie.tt.protobuf.IMBaseDefine.MsgType;
import com.mogujie.tt.protobuf.IMBaseDefine.SessionType;
import com.mogujie.tt.protobuf.IMBaseDefine.UnreadInfo;
import com.mogujie.tt.protobuf.IMMessage.IMMsgData;
import com.mogujie.tt.protobuf.IMMessage.IMUnreadMsgCntRsp;
import io.teamtalkj.dbproxy.storage.MessageStore;
import io.teamtalkj.dbproxy.storage.RedisKeys;
import io.teamtalkj.dbproxy.storage.Storage;
import io.teamtalkj.dbproxy.testing.EmbeddedStorage;
import io.teamtalkj.embedded.EmbeddedRedis;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.OrderedExecutor;
import io.teamtalkj.pdu.Pdu;
import io.teamtalkj.testing.PduTestClient;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.redisson.api.RedissonClient;
import org.slf4j.LoggerFactory;

/**
 * Unread counts stay equal to MySQL's truth when Redis loses writes: a restart from an older
 * snapshot (kill -9), a post-commit update that failed, and a dbproxy shutdown during an update.
 * Runs its own redis-server that can be killed and restarted.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class UnreadHealIT {
    private static EmbeddedRedis redis;

    private DbProxyConfig config;
    private DbProxyServer server;
    private PduTestClient client;

    @BeforeAll
    static void startRedis() throws Exception {
        redis = EmbeddedRedis.startPersistent();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @BeforeEach
    void startDbProxy() throws Exception {
        if (!redis.running()) { // an earlier test failed between kill and restart
            redis.restart();
        }
        config = EmbeddedStorage.freshConfig();
        config.redisUrl = redis.url();
        RedissonClient r = Storage.openRedis(redis.url(), 1);
        try {
            r.getKeys().flushall();
        } finally {
            r.shutdown();
        }
        server = DbProxyServer.start(config);
        client = PduTestClient.connect(server.port());
    }

    @AfterEach
    void stopDbProxy() throws Exception {
        client.close();
        if (server != null) {
            server.close();
        }
    }

    /** One-to-one messages to {@code user} after its read position, counted in MySQL. */
    private long mysqlUnread(int user) throws Exception {
        long n = 0;
        for (int shard = 0; shard < 8; shard++) {
            n += queryLong(config, "SELECT COUNT(*) FROM IMMessage_" + shard + " WHERE toId=? AND status=0", user);
        }
        return n;
    }

    private static String unreadField(RedissonClient r, int user, int peer) {
        return r.<String, String>getMap(RedisKeys.unread(user)).get(Integer.toString(peer));
    }

    @Test
    void redisRestartThatLostIncrementsIsRebuiltFromMysql() throws Exception {
        int gid = 900;
        group(config, gid, Map.of(1, now() - 5000, 2, now() - 5000));
        text(client, 1, 2, "a1");
        text(client, 1, 2, "a2");
        groupText(client, 1, gid, "g1");
        assertThat(unread(client, 2).getTotalCnt()).isEqualTo(3); // builds the hash and the markers
        redis.snapshot();
        text(client, 1, 2, "a3");
        text(client, 1, 2, "a4");
        text(client, 1, 2, "a5");
        groupText(client, 1, gid, "g2");
        assertThat(unread(client, 2).getTotalCnt()).isEqualTo(7);

        // kill -9: the restarted Redis has the snapshot's hash (2) and group counter (1), each with
        // its marker, but not what came after
        redis.kill();
        redis.restart();

        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .untilAsserted(() -> assertThat(unread(client, 2).getTotalCnt()).isEqualTo(7));
        IMUnreadMsgCntRsp rsp = unread(client, 2);
        Map<SessionType, Integer> bySession = new EnumMap<>(SessionType.class);
        for (UnreadInfo u : rsp.getUnreadinfoListList()) {
            bySession.merge(u.getSessionType(), u.getUnreadCnt(), Integer::sum);
        }
        assertThat(bySession).containsExactlyInAnyOrderEntriesOf(
                Map.of(SessionType.SESSION_TYPE_SINGLE, 5, SessionType.SESSION_TYPE_GROUP, 2));
        assertThat(mysqlUnread(2)).isEqualTo(5);
        assertThat(unreadField(server.context().storage().redis(), 2, 1)).isEqualTo("5");
        // and the rebuilt hash is trusted again: increments go on from it
        text(client, 1, 2, "a6");
        groupText(client, 1, gid, "g3");
        assertThat(unread(client, 2).getTotalCnt()).isEqualTo(9);
    }

    @Test
    void postCommitUpdateThatFailedIsHealedOnceRedisIsBack() throws Exception {
        text(client, 3, 4, "b1"); // caches the conversation's relation and msg_id
        assertThat(unread(client, 4).getTotalCnt()).isEqualTo(1);
        redis.snapshot();
        redis.kill();

        // stored in MySQL; the Redis update after the commit fails
        IMMsgData m = msg(3, 4, MsgType.MSG_TYPE_SINGLE_TEXT, ByteString.copyFromUtf8("b2"));
        client.send(CommandId.CID_MSG_DATA, 77, m);
        Pdu reply = client.receive(60_000);
        assertThat(reply.parse(IMMsgData.parser()).getMsgId()).isEqualTo(2);
        assertThat(server.context().storage().unreadHealer().pending()).isEqualTo(1);

        redis.restart();
        // healed without anyone asking: the hash itself holds MySQL's count again
        RedissonClient r = server.context().storage().redis();
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .untilAsserted(() -> assertThat(unreadField(r, 4, 3)).isEqualTo("2"));
        assertThat(server.context().storage().unreadHealer().pending()).isZero();
        assertThat(server.context().storage().unreadHealer().healed()).isEqualTo(1);
        assertThat(mysqlUnread(4)).isEqualTo(2);
        assertThat(unread(client, 4).getTotalCnt()).isEqualTo(2);
    }

    @Test
    void shutdownWaitsForAnUpdateInFlight() throws Exception {
        text(client, 5, 6, "c1");
        ListAppender<ILoggingEvent> logs = capture(MessageStore.class, OrderedExecutor.class);

        // Redis stops answering for 2 s while the next message's update is in flight
        CompletableFuture<Void> sleeping = CompletableFuture.runAsync(() -> redisCommand("DEBUG SLEEP 2"));
        await().atMost(Duration.ofSeconds(5)).until(() -> !redisAnswersWithin(200));
        client.send(CommandId.CID_MSG_DATA, 78, msg(5, 6, MsgType.MSG_TYPE_SINGLE_TEXT, ByteString.copyFromUtf8("c2")));
        await().atMost(Duration.ofSeconds(5)).until(() -> mysqlUnread(6) == 2);

        DbProxyServer closing = server;
        server = null;
        closing.close();

        Pdu reply = client.receive(10_000);
        if (reply.commandId() == CommandId.CID_OTHER_STOP_RECV_PACKET) { // close() says so first
            reply = client.receive(10_000);
        }
        assertThat(reply.commandId()).isEqualTo(CommandId.CID_MSG_DATA);
        assertThat(reply.parse(IMMsgData.parser()).getMsgId()).isEqualTo(2);
        sleeping.join();
        RedissonClient r = Storage.openRedis(redis.url(), 1);
        try {
            assertThat(unreadField(r, 6, 5)).isEqualTo("2");
        } finally {
            r.shutdown();
        }
        assertThat(logs.list).as("no update interrupted or failed")
                .noneMatch(e -> e.getLevel().isGreaterOrEqual(Level.WARN));
    }

    private static ListAppender<ILoggingEvent> capture(Class<?>... classes) {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        for (Class<?> c : classes) {
            ((Logger) LoggerFactory.getLogger(c)).addAppender(appender);
        }
        return appender;
    }

    /** Sends one inline command on its own connection and waits for the reply. */
    private static void redisCommand(String command) {
        try (Socket s = new Socket("127.0.0.1", redis.port())) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            s.getInputStream().read();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static boolean redisAnswersWithin(int millis) {
        try (Socket s = new Socket("127.0.0.1", redis.port())) {
            s.setSoTimeout(millis);
            s.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            return s.getInputStream().read() == '+';
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
