package io.teamtalkj.launcher.group;

import static io.teamtalkj.pdu.groupext.GroupExtResult.GROUP_ALREADY;
import static io.teamtalkj.pdu.groupext.GroupExtResult.GROUP_NOT_MEMBER;
import static io.teamtalkj.pdu.groupext.GroupExtResult.GROUP_NO_PERMISSION;
import static io.teamtalkj.pdu.groupext.GroupExtResult.GROUP_OK;
import static io.teamtalkj.pdu.groupext.GroupExtResult.GROUP_OWNER_MUST_TRANSFER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.mogujie.tt.protobuf.IMBaseDefine.GroupModifyType;
import com.mogujie.tt.protobuf.IMBaseDefine.SessionType;
import com.mogujie.tt.protobuf.IMMessage.IMMsgDataAck;
import com.mogujie.tt.protobuf.IMBaseDefine.MsgInfo;
import com.mogujie.tt.protobuf.IMBaseDefine.UnreadInfo;
import com.mogujie.tt.protobuf.IMGroup.IMGroupChangeMemberNotify;
import io.teamtalkj.client.MessageRejectedException;
import io.teamtalkj.client.TeamTalkClient;
import io.teamtalkj.launcher.group.GovernanceCluster.Inbox;
import io.teamtalkj.pdu.group.GroupNotice;
import io.teamtalkj.pdu.group.GroupNoticeText;
import io.teamtalkj.pdu.groupext.GroupExtResult;
import io.teamtalkj.pdu.groupext.GroupExtRsp;
import io.teamtalkj.pdu.groupext.InviteMode;
import io.teamtalkj.pdu.groupext.MutedMember;
import io.teamtalkj.pdu.groupext.NoticeAction;
import io.teamtalkj.pdu.ext.MsgStoreResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Group governance (issue 18) against real tiers: two msg-servers, a route-server, the dbproxy on
 * embedded MariaDB and Redis, one cluster for the whole class. Each test makes its own groups.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(300)
class GroupGovernanceIT {
    GovernanceCluster g;
    /** Matrix roles: owner, admin, member, second member (the target), non-member. */
    TeamTalkClient olga;
    TeamTalkClient adam;
    TeamTalkClient mia;
    TeamTalkClient max;
    TeamTalkClient nina;
    final Inbox olgaBox = new Inbox();
    final AtomicInteger groups = new AtomicInteger();

    @BeforeAll
    void start() throws Exception {
        g = new GovernanceCluster();
        olga = g.login("olga", 0, olgaBox);
        adam = g.login("adam", 1, new Inbox());
        mia = g.login("mia", 0, new Inbox());
        max = g.login("max", 1, new Inbox());
        nina = g.login("nina", 0, new Inbox());
    }

    @AfterAll
    void stop() throws Exception {
        if (g != null) {
            g.close();
        }
    }

    static GroupExtRsp get(CompletableFuture<GroupExtRsp> f) throws Exception {
        return f.get(30, TimeUnit.SECONDS);
    }

    static GroupExtRsp ok(CompletableFuture<GroupExtRsp> f) throws Exception {
        GroupExtRsp rsp = get(f);
        assertThat(rsp.getResult()).as(rsp.getReason()).isEqualTo(GROUP_OK);
        return rsp;
    }

    /** olga owns it, adam is its admin, mia and max members; nina is not in it. */
    int matrixGroup() throws Exception {
        int gid = g.group("matrix-" + groups.incrementAndGet(), "olga", "adam", "mia", "max");
        ok(olga.setGroupAdmins(gid, List.of(adam.userId()), true));
        return gid;
    }

    @FunctionalInterface
    interface Op {
        CompletableFuture<GroupExtRsp> run(TeamTalkClient who, int gid) throws Exception;
    }

    @FunctionalInterface
    interface Setup {
        void prepare(int gid) throws Exception;
    }

    record Row(String name, Setup setup, Op op, GroupExtResult owner, GroupExtResult admin, GroupExtResult member,
               GroupExtResult nonMember) {
    }

