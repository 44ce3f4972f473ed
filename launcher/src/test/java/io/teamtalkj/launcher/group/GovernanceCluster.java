package io.teamtalkj.launcher.group;

import static org.awaitility.Awaitility.await;

import com.mogujie.tt.protobuf.IMGroup.IMGroupChangeMemberNotify;
import com.mogujie.tt.protobuf.IMMessage.IMMsgData;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.teamtalkj.client.ClientConfig;
import io.teamtalkj.client.ClientListener;
import io.teamtalkj.client.TeamTalkClient;
import io.teamtalkj.control.admin.AddUserRequest;
import io.teamtalkj.control.admin.CreateGroupRequest;
import io.teamtalkj.control.admin.DbAdminGrpc;
import io.teamtalkj.control.admin.GroupType;
import io.teamtalkj.launcher.cluster.ClusterPorts;
import io.teamtalkj.launcher.cluster.LocalCluster;
import io.teamtalkj.msgserver.MsgServer;
import io.teamtalkj.pdu.group.GroupNotice;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One in-process cluster (two msg-servers, one route-server, embedded MariaDB and Redis) shared by
 * a governance IT class, with users made through the admin service and clients logged in on a
 * chosen msg-server.
 */
final class GovernanceCluster implements AutoCloseable {
    static final String PASSWORD = "secret123";
    static final int MAX_MEMBERS = 8;
    static final int MAX_ADMINS = 2;

    final LocalCluster cluster;
    private final Path dataDir;
    private final ManagedChannel channel;
    final DbAdminGrpc.DbAdminBlockingStub admin;
    private final Map<String, Integer> ids = new HashMap<>();
    private final List<TeamTalkClient> clients = new ArrayList<>();

    GovernanceCluster() throws Exception {
        Path target = Path.of("target").toAbsolutePath();
        Files.createDirectories(target);
        dataDir = Files.createTempDirectory(target, "governance-it-");
        LocalCluster.Options o = new LocalCluster.Options();
        o.portBase = ClusterPorts.FREE_PORTS;
        o.dataDir = dataDir;
        o.seedDemoData = false;
        o.messageRateLimit = 0;
        o.routeServers = 1;
        o.groupMaxMembers = MAX_MEMBERS;
        o.groupMaxAdmins = MAX_ADMINS;
        cluster = LocalCluster.start(o);
        channel = NettyChannelBuilder.forAddress("127.0.0.1", cluster.dbProxy().controlPort()).usePlaintext().build();
        admin = DbAdminGrpc.newBlockingStub(channel);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> cluster.loginServer().registry().size() == cluster.msgServers().size());
    }

    /** The user's id, creating the user (nick = login name) the first time. */
    int user(String name) {
        return ids.computeIfAbsent(name, n -> admin.withDeadlineAfter(30, TimeUnit.SECONDS)
                .addUser(AddUserRequest.newBuilder().setName(n).setPassword(PASSWORD).setNick(n).build()).getUserId());
    }

    /** A normal group created by the operator service for {@code owner} with the members. */
    int group(String name, String owner, String... members) {
        CreateGroupRequest.Builder b = CreateGroupRequest.newBuilder().setName(name).setType(GroupType.NORMAL)
                .setCreatorId(user(owner));
        for (String m : members) {
            b.addMemberIds(user(m));
        }
        return admin.withDeadlineAfter(30, TimeUnit.SECONDS).createGroup(b.build()).getId();
    }

    /** A logged-in client of {@code name} on msg-server {@code index} (0 or 1). */
    TeamTalkClient login(String name, int index, Inbox inbox) throws Exception {
        user(name);
        MsgServer ms = cluster.msgServers().get(index);
        TeamTalkClient c = TeamTalkClient.create(ClientConfig.builder().msgServer("127.0.0.1", ms.port()).user(name)
                .password(PASSWORD).requestTimeout(Duration.ofSeconds(20)).reconnect(false).build(), inbox);
        clients.add(c);
        c.connect().get(30, TimeUnit.SECONDS);
        return c;
    }

    void flushRedis() {
        cluster.dbProxy().context().storage().redis().getKeys().flushall();
    }

    @Override
    public void close() throws Exception {
        clients.forEach(TeamTalkClient::close);
        channel.shutdownNow();
        try {
            cluster.close();
        } finally {
            try (var walk = Files.walk(dataDir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** What a client was pushed: group notices and other messages, and 0x040b notifies. */
    static final class Inbox implements ClientListener {
        final BlockingQueue<IMMsgData> messages = new LinkedBlockingQueue<>();
        final BlockingQueue<IMGroupChangeMemberNotify> memberNotifies = new LinkedBlockingQueue<>();
        final BlockingQueue<io.teamtalkj.pdu.Pdu> pushes = new LinkedBlockingQueue<>();

        @Override
        public void onPush(io.teamtalkj.pdu.Pdu pdu) {
            pushes.add(pdu);
        }

        @Override
        public void onMessage(IMMsgData msg) {
            messages.add(msg);
        }

        @Override
        public void onGroupChangeMember(IMGroupChangeMemberNotify notify) {
            memberNotifies.add(notify);
        }

        /** The next notice pushed for the group (other messages are skipped). */
        GroupNotice nextNotice(int groupId) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (System.nanoTime() < deadline) {
                IMMsgData m = messages.poll(1, TimeUnit.SECONDS);
                if (m != null && m.getToSessionId() == groupId) {
                    var n = TeamTalkClient.groupNotice(m);
                    if (n.isPresent()) {
                        return n.get();
                    }
                }
            }
            throw new AssertionError("no notice for group " + groupId + " within 20 s");
        }
    }
}
