package io.teamtalkj.launcher.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.mogujie.tt.protobuf.IMBaseDefine.GroupModifyType;
import com.mogujie.tt.protobuf.IMBaseDefine.SessionType;
import com.mogujie.tt.protobuf.IMBaseDefine.UnreadInfo;
import com.mogujie.tt.protobuf.IMGroup.IMGroupChangeMemberNotify;
import com.mogujie.tt.protobuf.IMMessage.IMGetMsgListRsp;
import com.mogujie.tt.protobuf.IMMessage.IMMsgData;
import com.mogujie.tt.protobuf.IMMessage.IMUnreadMsgCntRsp;
import com.mogujie.tt.protobuf.IMSwitchService.IMP2PCmdMsg;
import io.teamtalkj.api.Json;
import io.teamtalkj.client.ClientConfig;
import io.teamtalkj.client.ClientListener;
import io.teamtalkj.client.TeamTalkClient;
import io.teamtalkj.client.TeamTalkText;
import io.teamtalkj.launcher.TeamTalk;
import io.teamtalkj.launcher.cluster.ClusterPorts;
import io.teamtalkj.launcher.cluster.LocalCluster;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/**
 * The api-server against real tiers (one cluster for the class: embedded MariaDB and Redis,
 * dbproxy, one route-server, one msg-server, login-server, api-server, all on free ports), driven
 * as applications would drive it: signed HTTP requests, apps made with `teamtalk admin app`, and
 * TeamTalk SDK clients receiving what the API sent.
 */
@Timeout(300)
class ApiServerIT {
    private static final AtomicInteger NAMES = new AtomicInteger();
    private static Path dataDir;
    private static LocalCluster cluster;
    private static String control;
    private static int port;
    private static ApiHttp full;
    private static final List<TeamTalkClient> clients = new ArrayList<>();

    static final class Inbox implements ClientListener {
        final BlockingQueue<IMMsgData> messages = new LinkedBlockingQueue<>();
        final BlockingQueue<IMGroupChangeMemberNotify> groupChanges = new LinkedBlockingQueue<>();
        final BlockingQueue<IMP2PCmdMsg> pushes = new LinkedBlockingQueue<>();

        @Override
        public void onMessage(IMMsgData msg) {
            messages.add(msg);
        }

        @Override
        public void onGroupChangeMember(IMGroupChangeMemberNotify notify) {
            groupChanges.add(notify);
        }

        @Override
        public void onP2P(IMP2PCmdMsg msg) {
            pushes.add(msg);
        }
    }

    @BeforeAll
    static void startCluster() throws Exception {
        Path target = Path.of("target").toAbsolutePath();
        Files.createDirectories(target);
        dataDir = Files.createTempDirectory(target, "api-it-");
        LocalCluster.Options o = new LocalCluster.Options();
        o.portBase = ClusterPorts.FREE_PORTS;
        o.dataDir = dataDir;
        o.seedDemoData = false;
        o.messageRateLimit = 0;
        o.msgServers = 1;
        o.routeServers = 1;
        o.apiAppReload = Duration.ofMillis(300); // so quota changes show within the test
        cluster = LocalCluster.start(o);
        control = "127.0.0.1:" + cluster.dbProxy().controlPort();
        port = cluster.apiServer().port();
        await().atMost(Duration.ofSeconds(30)).until(() -> cluster.apiServer().ready()
                && cluster.loginServer().registry().size() == 1);
        full = app("full-" + NAMES.incrementAndGet());
    }

