package io.teamtalkj.dbproxy;

import static io.teamtalkj.dbproxy.MsgFixtures.byId;
import static io.teamtalkj.dbproxy.MsgFixtures.call;
import static io.teamtalkj.dbproxy.MsgFixtures.group;
import static io.teamtalkj.dbproxy.MsgFixtures.groupText;
import static io.teamtalkj.dbproxy.MsgFixtures.history;
import static io.teamtalkj.dbproxy.MsgFixtures.ids;
import static io.teamtalkj.dbproxy.MsgFixtures.latestId;
import static io.teamtalkj.dbproxy.MsgFixtures.msg;
import static io.teamtalkj.dbproxy.MsgFixtures.now;
import static io.teamtalkj.dbproxy.MsgFixtures.redisString;
import static io.teamtalkj.dbproxy.MsgFixtures.send;
import static io.teamtalkj.dbproxy.MsgFixtures.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.mogujie.tt.protobuf.IMBaseDefine.MsgInfo;
import com.mogujie.tt.protobuf.IMBaseDefine.MsgType;
import com.mogujie.tt.protobuf.IMBaseDefine.SessionType;
import com.mogujie.tt.protobuf.IMMessage.IMGetLatestMsgIdReq;
import com.mogujie.tt.protobuf.IMMessage.IMGetLatestMsgIdRsp;
import com.mogujie.tt.protobuf.IMMessage.IMGetMsgByIdReq;
import com.mogujie.tt.protobuf.IMMessage.IMGetMsgByIdRsp;
import com.mogujie.tt.protobuf.IMMessage.IMGetMsgListReq;
import com.mogujie.tt.protobuf.IMMessage.IMGetMsgListRsp;
import com.mogujie.tt.protobuf.IMMessage.IMMsgData;
import io.teamtalkj.dbproxy.storage.RedisKeys;
import io.teamtalkj.dbproxy.testing.DbProxyFixture;
import io.teamtalkj.dbproxy.testing.EmbeddedStorage;
import io.teamtalkj.pdu.CommandId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** History (0x0309), messages by id (0x030d) and latest msg id (0x030b). */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class MsgHistoryIT {
    private static final SessionType SINGLE = SessionType.SESSION_TYPE_SINGLE;
    private static final SessionType GROUP = SessionType.SESSION_TYPE_GROUP;

    @RegisterExtension
    final DbProxyFixture db = new DbProxyFixture(cfg -> cfg.msgByIdCap = 4);

    @Test
    void historyIsCappedNewestFirstAndPagesFromMsgIdBegin() throws Exception {
        List<IMMsgData> msgs = new ArrayList<>();
        for (int i = 1; i <= 105; i++) {
            msgs.add(msg(i % 2 == 0 ? 1 : 2, i % 2 == 0 ? 2 : 1, MsgType.MSG_TYPE_SINGLE_TEXT, ByteString.copyFromUtf8("m" + i)));
        }
        MsgFixtures.pipeline(db.client(), msgs);

        IMGetMsgListRsp all = history(db.client(), 1, SINGLE, 2, 0, 1_000_000);
        assertThat(db.config().historyPageCap).isEqualTo(100);
        assertThat(all.getMsgListList()).hasSize(100);
        assertThat(ids(all.getMsgListList())).isEqualTo(IntStream.iterate(105, i -> i - 1).limit(100).boxed().toList());
        MsgInfo newest = all.getMsgList(0);
        assertThat(newest.getMsgData().toStringUtf8()).isEqualTo("m105");
        assertThat(newest.getFromSessionId()).isEqualTo(2);
        assertThat(newest.getMsgType()).isEqualTo(MsgType.MSG_TYPE_SINGLE_TEXT);
        assertThat(newest.getCreateTime()).isCloseTo(now(), org.assertj.core.data.Offset.offset(60));

        // the other side reads the same conversation
        IMGetMsgListRsp page = history(db.client(), 2, SINGLE, 1, 10, 4);
        assertThat(ids(page.getMsgListList())).containsExactly(10, 9, 8, 7);
        assertThat(page.getMsgIdBegin()).isEqualTo(10);
        assertThat(page.getSessionId()).isEqualTo(1);
        assertThat(page.getUserId()).isEqualTo(2);
        assertThat(page.getMsgList(0).getMsgData().toStringUtf8()).isEqualTo("m10");
        // next page from the last id - 1, down to the first message
        IMGetMsgListRsp last = history(db.client(), 2, SINGLE, 1, 6, 20);
        assertThat(ids(last.getMsgListList())).containsExactly(6, 5, 4, 3, 2, 1);
        // a begin beyond the latest is the latest; msg_cnt 0 is an empty page
        assertThat(ids(history(db.client(), 1, SINGLE, 2, 999, 2).getMsgListList())).containsExactly(105, 104);
        assertThat(history(db.client(), 1, SINGLE, 2, 0, 0).getMsgListList()).isEmpty();
    }

    @Test
    void smallerConfiguredCapIsHonoured() throws Exception {
        db.restart(cfg -> cfg.historyPageCap = 3);
        for (int i = 1; i <= 5; i++) {
            text(db.client(), 7, 8, "x" + i);
        }
        assertThat(ids(history(db.client(), 7, SINGLE, 8, 0, 1_000_000).getMsgListList())).containsExactly(5, 4, 3);
        assertThat(ids(history(db.client(), 7, SINGLE, 8, 0, -1).getMsgListList())).containsExactly(5, 4, 3);
    }

    @Test
    void unknownPeersAndOtherPairsGiveEmptyListsAndAttachDataIsEchoed() throws Exception {
        text(db.client(), 1, 2, "between 1 and 2");
        ByteString attach = ByteString.copyFromUtf8("route-me");
        IMGetMsgListRsp none = call(db.client(), CommandId.CID_MSG_LIST_REQUEST, IMGetMsgListReq.newBuilder().setUserId(1)
                .setSessionType(SINGLE).setSessionId(3).setMsgIdBegin(0).setMsgCnt(10).setAttachData(attach).build(),
                CommandId.CID_MSG_LIST_RESPONSE, IMGetMsgListRsp.parser());
        assertThat(none.getMsgListList()).isEmpty();
        assertThat(none.getAttachData()).isEqualTo(attach);
        assertThat(none.getSessionType()).isEqualTo(SINGLE);
        // user 3 cannot read 1<->2 by naming either of them
        assertThat(history(db.client(), 3, SINGLE, 1, 0, 10).getMsgListList()).isEmpty();
        assertThat(history(db.client(), 3, SINGLE, 2, 0, 10).getMsgListList()).isEmpty();
        assertThat(history(db.client(), 1, SINGLE, 1, 0, 10).getMsgListList()).isEmpty();
        assertThat(latestId(db.client(), 3, SINGLE, 1)).isZero();

        IMGetLatestMsgIdRsp latest = call(db.client(), CommandId.CID_MSG_GET_LATEST_MSG_ID_REQ, IMGetLatestMsgIdReq.newBuilder()
                .setUserId(2).setSessionType(SINGLE).setSessionId(1).setAttachData(attach).build(),
                CommandId.CID_MSG_GET_LATEST_MSG_ID_RSP, IMGetLatestMsgIdRsp.parser());
        assertThat(latest.getLatestMsgId()).isEqualTo(1);
        assertThat(latest.getAttachData()).isEqualTo(attach);
        IMGetMsgByIdRsp byIdRsp = call(db.client(), CommandId.CID_MSG_GET_BY_MSG_ID_REQ, IMGetMsgByIdReq.newBuilder()
                .setUserId(2).setSessionType(SINGLE).setSessionId(1).addMsgIdList(1).setAttachData(attach).build(),
                CommandId.CID_MSG_GET_BY_MSG_ID_RES, IMGetMsgByIdRsp.parser());
        assertThat(ids(byIdRsp.getMsgListList())).containsExactly(1);
        assertThat(byIdRsp.getAttachData()).isEqualTo(attach);
    }

    @Test
    void messagesByIdAreCappedAndSkipMissingOnes() throws Exception {
        for (int i = 1; i <= 8; i++) {
            text(db.client(), 4, 5, "b" + i);
        }
        IMGetMsgByIdRsp rsp = byId(db.client(), 5, SINGLE, 4, List.of(2, 7, 99, 7));
        assertThat(ids(rsp.getMsgListList())).containsExactly(7, 2);
        assertThat(rsp.getMsgList(0).getMsgData().toStringUtf8()).isEqualTo("b7");
        assertThat(rsp.getMsgList(0).getFromSessionId()).isEqualTo(4);
        // cap is 4 ids in this test: only the first four distinct ids are looked up
        IMGetMsgByIdRsp capped = byId(db.client(), 4, SINGLE, 5, List.of(1, 2, 3, 4, 5, 6, 7, 8));
        assertThat(ids(capped.getMsgListList())).containsExactly(4, 3, 2, 1);
        assertThat(byId(db.client(), 4, SINGLE, 5, List.of()).getMsgListList()).isEmpty();
    }

    @Test
    void groupHistoryIsForMembersAndStartsAtTheirJoinTime() throws Exception {
        int now = now();
        int gid = 300;
        group(db.config(), gid, Map.of(1, now - 5000, 2, now - 5000, 3, now - 500));
        for (int i = 1; i <= 4; i++) {
            assertThat(groupText(db.client(), i % 2 == 0 ? 2 : 1, gid, "g" + i)).isEqualTo(i);
        }
        // messages 1 and 2 were written before user 3 joined
        EmbeddedStorage.execute(db.config(), "UPDATE IMGroupMessage_" + (gid % 8) + " SET created=" + (now - 1000)
                + " WHERE groupId=" + gid + " AND msgId<=2");

        IMGetMsgListRsp member = history(db.client(), 2, GROUP, gid, 0, 50);
        assertThat(ids(member.getMsgListList())).containsExactly(4, 3, 2, 1);
        assertThat(member.getMsgList(3).getFromSessionId()).isEqualTo(1);
        assertThat(member.getMsgList(3).getMsgType()).isEqualTo(MsgType.MSG_TYPE_GROUP_TEXT);
        assertThat(member.getMsgList(3).getMsgData().toStringUtf8()).isEqualTo("g1");

        assertThat(ids(history(db.client(), 3, GROUP, gid, 0, 50).getMsgListList())).containsExactly(4, 3);
        assertThat(history(db.client(), 3, GROUP, gid, 2, 50).getMsgListList()).isEmpty();
        assertThat(ids(byId(db.client(), 3, GROUP, gid, List.of(1, 2, 3)).getMsgListList())).containsExactly(3);

        // user 9 is not a member: nothing, not even the latest id; unknown group likewise
        assertThat(history(db.client(), 9, GROUP, gid, 0, 50).getMsgListList()).isEmpty();
        assertThat(byId(db.client(), 9, GROUP, gid, List.of(1, 2, 3, 4)).getMsgListList()).isEmpty();
        assertThat(latestId(db.client(), 9, GROUP, gid)).isZero();
        assertThat(history(db.client(), 1, GROUP, 999, 0, 50).getMsgListList()).isEmpty();
        assertThat(latestId(db.client(), 3, GROUP, gid)).isEqualTo(4);

        // a member who left sees nothing any more
        EmbeddedStorage.execute(db.config(), "UPDATE IMGroupMember SET status=1 WHERE groupId=" + gid + " AND userId=2");
        db.server().context().groupMembers().invalidate(gid);
        assertThat(history(db.client(), 2, GROUP, gid, 0, 50).getMsgListList()).isEmpty();
    }

    @Test
    void audioComesBackByteExactInHistoryAndById() throws Exception {
        ByteString voice = MsgFixtures.audio(7, 5000, 42);
        int id = send(db.client(), msg(11, 12, MsgType.MSG_TYPE_SINGLE_AUDIO, voice));
        text(db.client(), 12, 11, "heard it");
        ByteString groupVoice = MsgFixtures.audio(3, 700, 7);
        group(db.config(), 301, Map.of(11, now() - 10, 12, now() - 10));
        int gidMsg = send(db.client(), msg(12, 301, MsgType.MSG_TYPE_GROUP_AUDIO, groupVoice));

        IMGetMsgListRsp page = history(db.client(), 12, SINGLE, 11, 0, 10);
        assertThat(ids(page.getMsgListList())).containsExactly(2, id);
        MsgInfo audio = page.getMsgList(1);
        assertThat(audio.getMsgType()).isEqualTo(MsgType.MSG_TYPE_SINGLE_AUDIO);
        assertThat(audio.getMsgData()).isEqualTo(voice);
        assertThat(audio.getMsgData().substring(0, 4).asReadOnlyByteBuffer().getInt()).isEqualTo(7);
        assertThat(page.getMsgList(0).getMsgData().toStringUtf8()).isEqualTo("heard it");

        assertThat(byId(db.client(), 11, SINGLE, 12, List.of(id)).getMsgList(0).getMsgData()).isEqualTo(voice);
        MsgInfo g = history(db.client(), 11, GROUP, 301, 0, 10).getMsgList(0);
        assertThat(g.getMsgId()).isEqualTo(gidMsg);
        assertThat(g.getMsgType()).isEqualTo(MsgType.MSG_TYPE_GROUP_AUDIO);
        assertThat(g.getMsgData()).isEqualTo(groupVoice);

        // the stored row keeps TeamTalk's layout: content = IMAudio id, duration and bytes in IMAudio
        long audioId = MsgFixtures.queryLong(db.config(), "SELECT CAST(content AS UNSIGNED) FROM IMMessage_1 WHERE msgId=?", id);
        assertThat(MsgFixtures.queryLong(db.config(), "SELECT duration FROM IMAudio WHERE id=?", audioId)).isEqualTo(7);
        assertThat(MsgFixtures.queryLong(db.config(), "SELECT LENGTH(data) FROM IMAudio WHERE id=?", audioId)).isEqualTo(5000);
    }

    @Test
    void latestMsgIdComesFromMysqlAfterRedisIsFlushed() throws Exception {
        for (int i = 1; i <= 3; i++) {
            text(db.client(), 21, 22, "l" + i);
        }
        group(db.config(), 302, Map.of(21, now() - 10, 22, now() - 10));
        groupText(db.client(), 21, 302, "one");
        groupText(db.client(), 22, 302, "two");
        assertThat(latestId(db.client(), 22, SINGLE, 21)).isEqualTo(3);
        assertThat(latestId(db.client(), 21, GROUP, 302)).isEqualTo(2);
        assertThat(latestId(db.client(), 21, SINGLE, 23)).isZero();

        EmbeddedStorage.flushRedis();
        assertThat(redisString(db.server(), RedisKeys.msgId(1))).isNull();
        assertThat(latestId(db.client(), 21, SINGLE, 22)).isEqualTo(3);
        assertThat(latestId(db.client(), 22, GROUP, 302)).isEqualTo(2);
        // the counters are cached back so the next reader does not need MySQL
        assertThat(redisString(db.server(), RedisKeys.msgId(1))).isEqualTo("3");
        assertThat(redisString(db.server(), RedisKeys.groupMsgId(302))).isEqualTo("2");
        // and the store continues after them
        assertThat(text(db.client(), 22, 21, "l4")).isEqualTo(4);
        assertThat(latestId(db.client(), 21, SINGLE, 22)).isEqualTo(4);
    }
}
