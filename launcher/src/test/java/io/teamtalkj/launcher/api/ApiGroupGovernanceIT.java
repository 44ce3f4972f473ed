package io.teamtalkj.launcher.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.mogujie.tt.protobuf.IMBaseDefine.GroupModifyType;
import com.mogujie.tt.protobuf.IMGroup.IMGroupChangeMemberNotify;
import com.mogujie.tt.protobuf.IMMessage.IMMsgData;
import io.teamtalkj.client.ClientConfig;
import io.teamtalkj.client.TeamTalkClient;
import io.teamtalkj.launcher.cluster.ClusterPorts;
import io.teamtalkj.launcher.cluster.LocalCluster;
import io.teamtalkj.pdu.group.GroupNotice;
import io.teamtalkj.pdu.groupext.NoticeAction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Group governance through the HTTP API (POST /v1/groups/{id}/kick, mute, ..., GET .../muted)
 * against real tiers: each route family once allowed (owner) and once refused (a plain member →
 * 403 no_permission, or the rule's own status), and an online SDK member receiving the kick notice
 * and 0x040b relayed by the api-server.
 */
@Timeout(300)
class ApiGroupGovernanceIT {
    private static final AtomicInteger NAMES = new AtomicInteger();
    private static Path dataDir;
    private static LocalCluster cluster;
    private static ApiHttp api;
    private static final List<TeamTalkClient> clients = new ArrayList<>();

    /** The owner, two members and the group, made through the API. */
    record Group(int id, int owner, int a, int b, String aName, String ownerName) {
    }

    /** What an online SDK client gets: messages, and pushes such as 0x0440 (a join request waits). */
    static final class Listener implements io.teamtalkj.client.ClientListener {
        final BlockingQueue<IMMsgData> messages = new java.util.concurrent.LinkedBlockingQueue<>();
        final BlockingQueue<io.teamtalkj.pdu.Pdu> pushes = new java.util.concurrent.LinkedBlockingQueue<>();

        @Override
        public void onMessage(IMMsgData msg) {
            messages.add(msg);
        }

        @Override
        public void onPush(io.teamtalkj.pdu.Pdu pdu) {
            pushes.add(pdu);
        }
    }

    @BeforeAll
    static void startCluster() throws Exception {
        Path target = Path.of("target").toAbsolutePath();
        Files.createDirectories(target);
        dataDir = Files.createTempDirectory(target, "api-gov-it-");
        LocalCluster.Options o = new LocalCluster.Options();
        o.portBase = ClusterPorts.FREE_PORTS;
        o.dataDir = dataDir;
        o.seedDemoData = false;
        o.messageRateLimit = 0;
        o.msgServers = 1;
        o.routeServers = 1;
        cluster = LocalCluster.start(o);
        await().atMost(Duration.ofSeconds(30)).until(() -> cluster.apiServer().ready()
                && cluster.loginServer().registry().size() == 1);
        api = ApiHttp.addApp(cluster, "gov-" + NAMES.incrementAndGet(), "--scopes", "users,groups");
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



    static int user(String name) throws Exception {
        ApiHttp.Answer a = api.put("/v1/users/" + name, "{\"password\":\"pw-" + name + "\"}");
        assertThat(a.status()).as(a.body()).isEqualTo(201);
        return a.json().get("id").asInt();
    }

    static Group group() throws Exception {
        String ownerName = "go" + NAMES.incrementAndGet();
        int owner = user(ownerName);
        String aName = "ga" + NAMES.incrementAndGet();
        int a = user(aName);
        int b = user("gb" + NAMES.incrementAndGet());
        ApiHttp.Answer g = api.post("/v1/groups", "{\"name\":\"gov\",\"creator_id\":" + owner + ",\"member_ids\":[" + a
                + "," + b + "]}");
        assertThat(g.status()).as(g.body()).isEqualTo(201);
        return new Group(g.json().get("group_id").asInt(), owner, a, b, aName, ownerName);
    }

    static ApiHttp.Answer op(Group g, String action, String json) throws Exception {
        return api.post("/v1/groups/" + g.id() + "/" + action, json);
    }

    static void assertOk(ApiHttp.Answer a, int... changed) {
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        List<Integer> ids = new ArrayList<>();
        a.json().get("changed_ids").forEach(n -> ids.add(n.asInt()));
        assertThat(ids).containsExactly(java.util.Arrays.stream(changed).boxed().toArray(Integer[]::new));
    }

    static void assertRefused(ApiHttp.Answer a, int status, String code) {
        assertThat(a.status()).as(a.body()).isEqualTo(status);
        assertThat(a.errorCode()).as(a.body()).isEqualTo(code);
        assertThat(a.json().get("error_msg").asText()).isNotEmpty();
    }

    static <T> T next(BlockingQueue<T> q) throws InterruptedException {
        T t = q.poll(10, TimeUnit.SECONDS);
        assertThat(t).as("delivered").isNotNull();
        return t;
    }

    @Test
    void kickByOwnerReachesTheOnlineMemberAndAMemberMayNotKick() throws Exception {
        Group g = group();
        ApiServerIT.Inbox inbox = new ApiServerIT.Inbox();
        TeamTalkClient a = TeamTalkClient.create(ClientConfig.builder().loginUrl(cluster.loginUrl()).user(g.aName())
                .password("pw-" + g.aName()).requestTimeout(Duration.ofSeconds(10)).reconnect(false).build(), inbox);
        clients.add(a);
        a.connect().get(20, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10)).until(() -> cluster.routeServers().get(0).presence().get(g.a()) != null);

        assertRefused(op(g, "kick", "{\"operator_id\":" + g.b() + ",\"user_ids\":[" + g.a() + "]}"), 403, "no_permission");

        ApiHttp.Answer kicked = op(g, "kick", "{\"operator_id\":" + g.owner() + ",\"user_ids\":[" + g.a()
                + "],\"reason\":\"spam\"}");
        assertOk(kicked, g.a());
        long noticeId = kicked.json().get("notice_msg_id").asLong();

        IMMsgData msg = next(inbox.messages);
        assertThat(Integer.toUnsignedLong(msg.getMsgId())).isEqualTo(noticeId);
        assertThat(msg.getToSessionId()).isEqualTo(g.id());
        GroupNotice notice = TeamTalkClient.groupNotice(msg).orElseThrow();
        assertThat(notice.action()).isEqualTo(NoticeAction.NOTICE_KICK);
        assertThat(notice.operatorId()).isEqualTo(g.owner());
        assertThat(notice.targetIds()).containsExactly(g.a());

        IMGroupChangeMemberNotify change = next(inbox.groupChanges);
        assertThat(change.getGroupId()).isEqualTo(g.id());
        assertThat(change.getChangeType()).isEqualTo(GroupModifyType.GROUP_MODIFY_TYPE_DEL);
        assertThat(change.getChgUserIdListList()).containsExactly(g.a());
        assertThat(change.getCurUserIdListList()).containsExactlyInAnyOrder(g.owner(), g.b());
        // exactly one of each (the refused kick sent nothing)
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                .until(() -> inbox.messages.isEmpty() && inbox.groupChanges.isEmpty());

        // kicked again: no longer a member
        assertRefused(op(g, "kick", "{\"operator_id\":" + g.owner() + ",\"user_ids\":[" + g.a() + "]}"), 409, "not_member");
    }

    static TeamTalkClient online(String name, int id, io.teamtalkj.client.ClientListener listener) throws Exception {
        TeamTalkClient c = TeamTalkClient.create(ClientConfig.builder().loginUrl(cluster.loginUrl()).user(name)
                .password("pw-" + name).requestTimeout(Duration.ofSeconds(10)).reconnect(false).build(), listener);
        clients.add(c);
        c.connect().get(20, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10)).until(() -> cluster.routeServers().get(0).presence().get(id) != null);
        return c;
    }

    static JsonNode info(Group g, int operator) throws Exception {
        ApiHttp.Answer a = api.get("/v1/groups/" + g.id() + "?operator_id=" + operator);
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        return a.json();
    }

    @Test
    void renameAvatarAndAnnouncementByManagersOnlyWithTheNoticeDelivered() throws Exception {
        Group g = group();
        Listener member = new Listener();
        online(g.aName(), g.a(), member);

        assertRefused(op(g, "rename", "{\"operator_id\":" + g.b() + ",\"name\":\"mine\"}"), 403, "no_permission");
        ApiHttp.Answer renamed = op(g, "rename", "{\"operator_id\":" + g.owner() + ",\"name\":\"deal 43\"}");
        assertOk(renamed);
        IMMsgData msg = next(member.messages);
        assertThat(Integer.toUnsignedLong(msg.getMsgId())).isEqualTo(renamed.json().get("notice_msg_id").asLong());
        GroupNotice notice = TeamTalkClient.groupNotice(msg).orElseThrow();
        assertThat(notice.action()).isEqualTo(NoticeAction.NOTICE_RENAME);
        assertThat(notice.value()).isEqualTo("deal 43");
        assertRefused(op(g, "rename", "{\"operator_id\":" + g.owner() + ",\"name\":\"  \"}"), 400, "invalid_argument");

        assertOk(op(g, "avatar", "{\"operator_id\":" + g.owner() + ",\"avatar\":\"http://img/x.png\"}"));
        assertThat(TeamTalkClient.groupNotice(next(member.messages)).orElseThrow().action())
                .isEqualTo(NoticeAction.NOTICE_AVATAR);
        assertRefused(op(g, "announcement", "{\"operator_id\":" + g.a() + ",\"text\":\"x\"}"), 403, "no_permission");
        assertOk(op(g, "announcement", "{\"operator_id\":" + g.owner() + ",\"text\":\"standup at 10\"}"));
        assertThat(TeamTalkClient.groupNotice(next(member.messages)).orElseThrow().action())
                .isEqualTo(NoticeAction.NOTICE_ANNOUNCEMENT);
        assertRefused(op(g, "announcement", "{\"operator_id\":" + g.owner() + ",\"text\":\"" + "x".repeat(1025) + "\"}"),
                400, "invalid_argument");
        // exactly one notice per accepted change
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(member.messages::isEmpty);

        JsonNode info = info(g, g.a());
        assertThat(info.get("announcement").asText()).isEqualTo("standup at 10");
        assertThat(info.get("owner_id").asInt()).isEqualTo(g.owner());
        assertThat(info.get("member_count").asInt()).isEqualTo(3);
        assertThat(info.get("operator_role").asText()).isEqualTo("member");
        assertThat(info.get("join_mode").asText()).isEqualTo("approval");
        assertThat(info.get("invite_mode").asText()).isEqualTo("anyone");
        assertThat(info.get("dismissed").asBoolean()).isFalse();
    }

    @Test
    void joinRequestsApproveRejectModesAndInvites() throws Exception {
        Group g = group();
        Listener owner = new Listener();
        online(g.ownerName(), g.owner(), owner);
        int s1 = user("gs" + NAMES.incrementAndGet());
        int s2 = user("gs" + NAMES.incrementAndGet());

        // approval mode (the default): the request waits and the owner is told (0x0440)
        ApiHttp.Answer asked = op(g, "join", "{\"user_id\":" + s1 + ",\"message\":\"let me in\"}");
        assertOk(asked);
        assertThat(asked.json().get("pending").asBoolean()).isTrue();
        io.teamtalkj.pdu.Pdu told = next(owner.pushes);
        assertThat(told.commandId()).isEqualTo(io.teamtalkj.pdu.GroupExtCommandId.JOIN_REQUEST_NOTIFY);
        io.teamtalkj.pdu.groupext.GroupJoinRequestNotify ask = told.parse(
                io.teamtalkj.pdu.groupext.GroupJoinRequestNotify.parser());
        assertThat(ask.getUserId()).isEqualTo(s1);
        assertThat(ask.getGroupId()).isEqualTo(g.id());
        assertThat(ask.getMessage()).isEqualTo("let me in");
        assertOk(op(g, "join", "{\"user_id\":" + s2 + "}"));
        assertThat(next(owner.pushes).commandId()).isEqualTo(io.teamtalkj.pdu.GroupExtCommandId.JOIN_REQUEST_NOTIFY);

        JsonNode seenByOwner = info(g, g.owner());
        assertThat(seenByOwner.get("join_requests")).hasSize(2);
        assertThat(seenByOwner.get("join_requests").get(0).get("message").asText()).isEqualTo("let me in");
        assertThat(info(g, g.a()).get("join_requests")).as("not for a plain member").isEmpty();

        assertRefused(op(g, "join-requests/approve", "{\"operator_id\":" + g.a() + ",\"user_ids\":[" + s1 + "]}"), 403,
                "no_permission");
        assertOk(op(g, "join-requests/approve", "{\"operator_id\":" + g.owner() + ",\"user_ids\":[" + s1 + "]}"), s1);
        assertRefused(op(g, "join-requests/approve", "{\"operator_id\":" + g.owner() + ",\"user_ids\":[" + s1 + "]}"),
                409, "already");
        assertOk(op(g, "join-requests/reject", "{\"operator_id\":" + g.owner() + ",\"user_ids\":[" + s2 + "]}"), s2);
        JsonNode after = info(g, 0);
        assertThat(after.get("join_requests")).isEmpty();
        assertThat(after.get("member_count").asInt()).as("s1 in, s2 not").isEqualTo(4);

        // open mode: joins at once
        assertRefused(op(g, "join-mode", "{\"operator_id\":" + g.a() + ",\"mode\":\"open\"}"), 403, "no_permission");
        assertOk(op(g, "join-mode", "{\"operator_id\":" + g.owner() + ",\"mode\":\"open\"}"));
        assertRefused(op(g, "join-mode", "{\"operator_id\":" + g.owner() + ",\"mode\":\"open\"}"), 409, "already");
        int s3 = user("gs" + NAMES.incrementAndGet());
        ApiHttp.Answer joined = op(g, "join", "{\"user_id\":" + s3 + "}");
        assertOk(joined, s3);
        assertThat(joined.json().get("pending").asBoolean()).isFalse();

        // invites: any member, until the owner restricts them to admins
        int s4 = user("gs" + NAMES.incrementAndGet());
        int s5 = user("gs" + NAMES.incrementAndGet());
        assertOk(op(g, "invite", "{\"operator_id\":" + g.a() + ",\"user_ids\":[" + s4 + "]}"), s4);
        assertOk(op(g, "invite-mode", "{\"operator_id\":" + g.owner() + ",\"mode\":\"admins\"}"));
        assertRefused(op(g, "invite", "{\"operator_id\":" + g.b() + ",\"user_ids\":[" + s5 + "]}"), 403, "no_permission");
        JsonNode last = info(g, 0);
        assertThat(last.get("join_mode").asText()).isEqualTo("open");
        assertThat(last.get("invite_mode").asText()).isEqualTo("admins");
        assertThat(last.get("member_count").asInt()).isEqualTo(6);
        assertThat(last.get("operator_role").asText()).isEqualTo("none");

        // bad input: nothing sent to the dbproxy
        assertRefused(op(g, "join-mode", "{\"operator_id\":" + g.owner() + ",\"mode\":\"sometimes\"}"), 400,
                "invalid_argument");
        assertRefused(op(g, "invite-mode", "{\"operator_id\":" + g.owner() + "}"), 400, "invalid_argument");
        assertRefused(op(g, "join", "{\"message\":\"who am i\"}"), 400, "invalid_argument");
        assertRefused(op(g, "invite", "{\"operator_id\":" + g.owner() + ",\"user_ids\":[]}"), 400, "invalid_argument");
        assertRefused(api.get("/v1/groups/999999?operator_id=0"), 404, "not_found");
        assertRefused(api.get("/v1/groups/" + g.id() + "?operator_id=abc"), 400, "invalid_argument");
    }

    @Test
    void muteListAndUnmute() throws Exception {
        Group g = group();
        assertRefused(op(g, "mute", "{\"operator_id\":" + g.a() + ",\"user_ids\":[" + g.b() + "]}"), 403, "no_permission");
        long until = System.currentTimeMillis() / 1000 + 3600;
        assertOk(op(g, "mute", "{\"operator_id\":" + g.owner() + ",\"user_ids\":[" + g.b() + "],\"until\":" + until + "}"),
                g.b());

        ApiHttp.Answer muted = api.get("/v1/groups/" + g.id() + "/muted?operator_id=" + g.a());
        assertThat(muted.status()).as(muted.body()).isEqualTo(200);
        JsonNode list = muted.json().get("muted");
        assertThat(list).hasSize(1);
        assertThat(list.get(0).get("user_id").asInt()).isEqualTo(g.b());
        assertThat(list.get(0).get("until").asLong()).isEqualTo(until);
        // a stranger may not read it
        int stranger = user("gs" + NAMES.incrementAndGet());
        assertRefused(api.get("/v1/groups/" + g.id() + "/muted?operator_id=" + stranger), 409, "not_member");

        assertRefused(op(g, "unmute", "{\"operator_id\":" + g.a() + ",\"user_ids\":[" + g.b() + "]}"), 403, "no_permission");
        assertOk(op(g, "unmute", "{\"operator_id\":" + g.owner() + ",\"user_ids\":[" + g.b() + "]}"), g.b());
        assertThat(api.get("/v1/groups/" + g.id() + "/muted?operator_id=0").json().get("muted")).isEmpty();
    }

    @Test
    void adminsTransferAndMuteAll() throws Exception {
        Group g = group();
        assertRefused(op(g, "admins", "{\"operator_id\":" + g.a() + ",\"user_ids\":[" + g.b() + "],\"admin\":true}"), 403,
                "no_permission");
        assertOk(op(g, "admins", "{\"operator_id\":" + g.owner() + ",\"user_ids\":[" + g.a() + "],\"admin\":true}"), g.a());
        assertRefused(op(g, "admins", "{\"operator_id\":" + g.owner() + ",\"user_ids\":[" + g.a() + "],\"admin\":true}"),
                409, "already");

        assertRefused(op(g, "mute-all", "{\"operator_id\":" + g.b() + ",\"on\":true}"), 403, "no_permission");
        // the new admin may
        assertThat(op(g, "mute-all", "{\"operator_id\":" + g.a() + ",\"on\":true}").status()).isEqualTo(200);

        assertRefused(op(g, "transfer", "{\"operator_id\":" + g.a() + ",\"to_user_id\":" + g.b() + "}"), 403, "no_permission");
        assertOk(op(g, "transfer", "{\"operator_id\":" + g.owner() + ",\"to_user_id\":" + g.b() + "}"), g.b());
        // the old owner lost the right
        assertRefused(op(g, "transfer", "{\"operator_id\":" + g.owner() + ",\"to_user_id\":" + g.a() + "}"), 403,
                "no_permission");
    }

    @Test
    void quitAndDismiss() throws Exception {
        Group g = group();
        assertRefused(op(g, "quit", "{\"operator_id\":" + g.owner() + "}"), 409, "owner_must_transfer");
        assertOk(op(g, "quit", "{\"operator_id\":" + g.b() + "}"), g.b());

        assertRefused(op(g, "dismiss", "{\"operator_id\":" + g.a() + "}"), 403, "no_permission");
        assertThat(op(g, "dismiss", "{\"operator_id\":" + g.owner() + "}").status()).isEqualTo(200);
        assertRefused(op(g, "mute-all", "{\"operator_id\":" + g.owner() + ",\"on\":true}"), 410, "group_dismissed");
    }

    @Test
    void badInputAndMissingScope() throws Exception {
        Group g = group();
        assertRefused(op(g, "kick", "{\"user_ids\":[" + g.a() + "]}"), 400, "invalid_argument");
        assertRefused(op(g, "kick", "{\"operator_id\":" + g.owner() + ",\"user_ids\":[" + g.a() + "],\"x\":1}"), 400,
                "invalid_argument");
        assertRefused(api.post("/v1/groups/999999/kick", "{\"operator_id\":0,\"user_ids\":[" + g.a() + "]}"), 404,
                "not_found");
        ApiHttp usersOnly = ApiHttp.addApp(cluster, "gov-users-" + NAMES.incrementAndGet(), "--scopes", "users");
        ApiHttp.Answer a = usersOnly.post("/v1/groups/" + g.id() + "/kick", "{\"operator_id\":0,\"user_ids\":[" + g.a() + "]}");
        assertThat(a.status()).as(a.body()).isEqualTo(403);
        // nothing was done: a is still there to be kicked
        assertOk(op(g, "kick", "{\"operator_id\":0,\"user_ids\":[" + g.a() + "]}"), g.a());
    }
}