    @AfterAll
    static void stopCluster() throws Exception {
        clients.forEach(TeamTalkClient::close);
        if (cluster != null) {
            cluster.close();
        }
        if (dataDir != null) {
            try (var walk = Files.walk(dataDir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    /** `teamtalk admin --dbproxy-control ... app ARGS`: [exit code, stdout, stderr]. */
    static String[] admin(String... args) {
        List<String> argv = new ArrayList<>(List.of("admin", "--dbproxy-control", control, "app"));
        argv.addAll(List.of(args));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = TeamTalk.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(argv.toArray(String[]::new));
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }

    /** A new app made with `teamtalk admin app add NAME OPTIONS`, and a client signing with it. */
    static ApiHttp app(String name, String... options) {
        List<String> args = new ArrayList<>(List.of("add", name));
        args.addAll(List.of(options));
        String[] r = admin(args.toArray(String[]::new));
        assertThat(r[0]).as(r[2]).isEqualTo("0");
        String key = line(r[1], "key:");
        String secret = line(r[1], "secret:");
        assertThat(key).hasSize(32);
        assertThat(secret).hasSize(48);
        // a new key is looked up on its first use (reloads on a miss are limited to one a second)
        await().atMost(Duration.ofSeconds(10)).until(() -> cluster.apiServer().apps().byKeyReloading(key) != null);
        return new ApiHttp(port, key, secret);
    }

    private static String line(String out, String prefix) {
        return out.lines().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow().substring(prefix.length()).strip();
    }

    static String uniqueName(String base) {
        return base + NAMES.incrementAndGet();
    }

    /** A user created through the API (PUT /v1/users/{name}); returns its id. */
    static int user(String name) throws Exception {
        ApiHttp.Answer a = full.put("/v1/users/" + name, "{\"password\":\"pw-" + name + "\"}");
        assertThat(a.status()).as(a.body()).isEqualTo(201);
        return a.json().get("id").asInt();
    }

    static TeamTalkClient online(String name, Inbox inbox) throws Exception {
        TeamTalkClient c = TeamTalkClient.create(ClientConfig.builder().loginUrl(cluster.loginUrl()).user(name)
                .password("pw-" + name).requestTimeout(Duration.ofSeconds(10)).reconnect(false).build(), inbox);
        clients.add(c);
        c.connect().get(20, TimeUnit.SECONDS);
        int id = c.userId();
        // relays go only where the route-server knows the user is
        await().atMost(Duration.ofSeconds(10)).until(() -> cluster.routeServers().get(0).presence().get(id) != null);
        return c;
    }

    /** Nothing more arrives for a while (what was refused was not sent). */
    static void assertNothingMore(BlockingQueue<?> q) {
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(q::isEmpty);
    }

    static <T> T next(BlockingQueue<T> q) throws InterruptedException {
        T t = q.poll(10, TimeUnit.SECONDS);
        assertThat(t).as("delivered").isNotNull();
        return t;
    }

    // ------------------------------------------------------------------ TeamTalk /query

    @Test
    void legacyCreateGroupAndChangeMembersReplyLikeHttpMsgServerAndNotifyMembers() throws Exception {
        String b = uniqueName("qb");
        int a = user(uniqueName("qa"));
        int bob = user(b);
        int c = user(uniqueName("qc"));
        Inbox inbox = new Inbox();
        online(b, inbox);

        ApiHttp.Answer created = full.unsigned("POST", "/query/CreateGroup", "{\"req_user_id\":" + a + ",\"app_key\":\""
                + full.appKey + "\",\"group_name\":\"deal 42\",\"group_type\":1,\"group_avatar\":\"\",\"user_id_list\":["
                + bob + "]}");
        assertThat(created.status()).isEqualTo(200);
        assertThat(created.contentType()).isEqualTo("text/html;charset=utf-8");
        int groupId = created.json().get("group_id").asInt();
        assertThat(groupId).isPositive();
        assertThat(created.body()).isEqualTo("{\n   \"error_code\" : 0,\n   \"error_msg\" : \"成功\",\n   \"group_id\" : "
                + groupId + "\n}\n");
        IMGroupChangeMemberNotify n = next(inbox.groupChanges);
        assertThat(n.getGroupId()).isEqualTo(groupId);
        assertThat(n.getChangeType()).isEqualTo(GroupModifyType.GROUP_MODIFY_TYPE_ADD);
        assertThat(n.getCurUserIdListList()).containsExactlyInAnyOrder(a, bob);

        ApiHttp.Answer changed = full.unsigned("POST", "/query/ChangeMembers", "{\"req_user_id\":" + a
                + ",\"app_key\":\"" + full.appKey + "\",\"group_id\":" + groupId + ",\"modify_type\":1,\"user_id_list\":["
                + c + "]}");
        assertThat(changed.body()).isEqualTo("{\n   \"error_code\" : 0,\n   \"error_msg\" : \"成功\"\n}\n");
        n = next(inbox.groupChanges);
        assertThat(n.getChangeType()).isEqualTo(GroupModifyType.GROUP_MODIFY_TYPE_ADD);
        assertThat(n.getChgUserIdListList()).containsExactly(c);
        assertThat(n.getCurUserIdListList()).containsExactlyInAnyOrder(a, bob, c);

        ApiHttp.Answer removed = full.unsigned("POST", "/query/ChangeMembers", "{\"req_user_id\":" + a
                + ",\"app_key\":\"" + full.appKey + "\",\"group_id\":" + groupId + ",\"modify_type\":2,\"user_id_list\":["
                + bob + "]}");
        assertThat(removed.json().get("error_code").asInt()).isZero();
        n = next(inbox.groupChanges); // the removed member hears it too
        assertThat(n.getChangeType()).isEqualTo(GroupModifyType.GROUP_MODIFY_TYPE_DEL);
        assertThat(n.getChgUserIdListList()).containsExactly(bob);

        // a made-up app key: TeamTalk's code 2, nothing created
        ApiHttp.Answer badKey = full.unsigned("POST", "/query/CreateGroup", "{\"req_user_id\":" + a
                + ",\"app_key\":\"nope\",\"group_name\":\"x\",\"group_type\":1,\"group_avatar\":\"\",\"user_id_list\":["
                + bob + "]}");
        assertThat(badKey.body()).isEqualTo("{\n   \"error_code\" : 2,\n   \"error_msg\" : \"appKey不存在\"\n}\n");
        // missing parameters: code 1; unknown group: code 12
        assertThat(full.unsigned("POST", "/query/CreateGroup", "{\"app_key\":\"" + full.appKey + "\",\"group_type\":1}")
                .body()).isEqualTo("{\n   \"error_code\" : 1,\n   \"error_msg\" : \"参数错误\"\n}\n");
        assertThat(full.unsigned("POST", "/query/ChangeMembers", "{\"app_key\":\"" + full.appKey
                + "\",\"group_id\":999999,\"modify_type\":2,\"user_id_list\":[" + bob + "]}").body())
                .isEqualTo("{\n   \"error_code\" : 12,\n   \"error_msg\" : \"更改群成员失败\"\n}\n");
        assertNothingMore(inbox.groupChanges);
    }

    // ------------------------------------------------------------------ messages

    @Test
    void messageReachesTheOnlineClientIsInHistoryCountsAsUnreadAndARetryStoresOnce() throws Exception {
        int from = user(uniqueName("ma"));
        String toName = uniqueName("mb");
        int to = user(toName);
        Inbox inbox = new Inbox();
        TeamTalkClient bob = online(toName, inbox);

        full.extraHeaders.put("Idempotency-Key", "order-1");
        ApiHttp.Answer first;
        ApiHttp.Answer retry;
        try {
            first = full.post("/v1/messages", "{\"from_user_id\":" + from + ",\"to_user_id\":" + to
                    + ",\"text\":\"your order shipped\"}");
            retry = full.post("/v1/messages", "{\"from_user_id\":" + from + ",\"to_user_id\":" + to
                    + ",\"text\":\"your order shipped\"}");
        } finally {
            full.extraHeaders.clear();
        }
        assertThat(first.status()).as(first.body()).isEqualTo(201);
        long msgId = first.json().get("msg_id").asLong();
        assertThat(first.json().get("duplicate").asBoolean()).isFalse();
        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.json().get("msg_id").asLong()).isEqualTo(msgId);
        assertThat(retry.json().get("duplicate").asBoolean()).isTrue();

        IMMsgData got = next(inbox.messages);
        assertThat(got.getMsgId()).isEqualTo(msgId);
        assertThat(got.getFromUserId()).isEqualTo(from);
        assertThat(TeamTalkText.decode(got.getMsgData())).isEqualTo("your order shipped");

        ApiHttp.Answer second = full.post("/v1/messages", "{\"from_user_id\":" + from + ",\"to_user_id\":" + to
                + ",\"text\":\"second\"}");
        assertThat(second.status()).isEqualTo(201);
        assertThat(second.json().get("msg_id").asLong()).isEqualTo(msgId + 1); // the retry stored nothing
        assertThat(next(inbox.messages).getMsgId()).as("the retry was not delivered again").isEqualTo(msgId + 1);

        IMUnreadMsgCntRsp unread = bob.unread().get(10, TimeUnit.SECONDS);
        UnreadInfo fromSender = unread.getUnreadinfoListList().stream().filter(u -> u.getSessionId() == from)
                .findFirst().orElseThrow();
        assertThat(fromSender.getUnreadCnt()).isEqualTo(2);
        IMGetMsgListRsp history = bob.history(SessionType.SESSION_TYPE_SINGLE, from, 0, 20).get(10, TimeUnit.SECONDS);
        assertThat(history.getMsgListList()).extracting(m -> (long) m.getMsgId()).containsExactlyInAnyOrder(msgId, msgId + 1);
    }

    @Test
    void systemAndGroupMessagesAreDeliveredAndRefusalsAreClear() throws Exception {
        String toName = uniqueName("sb");
        int to = user(toName);
        int other = user(uniqueName("sc"));
        Inbox inbox = new Inbox();
        online(toName, inbox);

        ApiHttp.Answer sys = full.post("/v1/messages", "{\"from_system\":true,\"to_user_id\":" + to + ",\"text\":\"maintenance at 22:00\"}");
        assertThat(sys.status()).as(sys.body()).isEqualTo(201);
        IMMsgData got = next(inbox.messages);
        assertThat(got.getFromUserId()).isEqualTo(sys.json().get("from_user_id").asInt());
        assertThat(full.get("/v1/users/system").json().get("id").asInt()).isEqualTo(got.getFromUserId());

        ApiHttp.Answer group = full.post("/v1/groups", "{\"name\":\"ops\",\"member_ids\":[" + to + "," + other + "]}");
        assertThat(group.status()).as(group.body()).isEqualTo(201);
        int groupId = group.json().get("group_id").asInt();
        next(inbox.groupChanges);
        ApiHttp.Answer toGroup = full.post("/v1/messages", "{\"from_user_id\":" + other + ",\"to_group_id\":" + groupId
                + ",\"text\":\"hello group\"}");
        assertThat(toGroup.status()).as(toGroup.body()).isEqualTo(201);
        IMMsgData g = next(inbox.messages);
        assertThat(g.getToSessionId()).isEqualTo(groupId);
        assertThat(TeamTalkText.decode(g.getMsgData())).isEqualTo("hello group");

        // the system user is not a member: refused, nothing stored or delivered
        ApiHttp.Answer notMember = full.post("/v1/messages", "{\"from_system\":true,\"to_group_id\":" + groupId + ",\"text\":\"x\"}");
        assertThat(notMember.status()).isEqualTo(409);
        assertThat(notMember.errorCode()).isEqualTo("not_member");
        assertThat(full.post("/v1/messages", "{\"from_user_id\":" + other + ",\"to_user_id\":987654,\"text\":\"x\"}")
                .status()).isEqualTo(400);
        assertThat(full.post("/v1/messages", "{\"from_user_id\":" + other + ",\"to_group_id\":987654,\"text\":\"x\"}")
                .status()).isEqualTo(404);
        assertThat(full.post("/v1/messages", "{\"from_user_id\":" + other + ",\"to_user_id\":" + to + "}").status())
                .isEqualTo(400);
        assertNothingMore(inbox.messages);
    }

    // ------------------------------------------------------------------ users, departments, groups, push

    @Test
    void usersSyncGetListDisablePasswordAndDepartment() throws Exception {
        String name = uniqueName("u");
        ApiHttp.Answer created = full.put("/v1/users/" + name, "{\"password\":\"pw\",\"nick\":\"Ann\",\"email\":\"a@x.io\"}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("created").asBoolean()).isTrue();
        ApiHttp.Answer updated = full.put("/v1/users/" + name, "{\"nick\":\"Ann B\"}");
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.json().get("created").asBoolean()).isFalse();
        assertThat(updated.json().get("nick").asText()).isEqualTo("Ann B");
        assertThat(updated.json().get("email").asText()).as("kept").isEqualTo("a@x.io");
        assertThat(full.get("/v1/users/" + name).json().get("nick").asText()).isEqualTo("Ann B");
        assertThat(full.get("/v1/users?prefix=" + name).json().get("users")).hasSize(1);

        String depName = uniqueName("Sales");
        ApiHttp.Answer dep = full.post("/v1/departments", "{\"name\":\"" + depName + "\"}");
        assertThat(dep.status()).as(dep.body()).isEqualTo(201);
        int depId = dep.json().get("id").asInt();
        assertThat(full.get("/v1/departments").json().get("departments").toString()).contains("\"id\":" + depId);
        assertThat(full.put("/v1/users/" + name + "/department", "{\"department_id\":" + depId + "}").json()
                .get("department_id").asInt()).isEqualTo(depId);
        assertThat(full.get("/v1/users?department_id=" + depId).json().get("users")).hasSize(1);
        assertThat(full.put("/v1/users/" + name + "/department", "{\"department_id\":99999}").status()).isEqualTo(400);
        assertThat(full.post("/v1/departments", "{\"name\":\"" + depName + "\"}").status()).as("duplicate department")
                .isEqualTo(409);

        assertThat(full.put("/v1/users/" + name + "/password", "{\"password\":\"new\"}").status()).isEqualTo(200);
        TeamTalkClient c = TeamTalkClient.create(ClientConfig.builder().loginUrl(cluster.loginUrl()).user(name)
                .password("new").requestTimeout(Duration.ofSeconds(10)).reconnect(false).build(), new Inbox());
        clients.add(c);
        c.connect().get(20, TimeUnit.SECONDS); // the new password works
        c.close();

        assertThat(full.post("/v1/users/" + name + "/disable", "").json().get("status").asText()).isEqualTo("disabled");
        assertThat(full.get("/v1/users?prefix=" + name).json().get("users")).isEmpty();
        assertThat(full.get("/v1/users?prefix=" + name + "&include_disabled=true").json().get("users")).hasSize(1);
        assertThat(full.post("/v1/users/" + name + "/enable", "").json().get("status").asText()).isEqualTo("active");

        assertThat(full.get("/v1/users/nobody-" + name).status()).isEqualTo(404);
        assertThat(full.put("/v1/users/" + uniqueName("nopw"), "{\"nick\":\"x\"}").status()).as("create needs a password")
                .isEqualTo(400);
        assertThat(full.put("/v1/users/" + name, "{\"sex\":7}").status()).isEqualTo(400);
        assertThat(full.post("/v1/users/nobody-" + name + "/disable", "").status()).isEqualTo(404);
    }

    @Test
    void aUserDisabledThroughTheApiIsRefusedAtOnceDespiteTheActiveUserCache() throws Exception {
        String name = uniqueName("dis");
        int to = user(name);
        int from = user(uniqueName("disf"));
        String send = "{\"from_user_id\":" + from + ",\"to_user_id\":" + to + ",\"text\":\"hi\"}";
        assertThat(full.post("/v1/messages", send).status()).isEqualTo(201); // both now known active
        assertThat(full.post("/v1/users/" + name + "/disable", "").status()).isEqualTo(200);
        ApiHttp.Answer refused = full.post("/v1/messages", send);
        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.json().get("error_msg").asText()).contains(Integer.toString(to));
    }

    @Test
    void groupsCreateAddRemoveAndRefuseBadInputWithNothingChanged() throws Exception {
        String watcher = uniqueName("gw");
        int w = user(watcher);
        int x = user(uniqueName("gx"));
        Inbox inbox = new Inbox();
        online(watcher, inbox);
        ApiHttp.Answer g = full.post("/v1/groups", "{\"name\":\"deal\",\"type\":\"tmp\",\"member_ids\":[" + w + "]}");
        assertThat(g.status()).isEqualTo(201);
        int groupId = g.json().get("group_id").asInt();
        assertThat(next(inbox.groupChanges).getGroupId()).isEqualTo(groupId);

        ApiHttp.Answer add = full.post("/v1/groups/" + groupId + "/members", "{\"user_ids\":[" + x + "]}");
        assertThat(add.status()).isEqualTo(200);
        assertThat(add.json().get("changed_ids").toString()).isEqualTo("[" + x + "]");
        assertThat(next(inbox.groupChanges).getChgUserIdListList()).containsExactly(x);
        ApiHttp.Answer remove = full.post("/v1/groups/" + groupId + "/members/remove", "{\"user_ids\":[" + x + "]}");
        assertThat(remove.json().get("member_ids").toString()).isEqualTo("[" + w + "]");
        assertThat(next(inbox.groupChanges).getChangeType()).isEqualTo(GroupModifyType.GROUP_MODIFY_TYPE_DEL);

        // one unknown user in the list: 400 naming it, nobody added
        ApiHttp.Answer partly = full.post("/v1/groups/" + groupId + "/members", "{\"user_ids\":[" + x + ",876543]}");
        assertThat(partly.status()).isEqualTo(400);
        assertThat(partly.json().get("error_msg").asText()).contains("876543");
        assertThat(full.post("/v1/groups/876543/members", "{\"user_ids\":[" + x + "]}").status()).isEqualTo(404);
        assertThat(full.post("/v1/groups", "{\"name\":\"\",\"member_ids\":[" + w + "]}").status()).isEqualTo(400);
        StringBuilder many = new StringBuilder();
        for (int i = 1; i <= 1001; i++) {
            many.append(i == 1 ? "" : ",").append(i);
        }
        ApiHttp.Answer tooMany = full.post("/v1/groups/" + groupId + "/members", "{\"user_ids\":[" + many + "]}");
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.json().get("error_msg").asText()).contains("at most 1000");
        assertNothingMore(inbox.groupChanges);
    }

    @Test
    void pushReachesOnlineSessionsOfTheChosenClassOnlyAndIsNotStored() throws Exception {
        String name = uniqueName("p");
        int id = user(name);
        Inbox inbox = new Inbox();
        TeamTalkClient c = online(name, inbox); // an SDK client logs in as a PC client

        ApiHttp.Answer toMobile = full.post("/v1/push", "{\"to_user_ids\":[" + id + "],\"sessions\":\"mobile\",\"title\":\"m\"}");
        assertThat(toMobile.status()).as(toMobile.body()).isEqualTo(202);
        ApiHttp.Answer toAll = full.post("/v1/push", "{\"to_user_ids\":[" + id + "],\"title\":\"Build\",\"body\":\"green\","
                + "\"data\":{\"run\":7}}");
        assertThat(toAll.status()).isEqualTo(202);
        IMP2PCmdMsg push = next(inbox.pushes);
        JsonNode payload = Json.tree(push.getCmdMsgData());
        assertThat(payload.get("type").asText()).isEqualTo("tt_push");
        assertThat(payload.get("title").asText()).as("the mobile-only push did not reach the PC session").isEqualTo("Build");
        assertThat(payload.get("data").get("run").asInt()).isEqualTo(7);
        assertThat(c.unread().get(10, TimeUnit.SECONDS).getTotalCnt()).as("not stored as chat").isZero();

        int groupId = full.post("/v1/groups", "{\"name\":\"pushed\",\"member_ids\":[" + id + "]}").json()
                .get("group_id").asInt();
        ApiHttp.Answer toGroup = full.post("/v1/push", "{\"to_group_id\":" + groupId + ",\"body\":\"to all members\"}");
        assertThat(toGroup.status()).as(toGroup.body()).isEqualTo(202);
        assertThat(toGroup.json().get("recipients").asInt()).isEqualTo(1);
        assertThat(Json.tree(next(inbox.pushes).getCmdMsgData()).get("body").asText()).isEqualTo("to all members");

        assertThat(full.post("/v1/push", "{\"to_user_ids\":[876543],\"title\":\"x\"}").status()).isEqualTo(400);
        assertThat(full.post("/v1/push", "{\"to_user_ids\":[" + id + "],\"sessions\":\"asleep\",\"title\":\"x\"}")
                .status()).isEqualTo(400);
        assertThat(full.post("/v1/push", "{\"to_group_id\":876543,\"title\":\"x\"}").status()).isEqualTo(404);
        assertNothingMore(inbox.pushes);
    }

    // ------------------------------------------------------------------ bad input

    @Test
    void badInputIsA4xxJsonErrorAndChangesNothing() throws Exception {
        ApiHttp.Answer malformed = full.post("/v1/departments", "{\"name\":");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().get("error_code").asText()).isEqualTo("invalid_argument");
        assertThat(malformed.json().has("error_msg")).isTrue();
        assertThat(full.post("/v1/departments", "{\"name\":\"x\",\"colour\":\"red\"}").json().get("error_msg").asText())
                .contains("unknown field \"colour\"");
        assertThat(full.post("/v1/departments", "{\"name\":5}").status()).isEqualTo(400);
        assertThat(full.post("/v1/messages", "{\"from_user_id\":\"1\",\"to_user_id\":2,\"text\":\"x\"}").status())
                .as("a string where a number belongs").isEqualTo(400);
        ApiHttp.Answer big = full.post("/v1/departments", "{\"name\":\"" + "x".repeat(70_000) + "\"}");
        assertThat(big.status()).isEqualTo(413);
        assertThat(big.errorCode()).isEqualTo("payload_too_large");
        ApiHttp.Answer nowhere = full.get("/v1/nowhere");
        assertThat(nowhere.status()).isEqualTo(404);
        assertThat(nowhere.json().has("error_code")).isTrue();
        assertThat(full.get("/v1/departments").json().get("departments").toString()).doesNotContain("\"x\"");
    }

