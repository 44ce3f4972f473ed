package io.teamtalkj.launcher.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.mogujie.tt.protobuf.IMBaseDefine.ClientType;
import com.mogujie.tt.protobuf.IMBaseDefine.UserTokenInfo;
import com.mogujie.tt.protobuf.IMServer.IMGetDeviceTokenReq;
import com.mogujie.tt.protobuf.IMServer.IMGetDeviceTokenRsp;
import com.mogujie.tt.protobuf.IMSwitchService.IMP2PCmdMsg;
import io.teamtalkj.client.ClientConfig;
import io.teamtalkj.client.ClientListener;
import io.teamtalkj.client.TeamTalkClient;
import io.teamtalkj.launcher.cluster.LocalCluster;
import io.teamtalkj.msgserver.MsgServer;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Conversations;
import io.teamtalkj.pdu.PushCommandId;
import io.teamtalkj.pdu.push.IMAppStateReport;
import io.teamtalkj.pdu.push.IMAppStateRsp;
import io.teamtalkj.push.dispatch.OriginStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * POST /v1/push with per-device sessions: bob has a tablet that registered a token and left and a
 * phone connected in the foreground; carol's phone is connected with its app in the background.
 * "inactive" reaches exactly bob's tablet and carol's phone (by phone push, nothing online),
 * "active" reaches the connected sessions online and pushes nothing, "devices" pushes the named
 * device only. The api-server has no connections of its own: it sees app states through the
 * dbproxy, as any msg-server other than the phone's does.
 */
@Timeout(300)
class ApiPushSessionsIT {
    static final class Cmds implements ClientListener {
        final Queue<IMP2PCmdMsg> received = new ConcurrentLinkedQueue<>();

        @Override
        public void onP2P(IMP2PCmdMsg msg) {
            received.add(msg);
        }
    }

    @Test
    void pushToInactiveSessionsOnlyReachesThose() throws Exception {
        List<TeamTalkClient> clients = new ArrayList<>();
        try (WebhookCluster webhookCluster = WebhookCluster.start("api-push-sessions-it")) {
            LocalCluster cluster = webhookCluster.cluster();
            Queue<JsonNode> pushes = webhookCluster.pushes();
            ApiHttp api = ApiHttp.addApp(cluster, "notifier", "--scopes", "users,push");
            int bob = user(api, "bob");
            int carol = user(api, "carol");
            MsgServer ms = cluster.msgServers().get(0);

            TeamTalkClient tablet = connect(cluster, clients, "bob", ClientType.CLIENT_TYPE_IOS, "bob-tablet", new Cmds());
            tablet.deviceToken("tok-bob-tablet").get(10, TimeUnit.SECONDS);
            tablet.close();
            await().atMost(Duration.ofSeconds(10)).until(() -> cluster.routeServers().get(0).presence().get(bob) == null);
            Cmds bobCmds = new Cmds();
            TeamTalkClient phone = connect(cluster, clients, "bob", ClientType.CLIENT_TYPE_IOS, "bob-phone", bobCmds);
            phone.deviceToken("tok-bob-phone").get(10, TimeUnit.SECONDS);
            Cmds carolCmds = new Cmds();
            TeamTalkClient carolPhone = connect(cluster, clients, "carol", ClientType.CLIENT_TYPE_ANDROID, "carol-phone", carolCmds);
            carolPhone.deviceToken("tok-carol").get(10, TimeUnit.SECONDS);
            IMAppStateRsp bg = carolPhone.request(PushCommandId.CID_PUSH_APP_STATE_REPORT, IMAppStateReport.newBuilder()
                    .setState(IMAppStateReport.AppState.BACKGROUND).build(), PushCommandId.CID_PUSH_APP_STATE_RSP,
                    IMAppStateRsp.parser()).get(10, TimeUnit.SECONDS);
            assertThat(bg.getResultCode()).isZero();
            // the dbproxy has what the msg-server reported: device -> 0 not connected, 1 foreground, 2 background
            await().atMost(Duration.ofSeconds(10)).until(() -> states(ms, bob, carol).equals(Map.of(
                    "bob-tablet", 0, "bob-phone", 1, "carol-phone", 2)));

            // inactive: bob's tablet and carol's backgrounded phone, by phone push only
            ApiHttp.Answer a = api.post("/v1/push", "{\"to_user_ids\":[" + bob + "," + carol
                    + "],\"sessions\":\"inactive\",\"title\":\"Deploy\",\"body\":\"done\"}");
            assertThat(a.status()).as(a.body()).isEqualTo(202);
            assertThat(a.json().get("sessions").asText()).isEqualTo("inactive");
            await().atMost(Duration.ofSeconds(20)).until(() -> pushes.size() >= 2);
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> pushes.size() == 2);
            assertThat(pushes).extracting(p -> p.get("device_id").asText() + "=" + p.get("token").asText())
                    .containsExactlyInAnyOrder("bob-tablet=tok-bob-tablet", "carol-phone=tok-carol");
            assertThat(pushes).allSatisfy(p -> assertThat(p.get("alert").asText()).isEqualTo("Deploy: done"));
            assertThat(bobCmds.received).isEmpty();
            assertThat(carolCmds.received).isEmpty();

            // active: the connected sessions online, no phone push
            a = api.post("/v1/push", "{\"to_user_ids\":[" + bob + "],\"sessions\":\"active\",\"body\":\"online only\"}");
            assertThat(a.status()).as(a.body()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(10)).until(() -> bobCmds.received.size() == 1);
            assertThat(bobCmds.received.peek().getCmdMsgData()).contains("online only");
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> pushes.size() == 2);

