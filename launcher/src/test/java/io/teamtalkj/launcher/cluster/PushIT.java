package io.teamtalkj.launcher.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.mogujie.tt.protobuf.IMBaseDefine.ClientType;
import com.mogujie.tt.protobuf.IMServer.IMGetDeviceTokenReq;
import com.mogujie.tt.protobuf.IMServer.IMGetDeviceTokenRsp;
import com.sun.net.httpserver.HttpServer;
import io.teamtalkj.client.ClientConfig;
import io.teamtalkj.client.TeamTalkClient;
import io.teamtalkj.launcher.cluster.ClusterIT.Inbox;
import io.teamtalkj.msgserver.MsgServer;
import io.teamtalkj.msgserver.push.OfflinePush;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Conversations;
import io.teamtalkj.pdu.PushCommandId;
import io.teamtalkj.pdu.push.IMAppStateReport;
import io.teamtalkj.pdu.push.IMAppStateRsp;
import io.teamtalkj.pdu.push.IMPushSettingsReq;
import io.teamtalkj.pdu.push.IMPushSettingsRsp;
import io.teamtalkj.push.provider.WebhookProvider;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Offline push end to end: the cluster's push-server posts to a local webhook; the msg-server
 * decides after the sender's ack who gets one (a phone that is not connected), silently when a PC
 * is online, never for a muted group, and a token the service calls dead is removed.
 */
@Timeout(180)
class PushIT {
    /** The webhook answers 410 Gone for this token (a dead phone). */
    static final String DEAD = "carol-dead-android-token";