    // ------------------------------------------------------------------ auth, quotas, counting

    @Test
    void authFailuresScopesExpiryAndQuotasAndCountsReconcileExactly() throws Exception {
        ApiHttp app = app(uniqueName("acct"), "--scopes", "users,stats");
        // 1 missing headers, 2 bad signature, 3 stale timestamp: not attributable or not trusted, not counted
        ApiHttp.Answer missing = app.unsigned("GET", "/v1/departments", "");
        assertThat(missing.status()).isEqualTo(401);
        assertThat(missing.errorCode()).isEqualTo("unauthorized");
        assertThat(missing.json().get("error_msg").asText()).contains("are required");
        app.forcedSignature = "00".repeat(32);
        assertThat(app.get("/v1/departments").json().get("error_msg").asText()).startsWith("bad signature");
        app.forcedSignature = null;
        app.skewSeconds = -301;
        assertThat(app.get("/v1/departments").json().get("error_msg").asText()).contains("from the server's clock");
        app.skewSeconds = 0;
        // an unknown key
        assertThat(new ApiHttp(port, "0".repeat(32), "x").get("/v1/departments").json().get("error_msg").asText())
                .isEqualTo("unknown app key");

        // counted: 3 departments lists, 1 scope refusal (messages), 1 bad request
        for (int i = 0; i < 3; i++) {
            assertThat(app.get("/v1/departments").status()).isEqualTo(200);
        }
        ApiHttp.Answer scope = app.post("/v1/messages", "{\"from_system\":true,\"to_user_id\":1,\"text\":\"x\"}");
        assertThat(scope.status()).isEqualTo(403);
        assertThat(scope.errorCode()).isEqualTo("scope_missing");
        assertThat(app.post("/v1/departments", "{}").status()).isEqualTo(400);
        ApiHttp.Answer stats = app.get("/v1/stats");
        assertThat(stats.status()).as(stats.body()).isEqualTo(200);
        assertThat(counts(stats.json())).containsExactlyInAnyOrder(
                "call GET /v1/departments 3", "call POST /v1/messages 1", "call POST /v1/departments 1",
                "call GET /v1/stats 1");
        String[] cli = admin("stats", stats.json().get("app").asText());
        assertThat(cli[0]).isEqualTo("0");
        assertThat(cli[1]).contains("GET /v1/departments").containsPattern("GET /v1/departments\\s+3");

        // a calls/day quota set with the CLI applies at the next reload, without a restart
        assertThat(admin("set", stats.json().get("app").asText(), "--calls-per-day", "8")[0]).isEqualTo("0");
        long reloads = cluster.apiServer().apps().reloads();
        await().atMost(Duration.ofSeconds(10)).until(() -> cluster.apiServer().apps().reloads() >= reloads + 2);
        // 6 counted so far today: 2 more pass, then 429 naming the quota
        assertThat(app.get("/v1/departments").status()).isEqualTo(200);
        assertThat(app.get("/v1/departments").status()).isEqualTo(200);
        ApiHttp.Answer over = app.get("/v1/departments");
        assertThat(over.status()).isEqualTo(429);
        assertThat(over.errorCode()).isEqualTo("quota_exceeded");
        assertThat(over.json().get("quota").asText()).isEqualTo("calls_per_day");

        // expired: 403 app_expired
        ApiHttp old = app(uniqueName("old"), "--expires", "2020-01-01");
        ApiHttp.Answer expired = old.get("/v1/departments");
        assertThat(expired.status()).isEqualTo(403);
        assertThat(expired.errorCode()).isEqualTo("app_expired");

        // pushes/day: the second push is refused and not sent
        String name = uniqueName("pq");
        int id = user(name);
        ApiHttp pusher = app(uniqueName("pusher"), "--scopes", "push,stats", "--pushes-per-day", "1");
        assertThat(pusher.post("/v1/push", "{\"to_user_ids\":[" + id + "],\"title\":\"1\"}").status()).isEqualTo(202);
        ApiHttp.Answer second = pusher.post("/v1/push", "{\"to_user_ids\":[" + id + "],\"title\":\"2\"}");
        assertThat(second.status()).isEqualTo(429);
        assertThat(second.json().get("quota").asText()).isEqualTo("pushes_per_day");
        assertThat(counts(pusher.get("/v1/stats").json())).containsExactlyInAnyOrder(
                "call POST /v1/push 2", "push user 1", "call GET /v1/stats 1");
    }