    @Test
    void eachOperationsPermissionMatrixOwnerAdminMemberNonMember() throws Exception {
        int target = max.userId();
        Setup none = gid -> { };
        List<Row> rows = List.of(
                new Row("kick a member", none, (c, gid) -> c.kickFromGroup(gid, List.of(target), ""),
                        GROUP_OK, GROUP_OK, GROUP_NO_PERMISSION, GROUP_NOT_MEMBER),
                new Row("kick the admin", none, (c, gid) -> c.kickFromGroup(gid, List.of(adam.userId()), ""),
                        GROUP_OK, GROUP_GROUP_INVALID_SELF, GROUP_NO_PERMISSION, GROUP_NOT_MEMBER),
                new Row("set admin", none, (c, gid) -> c.setGroupAdmins(gid, List.of(target), true),
                        GROUP_OK, GROUP_NO_PERMISSION, GROUP_NO_PERMISSION, GROUP_NOT_MEMBER),
                new Row("unset admin", none, (c, gid) -> c.setGroupAdmins(gid, List.of(adam.userId()), false),
                        GROUP_OK, GROUP_NO_PERMISSION, GROUP_NO_PERMISSION, GROUP_NOT_MEMBER),
                new Row("transfer owner", none, (c, gid) -> c.transferGroup(gid, target),
                        GROUP_OK, GROUP_NO_PERMISSION, GROUP_NO_PERMISSION, GROUP_NOT_MEMBER),
                new Row("mute", none, (c, gid) -> c.muteInGroup(gid, List.of(target), 0, ""),
                        GROUP_OK, GROUP_OK, GROUP_NO_PERMISSION, GROUP_NOT_MEMBER),
                new Row("unmute", gid -> ok(olga.muteInGroup(gid, List.of(target), 0, "")),
                        (c, gid) -> c.unmuteInGroup(gid, List.of(target)),
                        GROUP_OK, GROUP_OK, GROUP_NO_PERMISSION, GROUP_NOT_MEMBER),
                new Row("mute all", none, (c, gid) -> c.muteAllInGroup(gid, true),
                        GROUP_OK, GROUP_OK, GROUP_NO_PERMISSION, GROUP_NOT_MEMBER),
                new Row("list muted", none, (c, gid) -> c.listMutedInGroup(gid),
                        GROUP_OK, GROUP_OK, GROUP_OK, GROUP_NOT_MEMBER),
                new Row("rename", none, (c, gid) -> c.renameGroup(gid, "renamed"),
                        GROUP_OK, GROUP_OK, GROUP_NO_PERMISSION, GROUP_NOT_MEMBER),
                new Row("announcement", none, (c, gid) -> c.setGroupAnnouncement(gid, "hello all"),
                        GROUP_OK, GROUP_OK, GROUP_NO_PERMISSION, GROUP_NOT_MEMBER),
                new Row("avatar", none, (c, gid) -> c.setGroupAvatar(gid, "http://img.example/g.png"),
                        GROUP_OK, GROUP_OK, GROUP_NO_PERMISSION, GROUP_NOT_MEMBER),
                new Row("join mode", none, (c, gid) -> c.setGroupJoinMode(gid, io.teamtalkj.pdu.groupext.JoinMode.JOIN_OPEN),
                        GROUP_OK, GROUP_OK, GROUP_NO_PERMISSION, GROUP_NOT_MEMBER),
                new Row("reject a join request", gid -> ok(nina.joinGroup(gid, "")),
                        (c, gid) -> c.decideGroupJoins(gid, List.of(nina.userId()), false),
                        GROUP_OK, GROUP_OK, GROUP_NO_PERMISSION, GROUP_NOT_MEMBER),
                new Row("info", none, (c, gid) -> c.groupGovernance(gid),
                        GROUP_OK, GROUP_OK, GROUP_OK, GROUP_OK),
                new Row("invite mode", none, (c, gid) -> c.setGroupInviteMode(gid, InviteMode.INVITE_ADMINS),
                        GROUP_OK, GROUP_OK, GROUP_NO_PERMISSION, GROUP_NOT_MEMBER),
                new Row("invite (anyone may)", none, (c, gid) -> c.inviteToGroup(gid, List.of(g.user("ivy"))),
                        GROUP_OK, GROUP_OK, GROUP_OK, GROUP_NOT_MEMBER),
                new Row("invite (admins only)", gid -> ok(olga.setGroupInviteMode(gid, InviteMode.INVITE_ADMINS)),
                        (c, gid) -> c.inviteToGroup(gid, List.of(g.user("ivy"))),
                        GROUP_OK, GROUP_OK, GROUP_NO_PERMISSION, GROUP_NOT_MEMBER),
                new Row("approve a join request", gid -> ok(nina.joinGroup(gid, "let me in")),
                        (c, gid) -> c.decideGroupJoins(gid, List.of(nina.userId()), true),
                        GROUP_OK, GROUP_OK, GROUP_NO_PERMISSION, GROUP_NOT_MEMBER),
                new Row("dismiss", none, (c, gid) -> c.dismissGroup(gid),
                        GROUP_OK, GROUP_NO_PERMISSION, GROUP_NO_PERMISSION, GROUP_NOT_MEMBER),
                new Row("quit", none, (c, gid) -> c.quitGroup(gid),
                        GROUP_OWNER_MUST_TRANSFER, GROUP_OK, GROUP_OK, GROUP_NOT_MEMBER),
                new Row("join", none, (c, gid) -> c.joinGroup(gid, ""),
                        GROUP_ALREADY, GROUP_ALREADY, GROUP_ALREADY, GROUP_OK));
        TeamTalkClient[] who = {olga, adam, mia, nina};
        Map<String, List<GroupExtResult>> got = new LinkedHashMap<>();
        Map<String, List<GroupExtResult>> expected = new LinkedHashMap<>();
        for (Row row : rows) {
            List<GroupExtResult> results = new ArrayList<>();
            for (TeamTalkClient c : who) {
                int gid = matrixGroup();
                row.setup().prepare(gid);
                GroupExtRsp rsp = get(row.op().run(c, gid));
                results.add(rsp.getResult());
                if (rsp.getResult() != GROUP_OK) {
                    assertThat(rsp.getReason()).as(row.name() + " refused with a reason").isNotBlank();
                }
            }
            got.put(row.name(), results);
            expected.put(row.name(), List.of(row.owner(), row.admin(), row.member(), row.nonMember()));
        }
        assertThat(got).isEqualTo(expected);
    }