    Path dataDir;
    HttpServer webhook;
    final List<JsonObject> pushes = new CopyOnWriteArrayList<>();
    final List<String> badSignatures = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        Path target = Path.of("target").toAbsolutePath();
        Files.createDirectories(target);
        dataDir = Files.createTempDirectory(target, "push-it-");
        webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        webhook.setExecutor(Executors.newFixedThreadPool(2));
        webhook.createContext("/push", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            // the cluster's push-server has no secret: the HMAC is over the empty key
            String expected = "sha256=" + WebhookProvider.sign(new byte[0], body);
            if (!expected.equals(ex.getRequestHeaders().getFirst(WebhookProvider.SIGNATURE_HEADER))) {
                badSignatures.add(new String(body, StandardCharsets.UTF_8));
            }
            JsonObject push = JsonParser.parseString(new String(body, StandardCharsets.UTF_8)).getAsJsonObject();
            pushes.add(push);
            ex.sendResponseHeaders(push.get("token").getAsString().equals(DEAD) ? 410 : 200, -1);
            ex.close();
        });
        webhook.start();
    }

    @AfterEach
    void stop() throws Exception {
        webhook.stop(0);
        ((java.util.concurrent.ExecutorService) webhook.getExecutor()).shutdownNow();
        try (var walk = Files.walk(dataDir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private TeamTalkClient connect(LocalCluster cluster, String user, ClientType type, List<TeamTalkClient> all)
            throws Exception {
        TeamTalkClient c = TeamTalkClient.create(ClientConfig.builder().loginUrl(cluster.loginUrl()).user(user)
                .password(DemoData.USERS.get(user)).clientType(type).requestTimeout(Duration.ofSeconds(10))
                .reconnect(false).build(), new Inbox());
        all.add(c);
        c.connect().get(20, TimeUnit.SECONDS);
        return c;
    }

    private static void awaitOffline(TeamTalkClient asker, int userId) {
        await().atMost(Duration.ofSeconds(10)).until(() -> asker.usersStatus(List.of(userId)).get(5, TimeUnit.SECONDS)
                .getUserStatList(0).getTtOnlineClasses() == 0);
    }

    /** Waits until the route-server's presence shows these device classes of the user (1 PC, 2 mobile). */
    private static void awaitClasses(TeamTalkClient asker, int userId, int classes) {
        await().atMost(Duration.ofSeconds(10)).until(() -> asker.usersStatus(List.of(userId)).get(5, TimeUnit.SECONDS)
                .getUserStatList(0).getTtOnlineClasses() == classes);
    }

    /** A cluster on free ports whose push-server posts to this test's webhook. */
    private LocalCluster.Options pushingToTheWebhook(int msgServers) {
        LocalCluster.Options o = new LocalCluster.Options();
        o.portBase = ClusterPorts.FREE_PORTS;
        o.dataDir = dataDir;
        o.msgServers = msgServers;
        o.routeServers = 1;
        o.pushWebhook = URI.create("http://127.0.0.1:" + webhook.getAddress().getPort() + "/push");
        return o;
    }

    private List<JsonObject> pushesTo(int userId) {
        return pushes.stream().filter(p -> p.get("user_id").getAsInt() == userId).toList();
    }

    @Test
    void offlinePhonesGetOnePushAfterTheAckAndConnectedPhonesNone() throws Exception {
        List<TeamTalkClient> clients = new ArrayList<>();
        try (LocalCluster cluster = LocalCluster.start(pushingToTheWebhook(1))) {
            cluster.seedIfEmpty(new PrintWriter(new StringWriter()));
            ClusterIT.awaitMsgServersRegistered(cluster);
            MsgServer ms = cluster.msgServers().get(0);
            OfflinePush decisions = pushes(ms);

            TeamTalkClient alice = connect(cluster, "alice", ClientType.CLIENT_TYPE_WINDOWS, clients);
            int lunch = alice.groups().get(10, TimeUnit.SECONDS).getGroupVersionListList().get(0).getGroupId();
            // bob's phone registers its token, mutes the lunch group, then loses its connection (no logout)
            TeamTalkClient bobPhone = connect(cluster, "bob", ClientType.CLIENT_TYPE_IOS, clients);
            int bob = bobPhone.userId();
            bobPhone.deviceToken("bob-ios-token-0123456789").get(10, TimeUnit.SECONDS);
            bobPhone.shieldGroup(lunch, true).get(10, TimeUnit.SECONDS);
            // and turns do-not-disturb on for the whole day (start = end) in its own zone: pushes come quietly
            bobPhone.pushShield(true).get(10, TimeUnit.SECONDS);
            IMPushSettingsRsp dnd = bobPhone.request(PushCommandId.CID_PUSH_SETTINGS_REQ, IMPushSettingsReq.newBuilder()
                    .setTimeZone("Asia/Tokyo").setDndStartMinute(0).setDndEndMinute(0).build(),
                    PushCommandId.CID_PUSH_SETTINGS_RSP, IMPushSettingsRsp.parser()).get(10, TimeUnit.SECONDS);
            assertThat(dnd.getResultCode()).as(dnd.getReason()).isZero();
            assertThat(dnd.getUserId()).isEqualTo(bobPhone.userId());
            assertThat(dnd.getPushShield()).isTrue();
            bobPhone.close();
            // carol's Android phone has a token the push service will call dead
            TeamTalkClient carolPhone = connect(cluster, "carol", ClientType.CLIENT_TYPE_ANDROID, clients);
            int carol = carolPhone.userId();
            carolPhone.deviceToken(DEAD).get(10, TimeUnit.SECONDS);
            carolPhone.close();
            awaitOffline(alice, bob);
            awaitOffline(alice, carol);

            // 1. offline phone: exactly one push, after the ack, with the sender's nick and the text
            int msgId = alice.sendText(bob, "hello bob").get(10, TimeUnit.SECONDS).getMsgId();
            await().atMost(Duration.ofSeconds(20)).until(() -> pushesTo(bob).size() == 1);
            JsonObject p = pushesTo(bob).get(0);
            assertThat(p.get("alert").getAsString()).isEqualTo("Alice: hello bob");
            assertThat(p.get("platform").getAsString()).isEqualTo("ios");
            assertThat(p.get("token").getAsString()).isEqualTo("bob-ios-token-0123456789");
            assertThat(p.get("badge").getAsInt()).isEqualTo(1);
            assertThat(p.get("silent").getAsBoolean()).isFalse();
            assertThat(p.get("quiet").getAsBoolean()).as("do-not-disturb").isTrue();
            assertThat(decisions.quiet.sum()).isEqualTo(1);
            assertThat(p.get("msg_id").getAsInt()).isEqualTo(msgId);
            assertThat(p.get("session_type").getAsString()).isEqualTo("single");
            assertThat(p.get("collapse_id").getAsString()).isEqualTo("s-" + alice.userId());
            assertThat(badSignatures).isEmpty();

            // 2. a muted group: no push for bob; carol (offline, not muting) gets one
            long before = decisions.decisions.sum();
            alice.sendGroupText(lunch, "lunch at noon?").get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(20)).until(() -> decisions.decisions.sum() == before + 1);
            assertThat(decisions.skippedShielded.sum()).isEqualTo(1);
            await().atMost(Duration.ofSeconds(20)).until(() -> pushesTo(carol).size() == 1);
            assertThat(pushesTo(carol).get(0).get("collapse_id").getAsString()).isEqualTo("g-" + lunch);
            assertThat(pushesTo(carol).get(0).get("platform").getAsString()).isEqualTo("android");
            assertThat(pushesTo(carol).get(0).get("quiet").getAsBoolean()).isFalse();
            assertThat(pushesTo(bob)).hasSize(1);

            // 3. the service called carol's token dead (410): the msg-server has the dbproxy remove it
            await().atMost(Duration.ofSeconds(20)).until(() -> decisions.tokensRemoved.sum() == 1);
            await().atMost(Duration.ofSeconds(20)).until(() -> tokensOf(ms, carol).getUserTokenInfoCount() == 0);
            assertThat(tokensOf(ms, bob).getUserTokenInfoCount()).isEqualTo(1);

            // 4. bob's PC online, phone not: a silent push
            TeamTalkClient bobPc = connect(cluster, "bob", ClientType.CLIENT_TYPE_WINDOWS, clients);
            awaitClasses(alice, bob, 1);
            alice.sendText(bob, "see this on the PC").get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(20)).until(() -> pushesTo(bob).size() == 2);
            assertThat(pushesTo(bob).get(1).get("silent").getAsBoolean()).isTrue();
            assertThat(pushesTo(bob).get(1).get("alert").getAsString()).isEmpty();
            bobPc.close();
            awaitOffline(alice, bob);

            // 5. bob's phone connected: no push at all
            TeamTalkClient bobAgain = connect(cluster, "bob", ClientType.CLIENT_TYPE_IOS, clients);
            awaitClasses(alice, bob, 2);
            long skipped = decisions.skippedConnected.sum();
            long decided = decisions.decisions.sum();
            alice.sendText(bob, "you are online").get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(20)).until(() -> decisions.decisions.sum() == decided + 1);
            assertThat(decisions.skippedConnected.sum()).isEqualTo(skipped + 1);
            assertThat(pushesTo(bob)).hasSize(2);
            assertThat(admin("--cluster", dataDir.toString(), "user", "sessions", "bob"))
                    .contains("1 connected device", "msg-server-1", "ios", "active");

            // 6. the app goes to the background: it counts as not connected, so a push goes out again
            IMAppStateRsp state = bobAgain.request(PushCommandId.CID_PUSH_APP_STATE_REPORT, IMAppStateReport.newBuilder()
                    .setState(IMAppStateReport.AppState.BACKGROUND).build(), PushCommandId.CID_PUSH_APP_STATE_RSP,
                    IMAppStateRsp.parser()).get(10, TimeUnit.SECONDS);
            assertThat(state.getResultCode()).isZero();
            assertThat(admin("--cluster", dataDir.toString(), "user", "sessions", "bob")).contains("background");
            alice.sendText(bob, "are you there?").get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(20)).until(() -> pushesTo(bob).size() == 3);
            assertThat(pushesTo(bob).get(2).get("alert").getAsString()).isEqualTo("Alice: are you there?");
            bobAgain.close();
            assertThat(cluster.pushServer().lanes()).extracting(l -> l.provider().name()).contains("webhook");
            assertThat(Set.copyOf(pushes.stream().map(x -> x.get("user_id").getAsInt()).toList())).containsOnly(bob, carol);
        } finally {
            clients.forEach(TeamTalkClient::close);
        }
    }

    /**
     * The phone is on one msg-server, the sender on another: the sender's msg-server sees the
     * phone's app state through the dbproxy (0x0822 reports), gated by route-server presence.
     */
    @Test
    void aPhoneOnAnotherMsgServerIsPushedOnlyWhileBackgroundedOrGone() throws Exception {
        List<TeamTalkClient> clients = new ArrayList<>();
        try (LocalCluster cluster = LocalCluster.start(pushingToTheWebhook(2))) {
            cluster.seedIfEmpty(new PrintWriter(new StringWriter()));
            ClusterIT.awaitMsgServersRegistered(cluster);
            MsgServer ms0 = cluster.msgServers().get(0);
            MsgServer ms1 = cluster.msgServers().get(1);
            OfflinePush decisions = pushes(ms0);
            TeamTalkClient alice = connectTo(ms0, "alice", ClientType.CLIENT_TYPE_WINDOWS, null, clients);
            TeamTalkClient bobPhone = connectTo(ms1, "bob", ClientType.CLIENT_TYPE_IOS, "bob-iphone", clients);
            int bob = bobPhone.userId();
            bobPhone.deviceToken("bob-iphone-token").get(10, TimeUnit.SECONDS);
            awaitClasses(alice, bob, 2);
            await().atMost(Duration.ofSeconds(10)).until(() -> deviceState(ms0, bob, "bob-iphone") == 1);

            // foreground on ms1: alice's msg-server pushes nothing
            long decided = decisions.decisions.sum();
            alice.sendText(bob, "in the app").get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(20)).until(() -> decisions.decisions.sum() == decided + 1);
            assertThat(decisions.skippedConnected.sum()).isEqualTo(1);
            assertThat(pushesTo(bob)).isEmpty();

            // backgrounded on ms1: one push, for that device
            appState(bobPhone, IMAppStateReport.AppState.BACKGROUND);
            await().atMost(Duration.ofSeconds(10)).until(() -> deviceState(ms0, bob, "bob-iphone") == 2);
            alice.sendText(bob, "in your pocket").get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(20)).until(() -> pushesTo(bob).size() == 1);
            assertThat(pushesTo(bob).get(0).get("device_id").getAsString()).isEqualTo("bob-iphone");
            assertThat(pushesTo(bob).get(0).get("alert").getAsString()).isEqualTo("Alice: in your pocket");

            // back in the foreground: none again
            appState(bobPhone, IMAppStateReport.AppState.ACTIVE);
            await().atMost(Duration.ofSeconds(10)).until(() -> deviceState(ms0, bob, "bob-iphone") == 1);
            long decided2 = decisions.decisions.sum();
            alice.sendText(bob, "welcome back").get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(20)).until(() -> decisions.decisions.sum() == decided2 + 1);
            assertThat(pushesTo(bob)).hasSize(1);

            // the connection is gone: pushed again
            bobPhone.close();
            awaitOffline(alice, bob);
            alice.sendText(bob, "bye").get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(20)).until(() -> pushesTo(bob).size() == 2);
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> pushesTo(bob).size() == 2);
        } finally {
            clients.forEach(TeamTalkClient::close);
        }
    }

    /**
     * The push service is down from the start: the push-server runs but reports unready, and the
     * msg-servers stay ready, store, ack and deliver as before; the push is counted as failed.
     */
    @Test
    void aPushServiceDownAtStartLeavesMessagingUntouched() throws Exception {
        // a port nothing listens on, held so no other process takes it during the test
        try (java.net.Socket refusing = io.teamtalkj.testing.Ports.refusing()) {
            int closedPort = refusing.getLocalPort();
            LocalCluster.Options o = new LocalCluster.Options();
            o.portBase = ClusterPorts.FREE_PORTS;
            o.dataDir = dataDir;
            o.msgServers = 1;
            o.routeServers = 1;
            o.pushWebhook = URI.create("http://127.0.0.1:" + closedPort + "/push");
            List<TeamTalkClient> clients = new ArrayList<>();
            try (LocalCluster cluster = LocalCluster.start(o)) {
                cluster.seedIfEmpty(new PrintWriter(new StringWriter()));
                ClusterIT.awaitMsgServersRegistered(cluster);
                MsgServer ms = cluster.msgServers().get(0);
                await().atMost(Duration.ofSeconds(20)).until(() -> ready(cluster.pushServer().metricsPort()) == 503);
                assertThat(ready(ms.metricsPort())).isEqualTo(200);

                TeamTalkClient bobPhone = connect(cluster, "bob", ClientType.CLIENT_TYPE_IOS, clients);
                int bob = bobPhone.userId();
                bobPhone.deviceToken("bob-token-nobody-takes").get(10, TimeUnit.SECONDS);
                bobPhone.close();
                Inbox carolInbox = new Inbox();
                TeamTalkClient carol = TeamTalkClient.create(ClientConfig.builder().loginUrl(cluster.loginUrl()).user("carol")
                        .password(DemoData.USERS.get("carol")).requestTimeout(Duration.ofSeconds(10)).reconnect(false).build(),
                        carolInbox);
                clients.add(carol);
                carol.connect().get(20, TimeUnit.SECONDS);
                TeamTalkClient alice = connect(cluster, "alice", ClientType.CLIENT_TYPE_WINDOWS, clients);
                awaitOffline(alice, bob);

                // bob (offline) would be pushed: the push fails for good after its attempts, counted
                assertThat(alice.sendText(bob, "for your phone").get(10, TimeUnit.SECONDS).getMsgId()).isPositive();
                var lane = cluster.pushServer().lanes().stream().filter(l -> l.provider().name().equals("webhook")).findFirst()
                        .orElseThrow();
                await().atMost(Duration.ofSeconds(30)).until(() -> lane.stats().failed.sum() == 1);
                // carol (online) gets her message as always
                alice.sendText(carol.userId(), "still here").get(10, TimeUnit.SECONDS);
                com.mogujie.tt.protobuf.IMMessage.IMMsgData got = carolInbox.messages.poll(10, TimeUnit.SECONDS);
                assertThat(got).isNotNull();
                assertThat(ready(ms.metricsPort())).isEqualTo(200);
                assertThat(ready(cluster.pushServer().metricsPort())).isEqualTo(503);
            } finally {
                clients.forEach(TeamTalkClient::close);
            }
        }
    }

    /** GET /ready on a metrics port: its status. */
    private static int ready(int metricsPort) throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        return http.send(java.net.http.HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/ready"))
                .timeout(Duration.ofSeconds(5)).build(), java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private TeamTalkClient connectTo(MsgServer ms, String user, ClientType type, String deviceId, List<TeamTalkClient> all)
            throws Exception {
        TeamTalkClient c = TeamTalkClient.create(ClientConfig.builder().msgServer("127.0.0.1", ms.port()).user(user)
                .password(DemoData.USERS.get(user)).clientType(type).deviceId(deviceId).requestTimeout(Duration.ofSeconds(10))
                .reconnect(false).build(), new Inbox());
        all.add(c);
        c.connect().get(20, TimeUnit.SECONDS);
        return c;
    }

    private static void appState(TeamTalkClient phone, IMAppStateReport.AppState state) throws Exception {
        IMAppStateRsp rsp = phone.request(PushCommandId.CID_PUSH_APP_STATE_REPORT, IMAppStateReport.newBuilder().setState(state)
                .build(), PushCommandId.CID_PUSH_APP_STATE_RSP, IMAppStateRsp.parser()).get(10, TimeUnit.SECONDS);
        assertThat(rsp.getResultCode()).isZero();
    }

    /** The dbproxy's tt_device_state of the user's device (-1 when it holds no token). */
    private static int deviceState(MsgServer ms, int userId, String deviceId) throws Exception {
        return tokensOf(ms, userId).getUserTokenInfoList().stream().filter(t -> t.getTtDeviceId().equals(deviceId))
                .mapToInt(t -> t.getTtDeviceState()).findFirst().orElse(-1);
    }

    /** Runs {@code teamtalk admin ARGS}; returns what it printed (fails on a non-zero exit). */
    private static String admin(String... args) {
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        picocli.CommandLine cmd = io.teamtalkj.launcher.TeamTalk.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        String[] argv = new String[args.length + 1];
        argv[0] = "admin";
        System.arraycopy(args, 0, argv, 1, args.length);
        assertThat(cmd.execute(argv)).as(err.toString()).isZero();
        return out.toString();
    }

    private static OfflinePush pushes(MsgServer ms) {
        return ms.pushes();
    }

    private static IMGetDeviceTokenRsp tokensOf(MsgServer ms, int userId) throws Exception {
        return ms.db().call(CommandId.CID_OTHER_GET_DEVICE_TOKEN_REQ,
                IMGetDeviceTokenReq.newBuilder().addUserId(userId).setTtReportQuiet(true).build().toByteArray(), Conversations.any(userId))
                .get(10, TimeUnit.SECONDS).parse(IMGetDeviceTokenRsp.parser());
    }
}
