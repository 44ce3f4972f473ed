package io.teamtalkj.msgserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import com.mogujie.tt.protobuf.IMBaseDefine.ClientType;
import com.mogujie.tt.protobuf.IMBaseDefine.GroupType;
import com.mogujie.tt.protobuf.IMBaseDefine.MsgInfo;
import com.mogujie.tt.protobuf.IMBaseDefine.MsgType;
import com.mogujie.tt.protobuf.IMBaseDefine.SessionType;
import com.mogujie.tt.protobuf.IMBaseDefine.UnreadInfo;
import com.mogujie.tt.protobuf.IMGroup.IMGroupCreateReq;
import com.mogujie.tt.protobuf.IMGroup.IMGroupCreateRsp;
import com.mogujie.tt.protobuf.IMMessage.IMGetMsgListReq;
import com.mogujie.tt.protobuf.IMMessage.IMGetMsgListRsp;
import com.mogujie.tt.protobuf.IMMessage.IMMsgData;
import com.mogujie.tt.protobuf.IMMessage.IMMsgDataAck;
import com.mogujie.tt.protobuf.IMMessage.IMUnreadMsgCntReq;
import com.mogujie.tt.protobuf.IMMessage.IMUnreadMsgCntRsp;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.testing.DirectMemory;
import io.teamtalkj.testing.NeverReadingClient;
import io.teamtalkj.pdu.Pdu;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 21's slow group: 50 members that log in and never read, flooded with 3 KB group messages.
 * Each push is encoded once for all of them, so the msg-server's direct memory grows by about one
 * connection's limit, not 50 of them (before: 50 copies, OutOfMemoryError in production); each
 * member is dropped at its limit, counted once, the others keep getting acks and messages, and
 * every dropped member finds every acked message by unread and history when it returns.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class SlowGroupIT {
    private static final int SENDER = 1;
    private static final int HEALTHY = 2;
    private static final int FIRST_SLOW = 3;
    private static final int SLOW_MEMBERS = 50;
    private static final int CHUNK = 100;
    private static final ByteString THREE_KB = ByteString.copyFromUtf8("g".repeat(3000));
    /**
     * Bound on the direct memory growth: one slow connection's limit (4 MiB of shared frames) plus the
     * allocator's chunk granularity and the dbproxy's own buffers. 50 unshared copies need 200 MiB.
     */
    private static final long DIRECT_MEMORY_BOUND = 48L * 1024 * 1024;

    static TestBed bed;
    static MsgServer server;

    @BeforeAll
    static void start() throws Exception {
        bed = TestBed.start();
        for (int id = SENDER; id < FIRST_SLOW + SLOW_MEMBERS; id++) {
            bed.user(id, "u" + id, "pw" + id);
        }
        MsgServerConfig cfg = bed.msgConfig("ms-slow-group");
        cfg.messageRateLimit = 0;
        // the byte limit, not the timer, ends them: the most a slow member can ever hold
        cfg.slowReaderGrace = Duration.ofMinutes(5);
        server = bed.startMsgServer(cfg);
    }

    @AfterAll
    static void stop() {
        bed.close();
    }

    private static IMMsgData groupMessage(int gid, ByteString data, String clientMsgId) {
        return IMMsgData.newBuilder().setFromUserId(SENDER).setToSessionId(gid).setMsgId(0).setCreateTime(0)
                .setMsgType(MsgType.MSG_TYPE_GROUP_TEXT).setMsgData(data).setTtClientMsgId(clientMsgId).build();
    }

    @Test
    void fiftyNeverReadingMembersAreDroppedWithBoundedMemoryAndFindEveryAckedMessageLater() throws Exception {
        List<Socket> slow = new ArrayList<>();
        try (RawClient sender = RawClient.loggedIn(server.port(), "u1", "pw1", ClientType.CLIENT_TYPE_WINDOWS);
             RawClient healthy = RawClient.loggedIn(server.port(), "u2", "pw2", ClientType.CLIENT_TYPE_MAC)) {
            List<Integer> members = IntStream.range(SENDER, FIRST_SLOW + SLOW_MEMBERS).boxed().toList();
            IMGroupCreateRsp created = call(sender, CommandId.CID_GROUP_CREATE_REQUEST, IMGroupCreateReq.newBuilder()
                    .setUserId(SENDER).setGroupType(GroupType.GROUP_TYPE_TMP).setGroupName("slow").setGroupAvatar("")
                    .addAllMemberIdList(members).build(), CommandId.CID_GROUP_CREATE_RESPONSE, IMGroupCreateRsp.parser());
            assertThat(created.getResultCode()).isZero();
            int gid = created.getGroupId();
            for (int id = FIRST_SLOW; id < FIRST_SLOW + SLOW_MEMBERS; id++) {
                slow.add(NeverReadingClient.login(server.port(), "u" + id, "pw" + id));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> server.sessions().connectionCount() == SLOW_MEMBERS + 2);

            List<Integer> acked = new ArrayList<>();
            long peak;
            try (DirectMemory direct = new DirectMemory()) {
                for (int chunk = 0; server.stats().slowReadersDropped.sum() < SLOW_MEMBERS; chunk++) {
                    assertThat(chunk).as("chunks sent without every slow member being dropped").isLessThan(60);
                    for (int i = 0; i < CHUNK; i++) {
                        sender.send(CommandId.CID_MSG_DATA, groupMessage(gid, THREE_KB, "g-" + chunk + "-" + i));
                    }
                    for (int i = 0; i < CHUNK; i++) {
                        IMMsgDataAck ack = sender.expect(CommandId.CID_MSG_DATA_ACK, IMMsgDataAck.parser());
                        assertThat(ack.getMsgId()).as("stored: %s", ack.getTtStoreReason()).isNotZero();
                        acked.add(ack.getMsgId());
                    }
                    for (int i = 0; i < CHUNK; i++) {
                        assertThat(healthy.expect(CommandId.CID_MSG_DATA, IMMsgData.parser()).getToSessionId()).isEqualTo(gid);
                    }
                }
                await("every slow member is gone").atMost(Duration.ofSeconds(20))
                        .until(() -> server.openSockets() == 2);
                peak = direct.peakGrowth();
            }
            System.out.printf("SlowGroupIT: %d members dropped after %d acked 3 KB messages; direct memory grew at most %.1f MiB%n",
                    SLOW_MEMBERS, acked.size(), peak / 1048576.0);
            assertThat(server.stats().slowReadersDropped.sum()).isEqualTo(SLOW_MEMBERS);
            assertThat(peak).as("direct memory growth, bytes").isLessThan(DIRECT_MEMORY_BOUND);
            for (Socket s : slow) {
                assertThat(NeverReadingClient.closedAfterDraining(s)).isTrue();
            }

            // the others carry on
            sender.send(CommandId.CID_MSG_DATA, groupMessage(gid, ByteString.copyFromUtf8("after"), "after"));
            int after = sender.expect(CommandId.CID_MSG_DATA_ACK, IMMsgDataAck.parser()).getMsgId();
            assertThat(after).isNotZero();
            acked.add(after);
            assertThat(healthy.expect(CommandId.CID_MSG_DATA, IMMsgData.parser()).getMsgData().toStringUtf8()).isEqualTo("after");
            assertThat(server.stats().slowReadersDropped.sum()).isEqualTo(SLOW_MEMBERS);

            // nothing acked was lost: every returning member counts all of them unread, two read the whole history
            for (int id = FIRST_SLOW; id < FIRST_SLOW + SLOW_MEMBERS; id++) {
                try (RawClient back = RawClient.loggedIn(server.port(), "u" + id, "pw" + id, ClientType.CLIENT_TYPE_ANDROID)) {
                    IMUnreadMsgCntRsp unread = call(back, CommandId.CID_MSG_UNREAD_CNT_REQUEST,
                            IMUnreadMsgCntReq.newBuilder().setUserId(id).build(), CommandId.CID_MSG_UNREAD_CNT_RESPONSE,
                            IMUnreadMsgCntRsp.parser());
                    UnreadInfo group = unread.getUnreadinfoListList().stream()
                            .filter(u -> u.getSessionType() == SessionType.SESSION_TYPE_GROUP).findFirst().orElseThrow();
                    assertThat(group.getSessionId()).isEqualTo(gid);
                    assertThat(group.getUnreadCnt()).as("unread of user %d", id).isEqualTo(acked.size());
                    assertThat(group.getLatestMsgId()).isEqualTo(after);
                    if (id < FIRST_SLOW + 2) {
                        assertThat(history(back, id, gid)).as("history of user %d", id).containsExactlyInAnyOrderElementsOf(acked);
                    }
                }
            }
        } finally {
            for (Socket s : slow) {
                s.close();
            }
        }
    }

    private static <T extends MessageLite> T call(RawClient c, int cmd, MessageLite req, int rspCmd, Parser<T> parser)
            throws IOException {
        int seq = c.send(cmd, req);
        Pdu rsp = c.expect(rspCmd);
        assertThat(rsp.seq()).isEqualTo(seq);
        return RawClient.parse(rsp, parser);
    }

    /** Every message id of the group's history, newest first, page by page. */
    private static List<Integer> history(RawClient c, int userId, int gid) throws IOException {
        List<Integer> ids = new ArrayList<>();
        int begin = 0;
        while (true) {
            IMGetMsgListRsp page = call(c, CommandId.CID_MSG_LIST_REQUEST, IMGetMsgListReq.newBuilder().setUserId(userId)
                    .setSessionType(SessionType.SESSION_TYPE_GROUP).setSessionId(gid).setMsgIdBegin(begin)
                    .setMsgCnt(100).build(), CommandId.CID_MSG_LIST_RESPONSE, IMGetMsgListRsp.parser());
            for (MsgInfo m : page.getMsgListList()) {
                ids.add(m.getMsgId());
                begin = m.getMsgId() - 1;
            }
            if (page.getMsgListCount() < 100 || begin <= 0) {
                return ids;
            }
        }
    }
}