    /** An admin may not act on another admin; acting on oneself is refused as invalid. */
    static final GroupExtResult GROUP_GROUP_INVALID_SELF = GroupExtResult.GROUP_INVALID;
    /** 0 if the message was stored, else its tt_store_result. */
    static int storeResult(CompletableFuture<IMMsgDataAck> f) throws Exception {
        try {
            f.get(30, TimeUnit.SECONDS);
            return 0;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof MessageRejectedException r) {
                return r.storeResult();
            }
            throw e;
        }
    }

    static long nowSeconds() {
        return System.currentTimeMillis() / 1000;
    }

    @Test
    void aMuteWithAnEndTimeExpiresByItselfAndIsListedUntilThen() throws Exception {
        int gid = g.group("mute-expiry", "olga", "mia");
        assertThat(storeResult(mia.sendGroupText(gid, "before"))).isZero();
        long until = nowSeconds() + 3;
        GroupExtRsp muted = ok(olga.muteInGroup(gid, List.of(mia.userId()), until, "cool down"));
        assertThat(muted.getChangedIdsList()).containsExactly(mia.userId());
        assertThat(storeResult(mia.sendGroupText(gid, "while muted"))).isEqualTo(MsgStoreResult.STORE_MUTED_VALUE);
        assertThat(ok(mia.listMutedInGroup(gid)).getMutedList())
                .containsExactly(MutedMember.newBuilder().setUserId(mia.userId()).setUntilTime((int) until).build());
        // nobody lifts it: the store compares the end time with the clock
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500))
                .until(() -> storeResult(mia.sendGroupText(gid, "after")) == 0);
        assertThat(ok(mia.listMutedInGroup(gid)).getMutedList()).isEmpty();
    }

    @Test
    void muteAllLetsOnlyTheOwnerAndAdminsTalk() throws Exception {
        int gid = matrixGroup();
        ok(adam.muteAllInGroup(gid, true));
        assertThat(storeResult(mia.sendGroupText(gid, "member"))).isEqualTo(MsgStoreResult.STORE_MUTED_VALUE);
        assertThat(storeResult(max.sendGroupText(gid, "member on the other msg-server")))
                .isEqualTo(MsgStoreResult.STORE_MUTED_VALUE);
        assertThat(storeResult(adam.sendGroupText(gid, "admin"))).isZero();
        assertThat(storeResult(olga.sendGroupText(gid, "owner"))).isZero();
        assertThat(ok(olga.groupGovernance(gid)).getInfo().getMuteAll()).isTrue();
        ok(olga.muteAllInGroup(gid, false));
        assertThat(storeResult(mia.sendGroupText(gid, "member again"))).isZero();
    }

    @Test
    void aMuteSetThroughOneMsgServerAppliesAtOnceToASenderOnTheOther() throws Exception {
        assertThat(g.cluster.msgServers().get(0).sessions().sessions(olga.userId())).isNotEmpty();
        assertThat(g.cluster.msgServers().get(1).sessions().sessions(max.userId())).isNotEmpty();
        int gid = g.group("two-servers", "olga", "max");
        assertThat(storeResult(max.sendGroupText(gid, "before"))).isZero();
        ok(olga.muteInGroup(gid, List.of(max.userId()), 0, ""));
        // the very next message, no waiting: the dbproxy decides, whichever msg-server the sender is on
        assertThat(storeResult(max.sendGroupText(gid, "after"))).isEqualTo(MsgStoreResult.STORE_MUTED_VALUE);
        ok(olga.unmuteInGroup(gid, List.of(max.userId())));
        assertThat(storeResult(max.sendGroupText(gid, "unmuted"))).isZero();
    }

    @Test
    void concurrentKickAndMessagesNeverStoreAMessageAfterTheKick() throws Exception {
        int gid = g.group("race", "olga", "max");
        int total = 60;
        List<CompletableFuture<IMMsgDataAck>> sent = new ArrayList<>();
        CompletableFuture<GroupExtRsp> kick = null;
        for (int i = 0; i < total; i++) {
            sent.add(max.sendGroupText(gid, "m" + i));
            if (i == 20) {
                kick = olga.kickFromGroup(gid, List.of(max.userId()), "race");
            }
        }
        GroupExtRsp kicked = ok(kick);
        long kickMsgId = Integer.toUnsignedLong(kicked.getNotice().getMsgId());
        assertThat(kickMsgId).isPositive();
        int stored = 0;
        int refused = 0;
        for (CompletableFuture<IMMsgDataAck> f : sent) {
            try {
                IMMsgDataAck ack = f.get(30, TimeUnit.SECONDS);
                assertThat(Integer.toUnsignedLong(ack.getMsgId())).as("stored before the kick").isLessThan(kickMsgId);
                stored++;
            } catch (ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(MessageRejectedException.class);
                assertThat(((MessageRejectedException) e.getCause()).storeResult()).isEqualTo(MsgStoreResult.STORE_NOT_MEMBER_VALUE);
                refused++;
            }
        }
        assertThat(stored + refused).isEqualTo(total);
        assertThat(refused).as("messages sent after the kick was requested").isPositive();
        // and in the database: nothing of max's after the kick notice
        List<MsgInfo> history = olga.history(SessionType.SESSION_TYPE_GROUP, gid, 0, 100).get(30, TimeUnit.SECONDS)
                .getMsgListList();
        assertThat(history).hasSize(stored + 1);
        assertThat(history).filteredOn(m -> m.getFromSessionId() == max.userId())
                .allSatisfy(m -> assertThat(Integer.toUnsignedLong(m.getMsgId())).isLessThan(kickMsgId));
    }

    @Test
    void limitsOnMembersAndAdminsAreRefusedWithAReason() throws Exception {
        int gid = g.group("limits", "olga", "l1", "l2", "l3", "l4", "l5", "l6");
        GroupExtRsp tooMany = get(olga.inviteToGroup(gid, List.of(g.user("l7"), g.user("l8"))));
        assertThat(tooMany.getResult()).isEqualTo(GroupExtResult.GROUP_LIMIT);
        assertThat(tooMany.getReason()).contains("at most " + GovernanceCluster.MAX_MEMBERS + " members");
        ok(olga.inviteToGroup(gid, List.of(g.user("l7"))));
        nina.joinGroup(gid, "").get(30, TimeUnit.SECONDS);
        GroupExtRsp full = get(olga.decideGroupJoins(gid, List.of(nina.userId()), true));
        assertThat(full.getResult()).isEqualTo(GroupExtResult.GROUP_LIMIT);

        ok(olga.setGroupAdmins(gid, List.of(g.user("l1"), g.user("l2")), true));
        GroupExtRsp third = get(olga.setGroupAdmins(gid, List.of(g.user("l3")), true));
        assertThat(third.getResult()).isEqualTo(GroupExtResult.GROUP_LIMIT);
        assertThat(third.getReason()).contains("at most " + GovernanceCluster.MAX_ADMINS + " admins");
        GroupExtRsp info = ok(olga.groupGovernance(gid));
        assertThat(info.getInfo().getAdminIdsList()).containsExactlyInAnyOrder(g.user("l1"), g.user("l2"));
        assertThat(info.getInfo().getMemberCount()).isEqualTo(GovernanceCluster.MAX_MEMBERS);
    }

    @Test
    void rolesAndMutesSurviveARedisFlush() throws Exception {
        int gid = matrixGroup();
        ok(olga.muteInGroup(gid, List.of(mia.userId()), 0, ""));
        assertThat(ok(max.groupGovernance(gid)).getInfo().getAdminIdsList()).containsExactly(adam.userId());
        g.flushRedis();
        GroupExtRsp info = ok(max.groupGovernance(gid));
        assertThat(info.getInfo().getOwnerId()).isEqualTo(olga.userId());
        assertThat(info.getInfo().getAdminIdsList()).containsExactly(adam.userId());
        assertThat(info.getInfo().getMutedList()).extracting(MutedMember::getUserId).containsExactly(mia.userId());
        assertThat(g.cluster.dbProxy().context().storage().redis().getMap(
                io.teamtalkj.dbproxy.group.GroupRoleCache.key(gid)).isExists()).as("rebuilt into Redis").isTrue();
        assertThat(storeResult(mia.sendGroupText(gid, "still muted"))).isEqualTo(MsgStoreResult.STORE_MUTED_VALUE);
        ok(adam.kickFromGroup(gid, List.of(max.userId()), ""));
    }

    @Test
    void quitKickAndDismissNoticesReachOnlineAndOfflineMembersWithTheirText() throws Exception {
        Inbox aliceBox = new Inbox();
        Inbox bobBox = new Inbox();
        Inbox carolBox = new Inbox();
        TeamTalkClient alice = g.login("alice", 0, aliceBox);
        TeamTalkClient bob = g.login("bob", 1, bobBox);
        TeamTalkClient carol = g.login("carol", 0, carolBox);
        int dave = g.user("dave"); // offline all along until the end
        int gid = g.group("notices", "alice", "bob", "carol", "dave");

        ok(alice.inviteToGroup(gid, List.of(g.user("erin"), g.user("frank"), g.user("gina"))));
        GroupNotice invited = bobBox.nextNotice(gid);
        assertThat(invited.action()).isEqualTo(NoticeAction.NOTICE_INVITE);
        assertThat(invited.text()).isEqualTo("alice invited erin, frank and gina to the group");
        IMGroupChangeMemberNotify added = bobBox.memberNotifies.poll(20, TimeUnit.SECONDS);
        assertThat(added).isNotNull();
        assertThat(added.getChangeType()).isEqualTo(GroupModifyType.GROUP_MODIFY_TYPE_ADD);
        assertThat(added.getChgUserIdListList()).containsExactlyInAnyOrder(g.user("erin"), g.user("frank"), g.user("gina"));

        ok(alice.kickFromGroup(gid, List.of(bob.userId()), ""));
        assertThat(GroupNoticeText.render(bobBox.nextNotice(gid), bob.userId())).isEqualTo("you were removed by alice");
        carolBox.nextNotice(gid); // the invite
        GroupNotice kick = carolBox.nextNotice(gid);
        assertThat(GroupNoticeText.render(kick, carol.userId())).isEqualTo("alice removed bob from the group");
        IMGroupChangeMemberNotify removed = bobBox.memberNotifies.poll(20, TimeUnit.SECONDS);
        assertThat(removed).isNotNull();
        assertThat(removed.getChangeType()).isEqualTo(GroupModifyType.GROUP_MODIFY_TYPE_DEL);
        assertThat(removed.getChgUserIdListList()).containsExactly(bob.userId());
        assertThat(storeResult(bob.sendGroupText(gid, "still here?"))).isEqualTo(MsgStoreResult.STORE_NOT_MEMBER_VALUE);

        ok(carol.quitGroup(gid));
        assertThat(GroupNoticeText.render(carolBox.nextNotice(gid), carol.userId())).isEqualTo("you left the group");
        aliceBox.nextNotice(gid);
        aliceBox.nextNotice(gid);
        assertThat(GroupNoticeText.render(aliceBox.nextNotice(gid), alice.userId())).isEqualTo("carol left the group");

        // dave was offline: the notices wait for him as unread group messages and in the history
        Inbox daveBox = new Inbox();
        TeamTalkClient daveClient = g.login("dave", 1, daveBox);
        UnreadInfo unread = daveClient.unread().get(30, TimeUnit.SECONDS).getUnreadinfoListList().stream()
                .filter(u -> u.getSessionId() == gid).findFirst().orElseThrow();
        assertThat(unread.getUnreadCnt()).isEqualTo(3);
        assertThat(texts(daveClient, gid, dave)).containsExactly(
                "alice invited erin, frank and gina to the group", "alice removed bob from the group", "carol left the group");

        ok(alice.dismissGroup(gid));
        assertThat(GroupNoticeText.render(daveBox.nextNotice(gid), dave)).isEqualTo("alice dismissed the group");
        assertThat(storeResult(daveClient.sendGroupText(gid, "anyone?"))).isEqualTo(MsgStoreResult.STORE_GROUP_DISMISSED_VALUE);
        assertThat(storeResult(alice.sendGroupText(gid, "owner too"))).isEqualTo(MsgStoreResult.STORE_GROUP_DISMISSED_VALUE);
        assertThat(get(alice.inviteToGroup(gid, List.of(bob.userId()))).getResult()).isEqualTo(GroupExtResult.GROUP_DISMISSED);
        // members keep the history
        assertThat(texts(daveClient, gid, dave)).hasSize(4).last().isEqualTo("alice dismissed the group");
        assertThat(ok(daveClient.groupGovernance(gid)).getInfo().getDismissed()).isTrue();
    }

    /** The group's notices as {@code viewer} reads them, oldest first. */
    static List<String> texts(TeamTalkClient c, int gid, int viewer) throws Exception {
        List<MsgInfo> page = new ArrayList<>(c.history(SessionType.SESSION_TYPE_GROUP, gid, 0, 100).get(30, TimeUnit.SECONDS)
                .getMsgListList());
        page.sort((a, b) -> Integer.compareUnsigned(a.getMsgId(), b.getMsgId()));
        List<String> out = new ArrayList<>();
        for (MsgInfo m : page) {
            GroupNotice.fromMsgData(m.getMsgData()).ifPresent(n -> out.add(GroupNoticeText.render(n, viewer)));
        }
        return out;
    }

    @Test
    void aJoinerStartsReadingAtTheGroupsLatestMessage() throws Exception {
        int gid = g.group("open", "olga", "mia");
        ok(olga.setGroupJoinMode(gid, io.teamtalkj.pdu.groupext.JoinMode.JOIN_OPEN));
        for (int i = 0; i < 5; i++) {
            assertThat(storeResult(mia.sendGroupText(gid, "old " + i))).isZero();
        }
        Inbox ivyBox = new Inbox();
        TeamTalkClient ivy = g.login("ivy", 1, ivyBox);
        GroupExtRsp joined = ok(ivy.joinGroup(gid, ""));
        assertThat(joined.getChangedIdsList()).containsExactly(ivy.userId());
        assertThat(GroupNoticeText.render(ivyBox.nextNotice(gid), ivy.userId())).isEqualTo("you joined the group");
        UnreadInfo unread = ivy.unread().get(30, TimeUnit.SECONDS).getUnreadinfoListList().stream()
                .filter(u -> u.getSessionId() == gid).findFirst().orElseThrow();
        assertThat(unread.getUnreadCnt()).as("only the join notice, none of the old messages").isEqualTo(1);
    }
    @Test
    void anOperatorKickRacingMessagesOnAnotherThreadNeverLetsOneStoreAfterIt() throws Exception {
        int gid = g.group("operator-race", "olga", "mia");
        int total = 60;
        List<CompletableFuture<IMMsgDataAck>> sent = new ArrayList<>();
        GroupExtRsp kicked = null;
        for (int i = 0; i < total; i++) {
            sent.add(mia.sendGroupText(gid, "m" + i));
            if (i == 20) {
                // the admin service runs the kick on a gRPC thread, not the group's worker: only the
                // group row lock orders it with the message batches
                byte[] body = g.admin.withDeadlineAfter(30, TimeUnit.SECONDS).governGroup(
                        io.teamtalkj.control.admin.GovernGroupRequest.newBuilder()
                                .setCommandId(io.teamtalkj.pdu.GroupExtCommandId.KICK_REQ)
                                .setBody(io.teamtalkj.pdu.groupext.GroupMembersReq.newBuilder().setUserId(0).setGroupId(gid)
                                        .addTargetIds(mia.userId()).build().toByteString())
                                .build()).getBody().toByteArray();
                kicked = GroupExtRsp.parseFrom(body);
            }
        }
        assertThat(kicked.getResult()).isEqualTo(GROUP_OK);
        long kickMsgId = Integer.toUnsignedLong(kicked.getNotice().getMsgId());
        int stored = 0;
        for (CompletableFuture<IMMsgDataAck> f : sent) {
            int result = storeResult(f);
            if (result == 0) {
                stored++;
            } else {
                assertThat(result).isEqualTo(MsgStoreResult.STORE_NOT_MEMBER_VALUE);
            }
        }
        List<MsgInfo> history = olga.history(SessionType.SESSION_TYPE_GROUP, gid, 0, 100).get(30, TimeUnit.SECONDS)
                .getMsgListList();
        assertThat(history).hasSize(stored + 1);
        assertThat(history).filteredOn(m -> m.getFromSessionId() == mia.userId())
                .hasSize(stored)
                .allSatisfy(m -> assertThat(Integer.toUnsignedLong(m.getMsgId())).isLessThan(kickMsgId));
        assertThat(texts(olga, gid, olga.userId())).containsExactly("the administrator removed mia from the group");
        // msg_ids stay gapless and unique after the race (the worker's cached id was stale once)
        assertThat(history).extracting(MsgInfo::getMsgId).doesNotHaveDuplicates();
        assertThat(storeResult(olga.sendGroupText(gid, "next"))).isZero();
    }
    @Test
    void teamTalksOwnChangeMemberCommandKeepsTheLimitTheDismissedFlagAndDropsRolesOfTheRemoved() throws Exception {
        int gid = g.group("tt-path", "olga", "mia", "max");
        ok(olga.setGroupAdmins(gid, List.of(mia.userId()), true));
        List<Integer> six = List.of(g.user("t1"), g.user("t2"), g.user("t3"), g.user("t4"), g.user("t5"), g.user("t6"));
        assertThat(olga.changeGroupMembers(gid, GroupModifyType.GROUP_MODIFY_TYPE_ADD, six).get(30, TimeUnit.SECONDS)
                .getResultCode()).as("9 members > limit 8").isNotZero();
        assertThat(olga.changeGroupMembers(gid, GroupModifyType.GROUP_MODIFY_TYPE_ADD, six.subList(0, 5))
                .get(30, TimeUnit.SECONDS).getResultCode()).isZero();
        assertThat(olga.changeGroupMembers(gid, GroupModifyType.GROUP_MODIFY_TYPE_DEL, List.of(mia.userId()))
                .get(30, TimeUnit.SECONDS).getResultCode()).isZero();
        assertThat(ok(olga.groupGovernance(gid)).getInfo().getAdminIdsList()).as("a removed admin is no admin").isEmpty();
        assertThat(ok(olga.inviteToGroup(gid, List.of(mia.userId()))).getChangedIdsList()).containsExactly(mia.userId());
        assertThat(ok(olga.groupGovernance(gid)).getInfo().getAdminIdsList()).as("nor after coming back").isEmpty();

        List<Integer> nine = new ArrayList<>(six);
        nine.addAll(List.of(olga.userId(), mia.userId(), max.userId()));
        assertThat(olga.createGroup("too big", com.mogujie.tt.protobuf.IMBaseDefine.GroupType.GROUP_TYPE_TMP, nine)
                .get(30, TimeUnit.SECONDS).getResultCode()).as("created past the limit").isNotZero();
        assertThatThrownBy(() -> g.group("too big", "olga", "mia", "max", "t1", "t2", "t3", "t4", "t5", "t6"))
                .hasMessageContaining("at most " + GovernanceCluster.MAX_MEMBERS + " members");

        ok(olga.dismissGroup(gid));
        assertThat(olga.changeGroupMembers(gid, GroupModifyType.GROUP_MODIFY_TYPE_DEL, List.of(max.userId()))
                .get(30, TimeUnit.SECONDS).getResultCode()).as("a dismissed group refuses every change").isNotZero();
    }
    @Test
    void aWaitingJoinRequestIsPushedToTheOwnerAndAdminsAndApprovedWithANotice() throws Exception {
        Inbox ownerBox = new Inbox();
        Inbox adminBox = new Inbox();
        Inbox memberBox = new Inbox();
        TeamTalkClient owner = g.login("jo-owner", 0, ownerBox);
        TeamTalkClient admin = g.login("jo-admin", 1, adminBox);
        TeamTalkClient member = g.login("jo-member", 0, memberBox);
        TeamTalkClient asker = g.login("jo-asker", 1, new Inbox());
        int gid = g.group("join-requests", "jo-owner", "jo-admin", "jo-member");
        ok(owner.setGroupAdmins(gid, List.of(admin.userId()), true));

        GroupExtRsp waiting = ok(asker.joinGroup(gid, "hi, I am new"));
        assertThat(waiting.getChangedIdsList()).isEmpty();
        assertThat(waiting.getReason()).contains("waiting for approval");
        for (Inbox box : List.of(ownerBox, adminBox)) {
            io.teamtalkj.pdu.Pdu push = box.pushes.poll(20, TimeUnit.SECONDS);
            assertThat(push).isNotNull();
            assertThat(push.commandId()).isEqualTo(io.teamtalkj.pdu.GroupExtCommandId.JOIN_REQUEST_NOTIFY);
            var ask = push.parse(io.teamtalkj.pdu.groupext.GroupJoinRequestNotify.parser());
            assertThat(ask.getGroupId()).isEqualTo(gid);
            assertThat(ask.getUserId()).isEqualTo(asker.userId());
            assertThat(ask.getMessage()).isEqualTo("hi, I am new");
        }
        assertThat(ok(admin.groupGovernance(gid)).getInfo().getJoinRequestsList())
                .extracting(io.teamtalkj.pdu.groupext.JoinRequest::getUserId).containsExactly(asker.userId());
        assertThat(ok(member.groupGovernance(gid)).getInfo().getJoinRequestsList()).as("members do not see them").isEmpty();

        ok(admin.decideGroupJoins(gid, List.of(asker.userId()), true));
        assertThat(memberBox.nextNotice(gid).action()).isEqualTo(NoticeAction.NOTICE_SET_ADMIN);
        assertThat(GroupNoticeText.render(memberBox.nextNotice(gid), member.userId()))
                .isEqualTo("jo-asker joined the group, approved by jo-admin");
        assertThat(memberBox.pushes.poll(1, TimeUnit.SECONDS)).as("plain members are not asked").isNull();
        assertThat(storeResult(asker.sendGroupText(gid, "thanks"))).isZero();
    }
}