            // devices: only the named one, connected or not
            a = api.post("/v1/push", "{\"to_user_ids\":[" + bob + "],\"sessions\":\"devices\",\"device_ids\":[\"bob-phone\"],"
                    + "\"body\":\"to the phone\"}");
            assertThat(a.status()).as(a.body()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(20)).until(() -> pushes.size() >= 3);
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> pushes.size() == 3);
            JsonNode last = new ArrayList<>(pushes).get(2);
            assertThat(last.get("device_id").asText()).isEqualTo("bob-phone");
            assertThat(last.get("token").asText()).isEqualTo("tok-bob-phone");
            assertThat(bobCmds.received).hasSize(1);

            // bob's phone goes to the background: now it is inactive too
            phone.request(PushCommandId.CID_PUSH_APP_STATE_REPORT, IMAppStateReport.newBuilder()
                    .setState(IMAppStateReport.AppState.BACKGROUND).build(), PushCommandId.CID_PUSH_APP_STATE_RSP,
                    IMAppStateRsp.parser()).get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(10)).until(() -> states(ms, bob).get("bob-phone") == 2);
            a = api.post("/v1/push", "{\"to_user_ids\":[" + bob + "],\"sessions\":\"inactive\",\"body\":\"both\"}");
            assertThat(a.status()).as(a.body()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(20)).until(() -> pushes.size() >= 5);
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> pushes.size() == 5);
            assertThat(new ArrayList<>(pushes).subList(3, 5)).extracting(p -> p.get("device_id").asText())
                    .containsExactlyInAnyOrder("bob-tablet", "bob-phone");

            // bad sessions
            assertThat(api.post("/v1/push", "{\"to_user_ids\":[" + bob + "],\"sessions\":\"devices\",\"body\":\"x\"}")
                    .status()).isEqualTo(400);
            assertThat(api.post("/v1/push", "{\"to_user_ids\":[" + bob + "],\"sessions\":\"all\",\"device_ids\":[\"a\"],"
                    + "\"body\":\"x\"}").status()).isEqualTo(400);
            assertThat(api.post("/v1/push", "{\"to_user_ids\":[" + bob + "],\"sessions\":\"devices\",\"device_ids\":[\"a b\"],"
                    + "\"body\":\"x\"}").status()).isEqualTo(400);
            assertThat(api.post("/v1/push", "{\"to_user_ids\":[" + bob + "],\"sessions\":\"sleeping\",\"body\":\"x\"}")
                    .status()).isEqualTo(400);

            // counted per provider and origin: the five pushes were this app's
            OriginStats.Counts mine = cluster.pushServer().originStats().all().stream()
                    .filter(c -> c.origin.equals("api:" + api.appKey)).findFirst().orElseThrow();
            assertThat(mine.provider).isEqualTo("webhook");
            await().atMost(Duration.ofSeconds(10)).until(() -> mine.delivered.sum() == 5);
            assertThat(mine.attempted.sum()).isEqualTo(5);
        } finally {
            clients.forEach(TeamTalkClient::close);
        }
    }

    private static TeamTalkClient connect(LocalCluster cluster, List<TeamTalkClient> all, String user, ClientType type,
                                          String deviceId, ClientListener listener) throws Exception {
        TeamTalkClient c = TeamTalkClient.create(ClientConfig.builder().loginUrl(cluster.loginUrl()).user(user)
                .password("pw-" + user).clientType(type).deviceId(deviceId).requestTimeout(Duration.ofSeconds(10))
                .reconnect(false).build(), listener);
        all.add(c);
        c.connect().get(20, TimeUnit.SECONDS);
        return c;
    }

    /** device id -> tt_device_state of these users' tokens, as the dbproxy answers a push decision. */
    static Map<String, Integer> states(MsgServer ms, int... users) throws Exception {
        IMGetDeviceTokenReq.Builder req = IMGetDeviceTokenReq.newBuilder().setTtReportQuiet(true);
        for (int u : users) {
            req.addUserId(u);
        }
        IMGetDeviceTokenRsp rsp = ms.db().call(CommandId.CID_OTHER_GET_DEVICE_TOKEN_REQ, req.build().toByteArray(),
                Conversations.any(users[0])).get(10, TimeUnit.SECONDS).parse(IMGetDeviceTokenRsp.parser());
        Map<String, Integer> out = new TreeMap<>();
        for (UserTokenInfo t : rsp.getUserTokenInfoList()) {
            out.put(t.getTtDeviceId(), t.getTtDeviceState());
        }
        return out;
    }

    private static int user(ApiHttp api, String name) throws Exception {
        ApiHttp.Answer a = api.put("/v1/users/" + name, "{\"password\":\"pw-" + name + "\"}");
        assertThat(a.status()).as(a.body()).isEqualTo(201);
        return a.json().get("id").asInt();
    }
}