    @Test
    void aReplayedNonceIsRefusedOnEveryApiServerAndNotCounted() throws Exception {
        ApiHttp app = app(uniqueName("replay"), "--scopes", "users,stats");
        app.forcedNonce = "replay-" + NAMES.incrementAndGet() + "-0123456789";
        assertThat(app.get("/v1/departments").status()).isEqualTo(200);
        ApiHttp.Answer again = app.get("/v1/departments"); // correctly signed, same nonce
        assertThat(again.status()).isEqualTo(401);
        assertThat(again.errorCode()).isEqualTo("replayed");
        assertThat(again.json().get("error_msg").asText()).contains(app.forcedNonce);

        // a second api-server on the same dbproxy: the nonce store is shared
        try (io.teamtalkj.api.ApiServer second = secondApiServer(c -> { })) {
            ApiHttp there = app.on(second.port());
            there.forcedNonce = app.forcedNonce;
            ApiHttp.Answer replayedThere = there.get("/v1/departments");
            assertThat(replayedThere.status()).isEqualTo(401);
            assertThat(replayedThere.errorCode()).isEqualTo("replayed");
            // and the other way round: first used on the second server, replayed on the first
            there.forcedNonce = "replay-" + NAMES.incrementAndGet() + "-abcdefghijk";
            assertThat(there.get("/v1/departments").status()).isEqualTo(200);
            app.forcedNonce = there.forcedNonce;
            assertThat(app.get("/v1/departments").errorCode()).isEqualTo("replayed");
        } // its count is written on the clean stop

        app.forcedNonce = "short";
        ApiHttp.Answer badNonce = app.get("/v1/departments");
        assertThat(badNonce.status()).isEqualTo(401);
        assertThat(badNonce.json().get("error_msg").asText()).contains("X-TT-Nonce");
        app.forcedNonce = null;
        // the two first uses were counted (one per server), the replays and the bad nonce not
        assertThat(counts(app.get("/v1/stats").json())).containsExactlyInAnyOrder(
                "call GET /v1/departments 2", "call GET /v1/stats 1");
    }

