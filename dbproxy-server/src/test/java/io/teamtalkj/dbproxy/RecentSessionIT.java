package io.teamtalkj.dbproxy;

import static io.teamtalkj.dbproxy.MsgFixtures.group;
import static io.teamtalkj.dbproxy.MsgFixtures.groupText;
import static io.teamtalkj.dbproxy.MsgFixtures.msg;
import static io.teamtalkj.dbproxy.MsgFixtures.now;
import static io.teamtalkj.dbproxy.MsgFixtures.queryLong;
import static io.teamtalkj.dbproxy.MsgFixtures.recent;
import static io.teamtalkj.dbproxy.MsgFixtures.redisHash;
import static io.teamtalkj.dbproxy.MsgFixtures.remove;
import static io.teamtalkj.dbproxy.MsgFixtures.send;
import static io.teamtalkj.dbproxy.MsgFixtures.text;
import static io.teamtalkj.dbproxy.MsgFixtures.unread;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.mogujie.tt.protobuf.IMBaseDefine.ContactSessionInfo;
import com.mogujie.tt.protobuf.IMBaseDefine.MsgType;
import com.mogujie.tt.protobuf.IMBaseDefine.SessionStatusType;
import com.mogujie.tt.protobuf.IMBaseDefine.SessionType;
import com.mogujie.tt.protobuf.IMBuddy.IMRecentContactSessionReq;
import com.mogujie.tt.protobuf.IMBuddy.IMRecentContactSessionRsp;
import com.mogujie.tt.protobuf.IMBuddy.IMRemoveSessionReq;
import com.mogujie.tt.protobuf.IMBuddy.IMRemoveSessionRsp;
import io.teamtalkj.dbproxy.storage.RedisKeys;
import io.teamtalkj.dbproxy.testing.DbProxyFixture;
import io.teamtalkj.dbproxy.testing.EmbeddedStorage;
import io.teamtalkj.pdu.CommandId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Recent sessions (0x0201) and removing a session (0x0206). */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class RecentSessionIT {
    private static final SessionType SINGLE = SessionType.SESSION_TYPE_SINGLE;
    private static final SessionType GROUP = SessionType.SESSION_TYPE_GROUP;

    @RegisterExtension
    final DbProxyFixture db = new DbProxyFixture();

    private static List<String> sessions(IMRecentContactSessionRsp rsp) {
        List<String> out = new ArrayList<>();
        for (ContactSessionInfo s : rsp.getContactSessionListList()) {
            out.add((s.getSessionType() == GROUP ? "g" : "u") + s.getSessionId());
        }
        return out;
    }

    private void setUpdated(int user, int peer, int type, int updated) throws Exception {
        EmbeddedStorage.execute(db.config(), "UPDATE IMRecentSession SET updated=" + updated + " WHERE userId=" + user
                + " AND peerId=" + peer + " AND type=" + type);
    }

    @Test
    void sessionsAreNewestFirstWithTheirLatestMessage() throws Exception {
        int t = now() - 1000;
        text(db.client(), 1, 2, "to two");
        text(db.client(), 2, 1, "two answers");
        text(db.client(), 1, 3, "to three");
        text(db.client(), 1, 4, "to four");
        setUpdated(1, 2, 1, t + 10);
        setUpdated(1, 3, 1, t + 30);
        setUpdated(1, 4, 1, t + 20);

        IMRecentContactSessionRsp rsp = recent(db.client(), 1, 0);
        assertThat(rsp.getUserId()).isEqualTo(1);
        assertThat(sessions(rsp)).containsExactly("u3", "u4", "u2");
        ContactSessionInfo two = rsp.getContactSessionList(2);
        assertThat(two.getUpdatedTime()).isEqualTo(t + 10);
        assertThat(two.getSessionStatus()).isEqualTo(SessionStatusType.SESSION_STATUS_OK);
        assertThat(two.getLatestMsgId()).isEqualTo(2);
        assertThat(two.getLatestMsgData().toStringUtf8()).isEqualTo("two answers");
        assertThat(two.getLatestMsgType()).isEqualTo(MsgType.MSG_TYPE_SINGLE_TEXT);
        assertThat(two.getLatestMsgFromUserId()).as("sender of the last message").isEqualTo(2);
        assertThat(rsp.getContactSessionList(0).getLatestMsgFromUserId()).isEqualTo(1);

        // only sessions changed after latest_update_time
        assertThat(sessions(recent(db.client(), 1, t + 10))).containsExactly("u3", "u4");
        assertThat(sessions(recent(db.client(), 1, t + 30))).isEmpty();
        // the other side has its own row
        assertThat(sessions(recent(db.client(), 3, 0))).containsExactly("u1");
        assertThat(sessions(recent(db.client(), 5, 0))).isEmpty();

        // a session without any message left is omitted
        EmbeddedStorage.execute(db.config(), "UPDATE IMMessage_" + (queryLong(db.config(),
                "SELECT id FROM IMRelationShip WHERE smallId=1 AND bigId=4") % 8) + " SET status=1 WHERE toId=4");
        assertThat(sessions(recent(db.client(), 1, 0))).containsExactly("u3", "u2");

        ByteString attach = ByteString.copyFromUtf8("att");
        IMRecentContactSessionRsp withAttach = MsgFixtures.call(db.client(), CommandId.CID_BUDDY_LIST_RECENT_CONTACT_SESSION_REQUEST,
                IMRecentContactSessionReq.newBuilder().setUserId(1).setLatestUpdateTime(0).setAttachData(attach).build(),
                CommandId.CID_BUDDY_LIST_RECENT_CONTACT_SESSION_RESPONSE, IMRecentContactSessionRsp.parser());
        assertThat(withAttach.getAttachData()).isEqualTo(attach);
    }

    @Test
    void sessionsAreStillWrittenOnceTheIdCounterIsPastTheUnsignedIntRange() throws Exception {
        // every upsert takes an id, also when it only updates: TeamTalk's int id ran out after
        // ~2.1 billion messages and then no message could be stored (migration V13)
        EmbeddedStorage.execute(db.config(), "ALTER TABLE IMRecentSession AUTO_INCREMENT=4294967290");
        for (int i = 0; i < 6; i++) {
            text(db.client(), 1, 2, "again " + i);
        }
        text(db.client(), 1, 3, "a new session");
        text(db.client(), 3, 4, "and another");
        assertThat(queryLong(db.config(), "SELECT COUNT(*) FROM IMRecentSession")).isEqualTo(6);
        assertThat(queryLong(db.config(), "SELECT MAX(id) FROM IMRecentSession")).isGreaterThan(4294967295L);
        assertThat(sessions(recent(db.client(), 1, 0))).containsExactlyInAnyOrder("u2", "u3");
        assertThat(sessions(recent(db.client(), 4, 0))).containsExactly("u3");
    }

    @Test
    void listIsCappedToTheNewest() throws Exception {
        db.restart(cfg -> cfg.recentSessionCap = 2);
        int t = now() - 1000;
        for (int peer = 2; peer <= 5; peer++) {
            text(db.client(), 1, peer, "hi " + peer);
            setUpdated(1, peer, 1, t + peer);
        }
        assertThat(sessions(recent(db.client(), 1, 0))).containsExactly("u5", "u4");
    }

    @Test
    void removedSessionsDisappearUntilTheNextMessageAndLoseTheirUnreadCount() throws Exception {
        text(db.client(), 2, 1, "a");
        text(db.client(), 2, 1, "b");
        text(db.client(), 3, 1, "c");
        assertThat(unread(db.client(), 1).getTotalCnt()).isEqualTo(3);

        IMRemoveSessionRsp removed = remove(db.client(), 1, SINGLE, 2);
        assertThat(removed.getResultCode()).isZero();
        assertThat(removed.getUserId()).isEqualTo(1);
        assertThat(removed.getSessionType()).isEqualTo(SINGLE);
        assertThat(removed.getSessionId()).isEqualTo(2);
        assertThat(queryLong(db.config(), "SELECT status FROM IMRecentSession WHERE userId=1 AND peerId=2 AND type=1")).isEqualTo(1);
        assertThat(queryLong(db.config(), "SELECT status FROM IMRecentSession WHERE userId=2 AND peerId=1 AND type=1"))
                .as("the peer keeps its session").isZero();
        assertThat(sessions(recent(db.client(), 1, 0))).containsExactly("u3");
        assertThat(sessions(recent(db.client(), 2, 0))).containsExactly("u1");
        // removing also reads it: the unread count is gone, in Redis and after a rebuild
        assertThat(unread(db.client(), 1).getTotalCnt()).isEqualTo(1);
        assertThat(redisHash(db.server(), RedisKeys.unread(1))).doesNotContainKey("2");
        assertThat(queryLong(db.config(), "SELECT readMsgId FROM TTReadPosition WHERE userId=1 AND peerId=2 AND type=1")).isEqualTo(2);
        EmbeddedStorage.flushRedis();
        assertThat(unread(db.client(), 1).getTotalCnt()).isEqualTo(1);

        // the next message brings it back
        text(db.client(), 2, 1, "d");
        assertThat(sessions(recent(db.client(), 1, 0))).containsExactlyInAnyOrder("u2", "u3");
        assertThat(unread(db.client(), 1).getTotalCnt()).isEqualTo(2);

        // no such session: result 1, fields echoed
        ByteString attach = ByteString.copyFromUtf8("x");
        IMRemoveSessionRsp missing = MsgFixtures.call(db.client(), CommandId.CID_BUDDY_LIST_REMOVE_SESSION_REQ,
                IMRemoveSessionReq.newBuilder().setUserId(1).setSessionType(SINGLE).setSessionId(99).setAttachData(attach)
                        .build(), CommandId.CID_BUDDY_LIST_REMOVE_SESSION_RES, IMRemoveSessionRsp.parser());
        assertThat(missing.getResultCode()).isEqualTo(1);
        assertThat(missing.getSessionId()).isEqualTo(99);
        assertThat(missing.getAttachData()).isEqualTo(attach);
        assertThat(remove(db.client(), 1, GROUP, 12345).getResultCode()).isEqualTo(1);
    }

    @Test
    void groupSessionsListEveryMembersGroupUnlessRemovedSinceItsLastMessage() throws Exception {
        int now = now();
        int gid = 600;
        group(db.config(), gid, Map.of(1, now - 100, 2, now - 100, 5, now + 1000));
        int t = now - 50;
        text(db.client(), 1, 3, "single");
        setUpdated(1, 3, 1, t);
        groupText(db.client(), 2, gid, "hello group");
        send(db.client(), msg(2, gid, MsgType.MSG_TYPE_GROUP_AUDIO, MsgFixtures.audio(2, 100, 3)));

        // user 1 never wrote in the group, so it has no IMRecentSession row for it, yet sees it
        assertThat(queryLong(db.config(), "SELECT COUNT(*) FROM IMRecentSession WHERE userId=1 AND type=2")).isZero();
        IMRecentContactSessionRsp rsp = recent(db.client(), 1, 0);
        assertThat(sessions(rsp)).containsExactly("g" + gid, "u3");
        ContactSessionInfo g = rsp.getContactSessionList(0);
        assertThat(g.getLatestMsgId()).isEqualTo(2);
        assertThat(g.getLatestMsgFromUserId()).isEqualTo(2);
        assertThat(g.getLatestMsgType()).isEqualTo(MsgType.MSG_TYPE_GROUP_AUDIO);
        assertThat(MsgFixtures.clientDecrypt(g.getLatestMsgData())).isEqualTo("[语音]");
        assertThat(g.getUpdatedTime()).isEqualTo((int) queryLong(db.config(), "SELECT lastChated FROM IMGroup WHERE id=?", gid));
        assertThat(sessions(recent(db.client(), 1, g.getUpdatedTime()))).isEmpty();
        assertThat(sessions(recent(db.client(), 2, 0))).containsExactly("g" + gid);
        // user 5 joins after every message there is; user 6 is no member
        assertThat(sessions(recent(db.client(), 5, 0))).isEmpty();
        assertThat(sessions(recent(db.client(), 6, 0))).isEmpty();

        // removing creates the member's row with status 1; the group stays hidden ...
        assertThat(remove(db.client(), 1, GROUP, gid).getResultCode()).isZero();
        assertThat(queryLong(db.config(), "SELECT status FROM IMRecentSession WHERE userId=1 AND peerId=? AND type=2", gid))
                .isEqualTo(1);
        assertThat(sessions(recent(db.client(), 1, 0))).containsExactly("u3");
        // ... until someone writes in it again (the removal is pushed back so the clock moved on)
        EmbeddedStorage.execute(db.config(), "UPDATE IMRecentSession SET updated=updated-10 WHERE userId=1 AND peerId=" + gid);
        groupText(db.client(), 2, gid, "anyone?");
        IMRecentContactSessionRsp back = recent(db.client(), 1, 0);
        assertThat(sessions(back)).containsExactly("g" + gid, "u3");
        assertThat(back.getContactSessionList(0).getLatestMsgData().toStringUtf8()).isEqualTo("anyone?");

        // the sender removing its own session works on its existing row
        assertThat(remove(db.client(), 2, GROUP, gid).getResultCode()).isZero();
        assertThat(sessions(recent(db.client(), 2, 0))).isEmpty();
        // a deleted group disappears for everyone
        EmbeddedStorage.execute(db.config(), "UPDATE IMGroup SET status=1 WHERE id=" + gid);
        db.server().context().groupMembers().invalidate(gid);
        assertThat(sessions(recent(db.client(), 1, 0))).containsExactly("u3");
    }
}
