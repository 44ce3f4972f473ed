package io.teamtalkj.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mogujie.tt.protobuf.IMBaseDefine.ClientType;
import com.mogujie.tt.protobuf.IMBaseDefine.GroupType;
import com.mogujie.tt.protobuf.IMBaseDefine.MsgInfo;
import com.mogujie.tt.protobuf.IMBaseDefine.SessionType;
import com.mogujie.tt.protobuf.IMBaseDefine.UnreadInfo;
import com.mogujie.tt.protobuf.IMBaseDefine.UserStatType;
import com.mogujie.tt.protobuf.IMMessage.IMGetMsgListRsp;
import com.mogujie.tt.protobuf.IMMessage.IMMsgDataAck;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.teamtalkj.client.ClientConfig;
import io.teamtalkj.client.ClientListener;
import io.teamtalkj.client.TeamTalkClient;
import io.teamtalkj.control.admin.AddUserRequest;
import io.teamtalkj.control.admin.DbAdminGrpc;
import io.teamtalkj.launcher.cluster.LocalCluster;
import io.teamtalkj.loadtest.LoadReport;
import io.teamtalkj.loadtest.LoadTest;
import io.teamtalkj.loadtest.LoadTestOptions;
import io.teamtalkj.loadtest.LoadTestOptions.Scenario;
import io.teamtalkj.msgserver.MsgServer;
import io.teamtalkj.route.RouteServer;
import io.teamtalkj.testing.DirectMemory;
import io.teamtalkj.testing.NeverReadingClient;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault suite (issue 21 §9), slow readers: on an in-process cluster (embedded MariaDB and
 * redis-server, dbproxy, two route-servers, two msg-servers) under the load tester's traffic, a
 * client that never reads, and a group of never-reading members spread over both msg-servers, are
 * flooded with 3 KB messages across the route-servers. The msg-servers drop exactly them, direct
 * memory stays bounded, the load test loses and duplicates nothing, and every dropped user pulls
 * every acked message (unread count and history) when it comes back.
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class SlowReadersUnderLoadIT {
    private static final String PASSWORD = "slow-pw";
    private static final String THREE_KB = "s".repeat(3000);
    private static final int WINDOW = 100;
    /**
     * Direct memory every tier of this JVM may add while the slow ones are flooded: a slow
     * connection's 4 MiB limit on each msg-server, shared frames, link buffers, the allocator's
     * chunks. Without shared frames the slow group alone needs 20 x 4 MiB.
     */
    private static final long DIRECT_MEMORY_BOUND = 48L * 1024 * 1024;

    @TempDir
    static Path dataDir;

    static LocalCluster cluster;
    static ManagedChannel admin;
    static final ExecutorService background = Executors.newSingleThreadExecutor();
    static final List<TeamTalkClient> clients = new ArrayList<>();

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = InProcessClusters.start(dataDir);
        admin = NettyChannelBuilder.forAddress("127.0.0.1", cluster.dbProxy().controlPort()).usePlaintext().build();
    }

    @AfterAll
    static void stopCluster() {
        clients.forEach(TeamTalkClient::close);
        background.shutdownNow();
        if (admin != null) {
            admin.shutdownNow();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private static int addUser(String name) {
        return DbAdminGrpc.newBlockingStub(admin).withDeadlineAfter(60, TimeUnit.SECONDS)
                .addUser(AddUserRequest.newBuilder().setName(name).setPassword(PASSWORD).build()).getUserId();
    }

    private static MsgServer ms(int i) {
        return cluster.msgServers().get(i);
    }

    private static TeamTalkClient sdk(String name, MsgServer on) throws Exception {
        TeamTalkClient c = TeamTalkClient.create(ClientConfig.builder().msgServer("127.0.0.1", on.port()).user(name)
                .password(PASSWORD).clientType(ClientType.CLIENT_TYPE_WINDOWS).requestTimeout(Duration.ofSeconds(30))
                .reconnect(false).build(), new ClientListener() { });
        clients.add(c);
        c.connect().get(30, TimeUnit.SECONDS);
        return c;
    }

    private static void awaitOnline(int userId) {
        await("user " + userId + " online at every route-server").atMost(Duration.ofSeconds(20)).until(() -> {
            for (RouteServer r : cluster.routeServers()) {
                if (r.presence().status(userId) != UserStatType.USER_STATUS_ONLINE) {
                    return false;
                }
            }
            return true;
        });
    }

    private static long drops() {
        return cluster.msgServers().stream().mapToLong(m -> m.stats().slowReadersDropped.sum()).sum();
    }

    /** The load tester's P2P traffic across both msg-servers while the fault runs. */
    private static Future<LoadReport> backgroundLoad(String prefix) {
        LoadTestOptions o = InProcessClusters.loadOptions(cluster, Scenario.P2P);
        o.userPrefix = prefix;
        o.clients = 8;
        o.crossFraction = 0.5;
        o.rate = 100;
        o.duration = Duration.ofSeconds(10);
        o.requestTimeout = Duration.ofSeconds(30);
        o.drainTimeout = Duration.ofSeconds(30);
        return background.submit(() -> LoadTest.run(o));
    }

    private static void assertNothingLost(LoadReport r) {
        assertThat(r.acked).as("acks (failures: %s)", r.ackFailures).isPositive();
        assertThat(r.ackFailures).isEmpty();
        assertThat(r.lost()).isZero();
        assertThat(r.duplicated()).isZero();
        assertThat(r.received()).isEqualTo(r.expected());
    }

    /** Sends {@link #WINDOW} messages at a time until {@code dropped} is reached; returns the acked ids. */
    private static List<Integer> flood(java.util.function.IntFunction<CompletableFuture<IMMsgDataAck>> send, long dropped)
            throws Exception {
        List<Integer> acked = new ArrayList<>();
        for (int round = 0; drops() < dropped; round++) {
            assertThat(round).as("rounds without every slow reader dropped").isLessThan(80);
            List<CompletableFuture<IMMsgDataAck>> window = new ArrayList<>();
            for (int i = 0; i < WINDOW; i++) {
                window.add(send.apply(i));
            }
            for (CompletableFuture<IMMsgDataAck> f : window) {
                IMMsgDataAck ack = f.get(30, TimeUnit.SECONDS);
                assertThat(ack.getMsgId()).as("stored: %s", ack.getTtStoreReason()).isNotZero();
                acked.add(ack.getMsgId());
            }
        }
        return acked;
    }

    private static UnreadInfo unreadOf(TeamTalkClient c, SessionType type, int sessionId) throws Exception {
        return c.unread().get(30, TimeUnit.SECONDS).getUnreadinfoListList().stream()
                .filter(u -> u.getSessionType() == type && u.getSessionId() == sessionId).findFirst().orElseThrow();
    }

    private static List<Integer> history(TeamTalkClient c, SessionType type, int sessionId) throws Exception {
        List<Integer> ids = new ArrayList<>();
        int begin = 0;
        while (true) {
            IMGetMsgListRsp page = c.history(type, sessionId, begin, 100).get(30, TimeUnit.SECONDS);
            for (MsgInfo m : page.getMsgListList()) {
                ids.add(m.getMsgId());
                begin = m.getMsgId() - 1;
            }
            if (page.getMsgListCount() < 100 || begin <= 0) {
                return ids;
            }
        }
    }

    @Test
    void aClientThatNeverReadsIsDroppedUnderLoadAndPullsEveryAckedMessage() throws Exception {
        int slowId = addUser("slow-one");
        addUser("flooder-one");
        TeamTalkClient flooder = sdk("flooder-one", ms(0));
        long dropsBefore = drops();
        try (Socket slow = NeverReadingClient.login(ms(1).port(), "slow-one", PASSWORD)) {
            awaitOnline(slowId); // so the flood is relayed to the other msg-server
            Future<LoadReport> load = backgroundLoad("sr");
            List<Integer> acked;
            long peak;
            try (DirectMemory direct = new DirectMemory()) {
                acked = flood(i -> flooder.sendText(slowId, THREE_KB), dropsBefore + 1);
                peak = direct.peakGrowth();
            }
            long droppedAt = System.nanoTime();
            assertThat(NeverReadingClient.closedAfterDraining(slow)).isTrue();
            assertThat(peak).as("direct memory growth, bytes").isLessThan(DIRECT_MEMORY_BOUND);

            // back (while the load still runs) with every acked message
            TeamTalkClient back = sdk("slow-one", ms(0));
            UnreadInfo unread = unreadOf(back, SessionType.SESSION_TYPE_SINGLE, flooder.userId());
            assertThat(unread.getUnreadCnt()).isEqualTo(acked.size());
            assertThat(history(back, SessionType.SESSION_TYPE_SINGLE, flooder.userId()))
                    .containsExactlyInAnyOrderElementsOf(acked);
            long recoveredMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - droppedAt);

            LoadReport r = load.get(5, TimeUnit.MINUTES);
            assertThat(drops() - dropsBefore).as("only the slow reader was dropped").isEqualTo(1);
            assertNothingLost(r);
            System.out.printf("SlowReadersUnderLoadIT: slow reader dropped after %d acked 3 KB messages; direct memory"
                            + " grew at most %.1f MiB; back with all of them (login, unread, history) %d ms after the drop; load test %d acked,"
                            + " 0 lost%n", acked.size(), peak / 1048576.0,
                    recoveredMillis, r.acked);
        }
    }

    @Test
    void aGroupOfNeverReadingMembersIsDroppedUnderLoadAndEachPullsEveryAckedMessage() throws Exception {
        int members = 20;
        int flooderId = addUser("flooder-group");
        List<Integer> memberIds = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            memberIds.add(addUser("slow-member" + i));
        }
        TeamTalkClient flooder = sdk("flooder-group", ms(0));
        List<Integer> everyone = new ArrayList<>(memberIds);
        everyone.add(flooderId);
        int gid = flooder.createGroup("slow group", GroupType.GROUP_TYPE_TMP, everyone).get(30, TimeUnit.SECONDS).getGroupId();
        assertThat(gid).isPositive();
        long dropsBefore = drops();
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < members; i++) {
                slow.add(NeverReadingClient.login(ms(i % 2).port(), "slow-member" + i, PASSWORD));
            }
            memberIds.forEach(SlowReadersUnderLoadIT::awaitOnline);
            Future<LoadReport> load = backgroundLoad("sg");
            List<Integer> acked;
            long peak;
            try (DirectMemory direct = new DirectMemory()) {
                acked = flood(i -> flooder.sendGroupText(gid, THREE_KB), dropsBefore + members);
                peak = direct.peakGrowth();
            }
            long droppedAt = System.nanoTime();
            for (Socket s : slow) {
                assertThat(NeverReadingClient.closedAfterDraining(s)).isTrue();
            }
            assertThat(peak).as("direct memory growth, bytes").isLessThan(DIRECT_MEMORY_BOUND);

            for (int i = 0; i < members; i++) {
                TeamTalkClient back = sdk("slow-member" + i, ms((i + 1) % 2));
                UnreadInfo unread = unreadOf(back, SessionType.SESSION_TYPE_GROUP, gid);
                assertThat(unread.getUnreadCnt()).as("unread of member %d", i).isEqualTo(acked.size());
                if (i == 0) {
                    assertThat(history(back, SessionType.SESSION_TYPE_GROUP, gid)).containsExactlyInAnyOrderElementsOf(acked);
                }
                back.close();
            }
            long recoveredMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - droppedAt);

            LoadReport r = load.get(5, TimeUnit.MINUTES);
            assertThat(drops() - dropsBefore).as("exactly the slow members were dropped").isEqualTo(members);
            assertNothingLost(r);
            System.out.printf("SlowReadersUnderLoadIT: %d slow members dropped after %d acked 3 KB group messages;"
                            + " direct memory grew at most %.1f MiB; all back (20 logins, unread each) %d ms after the drops;"
                            + " load test %d acked, 0 lost%n", members, acked.size(), peak / 1048576.0,
                    recoveredMillis, r.acked);
        } finally {
            for (Socket s : slow) {
                s.close();
            }
        }
    }
}