    /** Another api-server on the cluster's dbproxy and route-server, ready. */
    private static io.teamtalkj.api.ApiServer secondApiServer(
            java.util.function.Consumer<io.teamtalkj.api.ApiServerConfig> tweak) throws Exception {
        io.teamtalkj.api.ApiServerConfig c = new io.teamtalkj.api.ApiServerConfig();
        c.listenHost = "127.0.0.1";
        c.port = 0;
        c.controlPort = -1;
        c.metricsPort = -1;
        c.dbProxies = new ArrayList<>(List.of(java.net.InetSocketAddress.createUnresolved("127.0.0.1",
                cluster.dbProxy().port())));
        c.dbProxyControl = new io.teamtalkj.net.HostPort("127.0.0.1", cluster.dbProxy().controlPort());
        c.routeServers = new ArrayList<>(List.of(java.net.InetSocketAddress.createUnresolved("127.0.0.1",
                cluster.routeServers().get(0).port())));
        c.hostName = "api-server-2";
        tweak.accept(c);
        io.teamtalkj.api.ApiServer second = io.teamtalkj.api.ApiServer.start(c);
        try {
            await().atMost(Duration.ofSeconds(30)).until(second::ready);
            return second;
        } catch (RuntimeException | Error e) {
            second.close();
            throw e;
        }
    }

