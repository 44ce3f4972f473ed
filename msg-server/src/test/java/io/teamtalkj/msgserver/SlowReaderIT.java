package io.teamtalkj.msgserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import com.mogujie.tt.protobuf.IMBaseDefine.ClientType;
import com.mogujie.tt.protobuf.IMBaseDefine.MsgInfo;
import com.mogujie.tt.protobuf.IMBaseDefine.MsgType;
import com.mogujie.tt.protobuf.IMBaseDefine.SessionType;
import com.mogujie.tt.protobuf.IMBaseDefine.UnreadInfo;
import com.mogujie.tt.protobuf.IMMessage.IMGetMsgListReq;
import com.mogujie.tt.protobuf.IMMessage.IMGetMsgListRsp;
import com.mogujie.tt.protobuf.IMMessage.IMMsgData;
import com.mogujie.tt.protobuf.IMMessage.IMMsgDataAck;
import com.mogujie.tt.protobuf.IMMessage.IMUnreadMsgCntReq;
import com.mogujie.tt.protobuf.IMMessage.IMUnreadMsgCntRsp;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.netty.channel.ChannelOutboundBuffer;
import io.teamtalkj.control.msg.MsgServerStatsGrpc;
import io.teamtalkj.control.msg.MsgStatsRequest;
import io.teamtalkj.msgserver.session.ClientSession;
import io.teamtalkj.net.PduServer;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.testing.DirectMemory;
import io.teamtalkj.testing.NeverReadingClient;
import io.teamtalkj.pdu.Pdu;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A client that logs in and then never reads, flooded with messages: the msg-server drops it once
 * its output is past the limit (bounded, never buffered without end), counts it, keeps serving the
 * others, and the dropped user finds every acked message by unread and history when it returns.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class SlowReaderIT {
    private static final int SENDER = 1;
    private static final int SLOW = 2;
    private static final int HEALTHY = 3;
    private static final int CHUNK = 200;
    /** msg_data near the dbproxy's 4 KiB content column, so few messages fill the buffers. */
    private static final ByteString BIG = ByteString.copyFromUtf8("x".repeat(4000));

    /** The allocator's chunk granularity and the dbproxy's own buffers, above the one connection's limit. */
    private static final long DIRECT_MEMORY_SLACK = 32L * 1024 * 1024;

    static TestBed bed;
    static MsgServer server;

    @BeforeAll
    static void start() throws Exception {
        bed = TestBed.start();
        for (int id = SENDER; id <= HEALTHY; id++) {
            bed.user(id, "u" + id, "pw" + id);
        }
        MsgServerConfig cfg = bed.msgConfig("ms-slow-reader");
        cfg.messageRateLimit = 0;
        cfg.slowReaderGrace = Duration.ofMillis(500);
        cfg.controlPort = 0;
        cfg.metricsPort = 0;
        server = bed.startMsgServer(cfg);
    }

    @AfterAll
    static void stop() {
        bed.close();
    }

    private static IMMsgData message(int to, ByteString data, String clientMsgId) {
        return IMMsgData.newBuilder().setFromUserId(SENDER).setToSessionId(to).setMsgId(0).setCreateTime(0)
                .setMsgType(MsgType.MSG_TYPE_SINGLE_TEXT).setMsgData(data).setTtClientMsgId(clientMsgId).build();
    }

    @Test
    void aClientThatNeverReadsIsDroppedOnceAndFindsEveryAckedMessageLater() throws Exception {
        long limit = server.config().maxQueuedBytes;
        AtomicLong mostQueued = new AtomicLong();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        try (RawClient sender = RawClient.loggedIn(server.port(), "u1", "pw1", ClientType.CLIENT_TYPE_WINDOWS);
             RawClient healthy = RawClient.loggedIn(server.port(), "u3", "pw3", ClientType.CLIENT_TYPE_MAC);
             Socket slow = NeverReadingClient.login(server.port(), "u2", "pw2")) {
            sampler.scheduleAtFixedRate(() -> mostQueued.accumulateAndGet(queuedFor(SLOW), Math::max),
                    0, 1, TimeUnit.MILLISECONDS);

            List<Integer> acked = new ArrayList<>();
            int healthyGot = 0;
            DirectMemory direct = new DirectMemory();
            for (int chunk = 0; server.stats().slowReadersDropped.sum() == 0; chunk++) {
                assertThat(chunk).as("chunks sent without the slow reader being dropped").isLessThan(40);
                for (int i = 0; i < CHUNK; i++) {
                    sender.send(CommandId.CID_MSG_DATA, message(SLOW, BIG, "flood-" + chunk + "-" + i));
                }
                sender.send(CommandId.CID_MSG_DATA, message(HEALTHY, ByteString.copyFromUtf8("still there " + chunk), "h" + chunk));
                for (int i = 0; i < CHUNK + 1; i++) {
                    IMMsgDataAck ack = sender.expect(CommandId.CID_MSG_DATA_ACK, IMMsgDataAck.parser());
                    assertThat(ack.getMsgId()).as("stored: %s", ack.getTtStoreReason()).isNotZero();
                    if (ack.getSessionId() == SLOW) {
                        acked.add(ack.getMsgId());
                    }
                }
                assertThat(healthy.expect(CommandId.CID_MSG_DATA, IMMsgData.parser()).getMsgData().toStringUtf8())
                        .isEqualTo("still there " + chunk);
                healthyGot++;
            }
            sampler.shutdown();
            assertThat(sampler.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
            direct.close();
            System.out.printf("SlowReaderIT: dropped after %d acked messages; direct memory grew at most %.1f MiB%n",
                    acked.size(), direct.peakGrowth() / 1048576.0);
            assertThat(direct.peakGrowth()).as("direct memory growth, bytes: about one connection's limit")
                    .isLessThan(limit + DIRECT_MEMORY_SLACK);

            // dropped, exactly once; its output never grew past the limit
            await("the slow connection is gone").atMost(Duration.ofSeconds(10))
                    .until(() -> server.sessions().sessions(SLOW).length == 0 && server.openSockets() == 2);
            assertThat(server.stats().slowReadersDropped.sum()).isEqualTo(1);
            assertThat(mostQueued.get()).as("bytes queued for the slow reader")
                    .isGreaterThan(PduServer.WATER_MARK.low()).isLessThanOrEqualTo(limit);
            assertThat(NeverReadingClient.closedAfterDraining(slow)).isTrue();
            assertThat(dropsReported()).as("gRPC MsgServerStats").isEqualTo(1);
            assertThat(metrics()).contains("teamtalk_msg_slow_readers_dropped_total 1.0");

            // the others carry on
            sender.send(CommandId.CID_MSG_DATA, message(HEALTHY, ByteString.copyFromUtf8("after"), "after"));
            assertThat(sender.expect(CommandId.CID_MSG_DATA_ACK, IMMsgDataAck.parser()).getMsgId()).isNotZero();
            assertThat(healthy.expect(CommandId.CID_MSG_DATA, IMMsgData.parser()).getMsgData().toStringUtf8()).isEqualTo("after");
            assertThat(healthyGot).isPositive();
            assertThat(server.stats().slowReadersDropped.sum()).isEqualTo(1);

            // nothing acked was lost: the returning user finds every message by unread and history
            try (RawClient back = RawClient.loggedIn(server.port(), "u2", "pw2", ClientType.CLIENT_TYPE_ANDROID)) {
                IMUnreadMsgCntRsp unread = call(back, CommandId.CID_MSG_UNREAD_CNT_REQUEST,
                        IMUnreadMsgCntReq.newBuilder().setUserId(SLOW).build(), CommandId.CID_MSG_UNREAD_CNT_RESPONSE,
                        IMUnreadMsgCntRsp.parser());
                UnreadInfo fromSender = unread.getUnreadinfoList(0);
                assertThat(fromSender.getSessionId()).isEqualTo(SENDER);
                assertThat(fromSender.getUnreadCnt()).isEqualTo(acked.size());
                assertThat(fromSender.getLatestMsgId()).isEqualTo(acked.get(acked.size() - 1));
                assertThat(history(back)).containsExactlyInAnyOrderElementsOf(acked);
            }
        } finally {
            sampler.shutdownNow();
        }
    }

    private static long dropsReported() {
        ManagedChannel control = NettyChannelBuilder.forAddress("127.0.0.1", server.controlPort()).usePlaintext().build();
        try {
            return MsgServerStatsGrpc.newBlockingStub(control).get(MsgStatsRequest.getDefaultInstance()).getSlowReadersDropped();
        } finally {
            control.shutdownNow();
        }
    }

    private static String metrics() throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.metricsPort() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** Bytes the msg-server has queued for the user's connection (0 when it has none). */
    private static long queuedFor(int userId) {
        long most = 0;
        for (ClientSession s : server.sessions().sessions(userId)) {
            ChannelOutboundBuffer out = s.channel().unsafe().outboundBuffer();
            most = Math.max(most, out == null ? 0 : out.totalPendingWriteBytes());
        }
        return most;
    }

    private static <T extends MessageLite> T call(RawClient c, int cmd, MessageLite req, int rspCmd, Parser<T> parser)
            throws IOException {
        int seq = c.send(cmd, req);
        Pdu rsp = c.expect(rspCmd);
        assertThat(rsp.seq()).isEqualTo(seq);
        return RawClient.parse(rsp, parser);
    }

    /** Every message id of the sender's conversation, newest first, page by page. */
    private static List<Integer> history(RawClient c) throws IOException {
        List<Integer> ids = new ArrayList<>();
        int begin = 0;
        while (true) {
            IMGetMsgListRsp page = call(c, CommandId.CID_MSG_LIST_REQUEST, IMGetMsgListReq.newBuilder().setUserId(SLOW)
                    .setSessionType(SessionType.SESSION_TYPE_SINGLE).setSessionId(SENDER).setMsgIdBegin(begin)
                    .setMsgCnt(100).build(), CommandId.CID_MSG_LIST_RESPONSE, IMGetMsgListRsp.parser());
            if (page.getMsgListCount() == 0) {
                return ids;
            }
            for (MsgInfo m : page.getMsgListList()) {
                ids.add(m.getMsgId());
                begin = m.getMsgId() - 1;
            }
            if (begin == 0) {
                return ids;
            }
        }
    }
}
