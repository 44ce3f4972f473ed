package io.teamtalkj.dbproxy;

import static io.teamtalkj.dbproxy.MsgFixtures.group;
import static io.teamtalkj.dbproxy.MsgFixtures.groupText;
import static io.teamtalkj.dbproxy.MsgFixtures.msg;
import static io.teamtalkj.dbproxy.MsgFixtures.now;
import static io.teamtalkj.dbproxy.MsgFixtures.queryLong;
import static io.teamtalkj.dbproxy.MsgFixtures.readAck;
import static io.teamtalkj.dbproxy.MsgFixtures.readAckAndWait;
import static io.teamtalkj.dbproxy.MsgFixtures.redisHash;
import static io.teamtalkj.dbproxy.MsgFixtures.redisString;
import static io.teamtalkj.dbproxy.MsgFixtures.send;
import static io.teamtalkj.dbproxy.MsgFixtures.text;
import static io.teamtalkj.dbproxy.MsgFixtures.unread;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.mogujie.tt.protobuf.IMBaseDefine.MsgType;
import com.mogujie.tt.protobuf.IMBaseDefine.SessionType;
import com.mogujie.tt.protobuf.IMBaseDefine.UnreadInfo;
import com.mogujie.tt.protobuf.IMMessage.IMMsgData;
import com.mogujie.tt.protobuf.IMMessage.IMUnreadMsgCntReq;
import com.mogujie.tt.protobuf.IMMessage.IMUnreadMsgCntRsp;
import io.teamtalkj.dbproxy.storage.RedisKeys;
import io.teamtalkj.dbproxy.testing.DbProxyFixture;
import io.teamtalkj.dbproxy.testing.EmbeddedStorage;
import io.teamtalkj.pdu.CommandId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Unread counts (0x0307), read acks (0x0303) and rebuilding the counts after Redis lost them. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class UnreadIT {
    private static final SessionType SINGLE = SessionType.SESSION_TYPE_SINGLE;
    private static final SessionType GROUP = SessionType.SESSION_TYPE_GROUP;

    @RegisterExtension
    final DbProxyFixture db = new DbProxyFixture();

    private static Map<Integer, UnreadInfo> bySession(IMUnreadMsgCntRsp rsp, SessionType type) {
        Map<Integer, UnreadInfo> out = new LinkedHashMap<>();
        for (UnreadInfo u : rsp.getUnreadinfoListList()) {
            if (u.getSessionType() == type) {
                out.put(u.getSessionId(), u);
            }
        }
        return out;
    }

    @Test
    void countsFollowMessagesAndReadAcks() throws Exception {
        for (int i = 1; i <= 3; i++) {
            text(db.client(), 1, 2, "from1-" + i);
        }
        text(db.client(), 3, 2, "from3-1");
        text(db.client(), 3, 2, "from3-2");

        IMUnreadMsgCntRsp first = unread(db.client(), 2);
        assertThat(first.getUserId()).isEqualTo(2);
        assertThat(first.getTotalCnt()).isEqualTo(5);
        Map<Integer, UnreadInfo> single = bySession(first, SINGLE);
        assertThat(single.keySet()).containsExactlyInAnyOrder(1, 3);
        UnreadInfo from1 = single.get(1);
        assertThat(from1.getUnreadCnt()).isEqualTo(3);
        assertThat(from1.getLatestMsgId()).isEqualTo(3);
        assertThat(from1.getLatestMsgData().toStringUtf8()).isEqualTo("from1-3");
        assertThat(from1.getLatestMsgType()).isEqualTo(MsgType.MSG_TYPE_SINGLE_TEXT);
        assertThat(from1.getLatestMsgFromUserId()).isEqualTo(1);
        assertThat(single.get(3).getUnreadCnt()).isEqualTo(2);

        // the sender has nothing unread; its reply does not count for itself
        assertThat(unread(db.client(), 1).getTotalCnt()).isZero();
        text(db.client(), 2, 1, "reply");
        IMUnreadMsgCntRsp afterReply = unread(db.client(), 2);
        assertThat(bySession(afterReply, SINGLE).get(1).getUnreadCnt()).isEqualTo(3);
        assertThat(bySession(afterReply, SINGLE).get(1).getLatestMsgId()).isEqualTo(4);
        assertThat(bySession(afterReply, SINGLE).get(1).getLatestMsgData().toStringUtf8()).isEqualTo("reply");
        // TeamTalk reports the peer, not the sender of the latest message
        assertThat(bySession(afterReply, SINGLE).get(1).getLatestMsgFromUserId()).isEqualTo(1);
        assertThat(unread(db.client(), 1).getTotalCnt()).isEqualTo(1);

        readAckAndWait(db.client(), db.server(), db.config(), 2, SINGLE, 1, 4);
        assertThat(db.client().silentFor(300)).as("read ack has no reply").isTrue();
        IMUnreadMsgCntRsp afterAck = unread(db.client(), 2);
        assertThat(afterAck.getTotalCnt()).isEqualTo(2);
        assertThat(bySession(afterAck, SINGLE).keySet()).containsExactly(3);
        assertThat(queryLong(db.config(), "SELECT readMsgId FROM TTReadPosition WHERE userId=2 AND peerId=1 AND type=1"))
                .isEqualTo(4);
        Map<String, String> hash = redisHash(db.server(), RedisKeys.unread(2));
        assertThat(hash).containsEntry("0", "0").doesNotContainKey("1");

        // new messages after the ack count again from zero
        text(db.client(), 1, 2, "again");
        assertThat(bySession(unread(db.client(), 2), SINGLE).get(1).getUnreadCnt()).isEqualTo(1);
        // an ack for a pair that never talked changes nothing and answers nothing
        readAck(db.client(), 2, SINGLE, 77);
        assertThat(db.client().silentFor(300)).isTrue();
        assertThat(unread(db.client(), 2).getTotalCnt()).isEqualTo(3);
        assertThat(queryLong(db.config(), "SELECT COUNT(*) FROM TTReadPosition WHERE userId=2 AND peerId=77")).isZero();
    }

    @Test
    void countsAreRebuiltFromMysqlAfterRedisFlush() throws Exception {
        for (int i = 1; i <= 4; i++) {
            text(db.client(), 10, 20, "a" + i);
        }
        for (int i = 1; i <= 2; i++) {
            text(db.client(), 30, 20, "b" + i);
        }
        text(db.client(), 20, 30, "20 answers 30");
        readAck(db.client(), 20, SINGLE, 10);
        text(db.client(), 10, 20, "a5");
        IMUnreadMsgCntRsp before = unread(db.client(), 20);
        assertThat(before.getTotalCnt()).isEqualTo(3);

        EmbeddedStorage.flushRedis();
        IMUnreadMsgCntRsp rebuilt = unread(db.client(), 20);
        assertThat(rebuilt.getTotalCnt()).isEqualTo(3);
        assertThat(bySession(rebuilt, SINGLE).get(10).getUnreadCnt()).isEqualTo(1);
        assertThat(bySession(rebuilt, SINGLE).get(10).getLatestMsgData().toStringUtf8()).isEqualTo("a5");
        assertThat(bySession(rebuilt, SINGLE).get(30).getUnreadCnt()).isEqualTo(2);
        assertThat(bySession(rebuilt, SINGLE).get(30).getLatestMsgId()).isEqualTo(3);
        assertThat(redisHash(db.server(), RedisKeys.unread(20))).containsExactlyInAnyOrderEntriesOf(Map.of("0", "0", "10", "1", "30", "2"));
        assertThat(bySession(unread(db.client(), 30), SINGLE).get(20).getUnreadCnt()).isEqualTo(1);

        // a store after a flush recreates the hash with only its own increment: still "lost", rebuilt
        EmbeddedStorage.flushRedis();
        text(db.client(), 30, 20, "b3");
        assertThat(redisHash(db.server(), RedisKeys.unread(20))).doesNotContainKey("0");
        IMUnreadMsgCntRsp again = unread(db.client(), 20);
        assertThat(bySession(again, SINGLE).get(30).getUnreadCnt()).isEqualTo(3);
        assertThat(again.getTotalCnt()).isEqualTo(4);
        // and the rebuilt hash keeps counting
        text(db.client(), 30, 20, "b4");
        assertThat(bySession(unread(db.client(), 20), SINGLE).get(30).getUnreadCnt()).isEqualTo(4);
        assertThat(redisHash(db.server(), RedisKeys.unread(20))).containsEntry("30", "4").containsKey("0");

        // a user with nothing unread gets an empty answer and a (known-empty) hash
        assertThat(unread(db.client(), 99).getTotalCnt()).isZero();
        assertThat(redisHash(db.server(), RedisKeys.unread(99))).containsExactly(Map.entry("0", "0"));
    }

    @Test
    void groupCountsStartAtJoinAndAtTheUsersLastReadOrSend() throws Exception {
        int now = now();
        int gid = 400;
        group(db.config(), gid, Map.of(1, now - 5000, 2, now - 5000, 3, now - 500));
        groupText(db.client(), 1, gid, "g1");
        groupText(db.client(), 1, gid, "g2");
        groupText(db.client(), 1, gid, "g3");
        EmbeddedStorage.execute(db.config(), "UPDATE IMGroupMessage_" + (gid % 8) + " SET created=" + (now - 1000)
                + " WHERE groupId=" + gid + " AND msgId<=2");

        UnreadInfo u2 = bySession(unread(db.client(), 2), GROUP).get(gid);
        assertThat(u2.getUnreadCnt()).isEqualTo(3);
        assertThat(u2.getLatestMsgId()).isEqualTo(3);
        assertThat(u2.getLatestMsgFromUserId()).isEqualTo(1);
        assertThat(u2.getLatestMsgType()).isEqualTo(MsgType.MSG_TYPE_GROUP_TEXT);
        assertThat(u2.getLatestMsgData().toStringUtf8()).isEqualTo("g3");
        assertThat(bySession(unread(db.client(), 3), GROUP).get(gid).getUnreadCnt()).as("joined after g1, g2").isEqualTo(1);
        assertThat(bySession(unread(db.client(), 1), GROUP)).as("own messages are read").isEmpty();
        assertThat(bySession(unread(db.client(), 9), GROUP)).as("not a member").isEmpty();

        readAckAndWait(db.client(), db.server(), db.config(), 2, GROUP, gid, 3);
        assertThat(bySession(unread(db.client(), 2), GROUP)).isEmpty();
        assertThat(queryLong(db.config(), "SELECT readMsgId FROM TTReadPosition WHERE userId=2 AND peerId=? AND type=2", gid))
                .isEqualTo(3);
        assertThat(redisHash(db.server(), RedisKeys.userGroupCount(2, gid))).containsEntry("count", "3");

        groupText(db.client(), 3, gid, "g4");
        assertThat(bySession(unread(db.client(), 2), GROUP).get(gid).getUnreadCnt()).isEqualTo(1);
        assertThat(bySession(unread(db.client(), 1), GROUP).get(gid).getUnreadCnt()).isEqualTo(1);
        assertThat(bySession(unread(db.client(), 3), GROUP)).isEmpty();

        // after a flush the group counter comes from MySQL and is cached back
        EmbeddedStorage.flushRedis();
        IMUnreadMsgCntRsp rsp = unread(db.client(), 2);
        assertThat(rsp.getTotalCnt()).isEqualTo(1);
        assertThat(bySession(rsp, GROUP).get(gid).getLatestMsgFromUserId()).isEqualTo(3);
        assertThat(redisString(db.server(), RedisKeys.groupMsgId(gid))).isEqualTo("4");
        // a non-member's ack is ignored (the store after it runs on the same worker, so the ack is done)
        readAck(db.client(), 9, GROUP, gid);
        groupText(db.client(), 1, gid, "g5");
        assertThat(queryLong(db.config(), "SELECT COUNT(*) FROM TTReadPosition WHERE userId=9")).isZero();
    }

    @Test
    void audioIsSummarisedWithTeamTalksEncryptedPlaceholder() throws Exception {
        send(db.client(), msg(5, 6, MsgType.MSG_TYPE_SINGLE_AUDIO, MsgFixtures.audio(4, 300, 1)));
        UnreadInfo u = bySession(unread(db.client(), 6), SINGLE).get(5);
        assertThat(u.getLatestMsgType()).isEqualTo(MsgType.MSG_TYPE_SINGLE_AUDIO);
        assertThat(MsgFixtures.clientDecrypt(u.getLatestMsgData())).isEqualTo("[语音]");
    }

    @Test
    void attachDataIsEchoed() throws Exception {
        ByteString attach = ByteString.copyFrom(new byte[] {0, 0, 0, 1, 0, 0, 0, 9, 0, 0, 0, 3});
        IMUnreadMsgCntRsp rsp = MsgFixtures.call(db.client(), CommandId.CID_MSG_UNREAD_CNT_REQUEST,
                IMUnreadMsgCntReq.newBuilder().setUserId(4).setAttachData(attach).build(),
                CommandId.CID_MSG_UNREAD_CNT_RESPONSE, IMUnreadMsgCntRsp.parser());
        assertThat(rsp.getAttachData()).isEqualTo(attach);
        assertThat(rsp.getTotalCnt()).isZero();
    }

    @Test
    void manySessionsCostABoundedNumberOfQueries() throws Exception {
        int senders = 40;
        List<IMMsgData> msgs = new ArrayList<>();
        for (int s = 1; s <= senders; s++) {
            msgs.add(msg(1000 + s, 7, MsgType.MSG_TYPE_SINGLE_TEXT, ByteString.copyFromUtf8("hi from " + (1000 + s))));
        }
        MsgFixtures.pipeline(db.client(), msgs);
        Map<Integer, Integer> members = new LinkedHashMap<>();
        members.put(7, now() - 100);
        members.put(1001, now() - 100);
        for (int g = 0; g < 12; g++) {
            group(db.config(), 500 + g, members);
        }
        List<IMMsgData> groupMsgs = new ArrayList<>();
        for (int g = 0; g < 12; g++) {
            groupMsgs.add(msg(1001, 500 + g, MsgType.MSG_TYPE_GROUP_TEXT, ByteString.copyFromUtf8("group " + g)));
        }
        MsgFixtures.pipeline(db.client(), groupMsgs);
        unread(db.client(), 7); // first call rebuilds the hash (the stores created it without the marker)

        long before = MsgFixtures.selectsSoFar(db.config());
        IMUnreadMsgCntRsp rsp = unread(db.client(), 7);
        long used = MsgFixtures.selectsSoFar(db.config()) - before;
        assertThat(rsp.getUnreadinfoListList()).hasSize(senders + 12);
        assertThat(rsp.getTotalCnt()).isEqualTo(senders + 12);
        // relations, latest per shard (8), memberships, first visible per shard (8), group latest per
        // shard (8): bounded by the shard count, while one query per session would be 52+
        // (the lower bound shows the counter does see our statements)
        assertThat(used).as("SELECTs for one unread request").isBetween(3L, 30L);

        before = MsgFixtures.selectsSoFar(db.config());
        assertThat(MsgFixtures.recent(db.client(), 7, 0).getContactSessionListList()).hasSize(senders + 12);
        used = MsgFixtures.selectsSoFar(db.config()) - before;
        assertThat(used).as("SELECTs for one recent-session request").isBetween(3L, 30L);
    }
}