    @Test
    void unsignedQueryCallsAreRefusedWhereTheOperatorSaidSo() throws Exception {
        int a = user(uniqueName("qs"));
        int b = user(uniqueName("qt"));
        String group = uniqueName("signed-only");
        String json = "{\"req_user_id\":" + a + ",\"app_key\":\"" + full.appKey + "\",\"group_name\":\"" + group
                + "\",\"group_type\":1,\"group_avatar\":\"\",\"user_id_list\":[" + b + "]}";
        try (io.teamtalkj.api.ApiServer strict = secondApiServer(c -> c.unsignedQuery = false)) {
            ApiHttp there = full.on(strict.port());
            // the app key alone no longer identifies the caller: TeamTalk's code 2, nothing created
            ApiHttp.Answer refused = there.unsigned("POST", "/query/CreateGroup", json);
            assertThat(refused.status()).isEqualTo(200);
            assertThat(refused.json().get("error_code").asInt()).isEqualTo(2);
            assertThat(groupsNamed(group)).isZero();
            // the same call signed is served
            ApiHttp.Answer signed = there.post("/query/CreateGroup", json);
            assertThat(signed.json().get("error_code").asInt()).as(signed.body()).isZero();
            assertThat(groupsNamed(group)).isEqualTo(1);
        }
    }

    private static int groupsNamed(String name) throws Exception {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(cluster.dbUrl(), "root", "");
             java.sql.PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM IMGroup WHERE name = ?")) {
            ps.setString(1, name);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    @Test
    void oneNonceSentEightTimesAtOnceIsServedExactlyOnce() throws Exception {
        ApiHttp app = app(uniqueName("race"), "--scopes", "users,stats");
        app.forcedNonce = "race-" + NAMES.incrementAndGet() + "-0123456789abc";
        int tries = 8;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(tries);
        List<Integer> statuses = new ArrayList<>();
        try {
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<ApiHttp.Answer>> sent = new ArrayList<>();
            for (int i = 0; i < tries; i++) {
                sent.add(pool.submit(() -> {
                    go.await();
                    return app.get("/v1/departments");
                }));
            }
            go.countDown();
            for (var f : sent) {
                ApiHttp.Answer a = f.get(60, TimeUnit.SECONDS);
                statuses.add(a.status());
                if (a.status() != 200) {
                    assertThat(a.errorCode()).as(a.body()).isEqualTo("replayed");
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(statuses).as("one served, the rest replays").filteredOn(s -> s == 200).hasSize(1);
        assertThat(statuses).filteredOn(s -> s == 401).hasSize(tries - 1);
        app.forcedNonce = null;
        assertThat(counts(app.get("/v1/stats").json())).containsExactlyInAnyOrder(
                "call GET /v1/departments 1", "call GET /v1/stats 1");
    }

    @Test
    void aCopyOfTheAppTableCannotSignAndOldRowsAreSealedAndRotatable() throws Exception {
        ApiHttp app = app(uniqueName("dump"), "--scopes", "users");
        String clearKey = io.teamtalkj.api.auth.Signature.sha256Hex(app.secret.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String[] row;
        try (java.sql.Connection db = java.sql.DriverManager.getConnection(cluster.dbUrl(), "root", "")) {
            row = appRow(db, app.appKey);
        }
        assertThat(row[0]).as("no clear hash kept").isEmpty();
        assertThat(row[1]).startsWith("v1:").doesNotContain(clearKey).doesNotContain(app.secret);
        // whatever one tries with the row: as the secret, or as the HMAC key itself, it does not sign
        for (String guess : List.of(row[1], row[1].substring(3))) { // (row[0] is empty: nothing to try)
            ApiHttp asSecret = new ApiHttp(port, app.appKey, guess);
            assertThat(asSecret.get("/v1/departments").status()).as("row value as secret").isEqualTo(401);
            asSecret.rawSigningKey = guess.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            assertThat(asSecret.get("/v1/departments").status()).as("row value as key").isEqualTo(401);
        }
        assertThat(app.get("/v1/departments").status()).as("the secret still does").isEqualTo(200);

        // an app written before V11 (hash in clear): sealed on the next load, its secret keeps working
        String name = uniqueName("v9app");
        String key = "ab".repeat(12) + String.format("%08d", NAMES.incrementAndGet());
        String secret = "cd".repeat(24);
        try (java.sql.Connection db = java.sql.DriverManager.getConnection(cluster.dbUrl(), "root", "");
             java.sql.PreparedStatement ps = db.prepareStatement("INSERT INTO TTApiApp (name, appKey, secretHash, "
                     + "scopes, created, updated) VALUES (?,?,?,'users,stats',1,1)")) {
            ps.setString(1, name);
            ps.setString(2, key);
            ps.setString(3, io.teamtalkj.api.auth.Signature.sha256Hex(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            ps.executeUpdate();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> cluster.apiServer().apps().byKeyReloading(key) != null);
        try (java.sql.Connection db = java.sql.DriverManager.getConnection(cluster.dbUrl(), "root", "")) {
            row = appRow(db, key);
        }
        assertThat(row[0]).as("clear hash removed").isEmpty();
        assertThat(row[1]).startsWith("v1:");
        ApiHttp old = new ApiHttp(port, key, secret);
        assertThat(old.get("/v1/departments").status()).isEqualTo(200);

        // rotate: a new secret printed once; the old one stops at the next reload
        String[] rotated = admin("rotate", name);
        assertThat(rotated[0]).as(rotated[2]).isEqualTo("0");
        ApiHttp fresh = new ApiHttp(port, key, line(rotated[1], "secret:"));
        assertThat(fresh.secret).isNotEqualTo(secret).hasSize(48);
        await().atMost(Duration.ofSeconds(10)).until(() -> fresh.get("/v1/departments").status() == 200);
        ApiHttp.Answer stale = old.get("/v1/departments");
        assertThat(stale.status()).isEqualTo(401);
        assertThat(stale.json().get("error_msg").asText()).startsWith("bad signature");
    }

    /** [secretHash, signingKeyEnc] of the app. */
    private static String[] appRow(java.sql.Connection db, String appKey) throws java.sql.SQLException {
        try (java.sql.PreparedStatement ps = db.prepareStatement(
                "SELECT secretHash, signingKeyEnc FROM TTApiApp WHERE appKey = ?")) {
            ps.setString(1, appKey);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return new String[] {rs.getString(1), rs.getString(2)};
            }
        }
    }

    @Test
    void concurrentCallsAcrossFlushesAndReloadsAreCountedExactlyOnce() throws Exception {
        ApiHttp app = app(uniqueName("conc"), "--scopes", "users,stats");
        int threads = 8;
        int each = 25;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            List<java.util.concurrent.Future<Integer>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    int ok = 0;
                    for (int i = 0; i < each; i++) {
                        // the app list reloads every 300 ms here, and each reload writes the pending batch first
                        ok += app.get("/v1/departments").status() == 200 ? 1 : 0;
                    }
                    return ok;
                }));
            }
            int ok = 0;
            for (var f : done) {
                ok += f.get(120, TimeUnit.SECONDS);
            }
            assertThat(ok).isEqualTo(threads * each);
        } finally {
            pool.shutdownNow();
        }
        assertThat(counts(app.get("/v1/stats").json())).containsExactlyInAnyOrder(
                "call GET /v1/departments " + threads * each, "call GET /v1/stats 1");
    }

    @Test
    void aBodyOverTheLimitWithoutContentLengthIs413() throws Exception {
        // chunked: no Content-Length to refuse early, so the read itself is capped
        java.net.http.HttpRequest r = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port
                        + "/v1/departments")).timeout(Duration.ofSeconds(20))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(
                        ("{\"name\":\"" + "y".repeat(70_000) + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8))))
                .header("Content-Type", "application/json").build();
        java.net.http.HttpResponse<String> a = java.net.http.HttpClient.newHttpClient().send(r,
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(a.statusCode()).isEqualTo(413);
        assertThat(Json.tree(a.body()).get("error_code").asText()).isEqualTo("payload_too_large");
        assertThat(full.get("/v1/departments").body()).doesNotContain("yyyy");
    }

    @Test
    void everyRouteRefusesAnAppWithoutItsScopeAndCountsTheRefusals() throws Exception {
        List<io.teamtalkj.api.routes.ApiRoute> routes = cluster.apiServer().routes();
        for (String scope : List.of("users", "messages", "push", "groups", "stats")) {
            List<String> others = new ArrayList<>(List.of("users", "messages", "push", "groups", "stats"));
            others.remove(scope);
            ApiHttp lacking = app(uniqueName("no-" + scope), "--scopes", String.join(",", others));
            int refused = 0;
            for (io.teamtalkj.api.routes.ApiRoute r : routes) {
                if (!scope.equals(r.scope())) {
                    continue;
                }
                String path = r.path().replace("{name}", "nobody").replace("{group_id}", "1");
                ApiHttp.Answer a;
                if (r.legacy()) {
                    a = lacking.unsigned("POST", path, "{\"app_key\":\"" + lacking.appKey + "\",\"group_id\":1,"
                            + "\"modify_type\":1,\"group_name\":\"g\",\"group_type\":1,\"user_id_list\":[1]}");
                    assertThat(a.status()).as(r.api()).isEqualTo(403);
                    assertThat(a.json().get("error_code").asInt()).as(r.api()).isEqualTo(5);
                } else {
                    a = lacking.send(r.method(), path, r.method().equals("GET") ? new byte[0] : "{}".getBytes(), true);
                    assertThat(a.status()).as(r.api()).isEqualTo(403);
                    assertThat(a.errorCode()).as(r.api()).isEqualTo("scope_missing");
                }
                refused++;
            }
            assertThat(refused).as(scope + " routes").isPositive();
            if (!scope.equals("stats")) {
                // the refused calls were counted, one per route, plus this stats call
                List<String> expected = new ArrayList<>();
                routes.stream().filter(r -> scope.equals(r.scope())).forEach(r -> expected.add("call " + r.api() + " 1"));
                expected.add("call GET /v1/stats 1");
                assertThat(counts(lacking.get("/v1/stats").json())).containsExactlyInAnyOrderElementsOf(expected);
            }
        }
        assertThat(full.get("/v1/stats?from=yesterday").status()).isEqualTo(400);
        assertThat(full.get("/v1/users?limit=-1").status()).isEqualTo(400);
    }

    private static List<String> counts(JsonNode stats) {
        List<String> out = new ArrayList<>();
        stats.get("rows").forEach(r -> out.add(r.get("kind").asText() + " " + r.get("api").asText() + " "
                + r.get("count").asLong()));
        return out;
    }
}
