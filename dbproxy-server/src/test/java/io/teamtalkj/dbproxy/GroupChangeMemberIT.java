package io.teamtalkj.dbproxy;

import static io.teamtalkj.dbproxy.GroupTestSupport.change;
import static io.teamtalkj.dbproxy.GroupTestSupport.column;
import static io.teamtalkj.dbproxy.GroupTestSupport.createOk;
import static io.teamtalkj.dbproxy.GroupTestSupport.groupText;
import static io.teamtalkj.dbproxy.GroupTestSupport.info;
import static io.teamtalkj.dbproxy.GroupTestSupport.single;
import static io.teamtalkj.dbproxy.GroupTestSupport.users;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.mogujie.tt.protobuf.IMBaseDefine.GroupModifyType;
import com.mogujie.tt.protobuf.IMBaseDefine.GroupType;
import com.mogujie.tt.protobuf.IMGroup.IMGroupChangeMemberReq;
import com.mogujie.tt.protobuf.IMGroup.IMGroupChangeMemberRsp;
import com.mogujie.tt.protobuf.IMMessage.IMMsgData;
import io.teamtalkj.dbproxy.storage.RedisKeys;
import io.teamtalkj.dbproxy.storage.Storage;
import io.teamtalkj.dbproxy.testing.DbProxyFixture;
import io.teamtalkj.dbproxy.testing.EmbeddedStorage;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.ext.MsgStoreResult;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.api.RedissonClient;

/** Member changes: the permission matrix, what is stored, and message membership afterwards. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class GroupChangeMemberIT {
    private static final GroupModifyType ADD = GroupModifyType.GROUP_MODIFY_TYPE_ADD;
    private static final GroupModifyType DEL = GroupModifyType.GROUP_MODIFY_TYPE_DEL;

    @RegisterExtension
    final DbProxyFixture db = new DbProxyFixture();

    @BeforeEach
    void start() throws Exception {
        users(db.config(), 1, 2, 3, 4, 5);
    }

    private long version(int gid) throws Exception {
        return single(db.config(), "SELECT version FROM IMGroup WHERE id=?", gid);
    }

    @Test
    void memberAddsToTemporaryGroupAndTheRowsFollow() throws Exception {
        int gid = createOk(db.client(), 1, 1, GroupType.GROUP_TYPE_TMP, "tmp", 2);
        long before = System.currentTimeMillis() / 1000;
        IMGroupChangeMemberRsp rsp = GroupTestSupport.call(db.client(),
                CommandId.CID_GROUP_CHANGE_MEMBER_REQUEST, 2, IMGroupChangeMemberReq.newBuilder().setUserId(2)
                        .setChangeType(ADD).setGroupId(gid).addMemberIdList(3).addMemberIdList(1).addMemberIdList(3)
                        .setAttachData(ByteString.copyFromUtf8("att")).build(),
                CommandId.CID_GROUP_CHANGE_MEMBER_RESPONSE, IMGroupChangeMemberRsp.parser());
        assertThat(rsp.getResultCode()).isZero();
        assertThat(rsp.getAttachData().toStringUtf8()).isEqualTo("att");
        assertThat(rsp.getCurUserIdListList()).containsExactly(1, 2, 3);
        assertThat(rsp.getChgUserIdListList()).containsExactly(3); // 1 was already a member
        assertThat(version(gid)).isEqualTo(2);
        assertThat(single(db.config(), "SELECT userCnt FROM IMGroup WHERE id=?", gid)).isEqualTo(3);
        assertThat(single(db.config(), "SELECT created FROM IMGroupMember WHERE groupId=? AND userId=3 AND status=0", gid))
                .isGreaterThanOrEqualTo(before);
        assertThat(single(db.config(), "SELECT status FROM IMRecentSession WHERE userId=3 AND peerId=? AND type=2", gid)).isZero();

        // adding only existing members changes nothing, not even the version
        IMGroupChangeMemberRsp noop = change(db.client(), 3, 1, gid, ADD, 2, 3);
        assertThat(noop.getResultCode()).isZero();
        assertThat(noop.getChgUserIdListCount()).isZero();
        assertThat(noop.getCurUserIdListList()).containsExactly(1, 2, 3);
        assertThat(version(gid)).isEqualTo(2);
    }

    @Test
    void nonMemberCannotAddToTemporaryGroup() throws Exception {
        int gid = createOk(db.client(), 1, 1, GroupType.GROUP_TYPE_TMP, "tmp", 2);
        IMGroupChangeMemberRsp rsp = change(db.client(), 2, 4, gid, ADD, 4, 5);
        assertThat(rsp.getResultCode()).isEqualTo(1);
        assertThat(rsp.getCurUserIdListCount()).isZero();
        assertThat(rsp.getChgUserIdListCount()).isZero();
        assertThat(column(db.config(), "SELECT userId FROM IMGroupMember WHERE groupId=? ORDER BY userId", gid))
                .containsExactly(1L, 2L);
        assertThat(version(gid)).isEqualTo(1);
        // and 4 still cannot post to it
        assertThat(groupText(db.client(), 3, 4, gid, "let me in").getTtStoreResult())
                .isEqualTo(MsgStoreResult.STORE_NOT_MEMBER_VALUE);
    }

    @Test
    void nonCreatorCannotRemoveAnotherMemberButMayLeave() throws Exception {
        int gid = createOk(db.client(), 1, 1, GroupType.GROUP_TYPE_TMP, "tmp", 2, 3);
        IMGroupChangeMemberRsp refused = change(db.client(), 2, 2, gid, DEL, 3);
        assertThat(refused.getResultCode()).isEqualTo(1);
        // mixing self and another member is refused as a whole
        assertThat(change(db.client(), 3, 2, gid, DEL, 2, 3).getResultCode()).isEqualTo(1);
        assertThat(column(db.config(), "SELECT userId FROM IMGroupMember WHERE groupId=? AND status=0 ORDER BY userId", gid))
                .containsExactly(1L, 2L, 3L);
        assertThat(version(gid)).isEqualTo(1);

        IMGroupChangeMemberRsp leave = change(db.client(), 4, 2, gid, DEL, 2);
        assertThat(leave.getResultCode()).isZero();
        assertThat(leave.getChgUserIdListList()).containsExactly(2);
        assertThat(leave.getCurUserIdListList()).containsExactly(1, 3);
        assertThat(single(db.config(), "SELECT status FROM IMGroupMember WHERE groupId=? AND userId=2", gid)).isEqualTo(1);
        assertThat(single(db.config(), "SELECT status FROM IMRecentSession WHERE userId=2 AND peerId=? AND type=2", gid)).isEqualTo(1);
        assertThat(single(db.config(), "SELECT userCnt FROM IMGroup WHERE id=?", gid)).isEqualTo(2);
        assertThat(version(gid)).isEqualTo(2);
    }

    @Test
    void creatorRemovesMembersAndTheyCanNoLongerPost() throws Exception {
        int gid = createOk(db.client(), 1, 1, GroupType.GROUP_TYPE_TMP, "tmp", 2, 3);
        IMMsgData first = groupText(db.client(), 2, 3, gid, "before");
        assertThat(first.getMsgId()).isEqualTo(1);
        // the store reply names the members at store time, for the msg-server's fan-out
        assertThat(first.getTtGroupMemberIdsList()).containsExactlyInAnyOrder(1, 2, 3);

        IMGroupChangeMemberRsp rsp = change(db.client(), 3, 1, gid, DEL, 3, 5);
        assertThat(rsp.getResultCode()).isZero();
        assertThat(rsp.getChgUserIdListList()).containsExactly(3); // 5 was never a member
        assertThat(rsp.getCurUserIdListList()).containsExactly(1, 2);

        IMMsgData refused = groupText(db.client(), 4, 3, gid, "after removal");
        assertThat(refused.getMsgId()).isZero();
        assertThat(refused.getTtStoreResult()).isEqualTo(MsgStoreResult.STORE_NOT_MEMBER_VALUE);
        IMMsgData after = groupText(db.client(), 5, 2, gid, "still here");
        assertThat(after.getMsgId()).isEqualTo(2);
        assertThat(after.getTtGroupMemberIdsList()).containsExactlyInAnyOrder(1, 2);
        assertThat(single(db.config(), "SELECT COUNT(*) FROM IMGroupMessage_" + (gid % 8) + " WHERE groupId=?", gid)).isEqualTo(2);
        // the removed member no longer gets the temporary group's info
        assertThat(info(db.client(), 6, 3, gid, 0).getGroupInfoListCount()).isZero();
    }

    @Test
    void readdedMemberIsActiveAgainWithANewJoinTimeAndReadPosition() throws Exception {
        int gid = createOk(db.client(), 1, 1, GroupType.GROUP_TYPE_TMP, "tmp", 2, 3);
        assertThat(change(db.client(), 2, 3, gid, DEL, 3).getResultCode()).isZero();
        assertThat(groupText(db.client(), 3, 1, gid, "while 3 was away").getMsgId()).isEqualTo(1);
        EmbeddedStorage.execute(db.config(), "UPDATE IMGroupMember SET created=1000 WHERE userId=3 AND groupId=" + gid);
        long before = System.currentTimeMillis() / 1000;

        IMGroupChangeMemberRsp rsp = change(db.client(), 4, 2, gid, ADD, 3);
        assertThat(rsp.getResultCode()).isZero();
        assertThat(rsp.getChgUserIdListList()).containsExactly(3);
        assertThat(single(db.config(), "SELECT COUNT(*) FROM IMGroupMember WHERE groupId=? AND userId=3", gid)).isEqualTo(1);
        assertThat(single(db.config(), "SELECT status FROM IMGroupMember WHERE groupId=? AND userId=3", gid)).isZero();
        assertThat(single(db.config(), "SELECT created FROM IMGroupMember WHERE groupId=? AND userId=3", gid))
                .isGreaterThanOrEqualTo(before);
        assertThat(single(db.config(), "SELECT status FROM IMRecentSession WHERE userId=3 AND peerId=? AND type=2", gid)).isZero();
        // what was sent before the re-join does not count as unread
        assertThat(single(db.config(), "SELECT readMsgId FROM TTReadPosition WHERE userId=3 AND peerId=? AND type=2", gid))
                .isEqualTo(1);
        assertThat(version(gid)).isEqualTo(3);
        RedissonClient redis = Storage.openRedis(db.config().redisUrl, 1);
        try {
            String joined = redis.<String, String>getMap(RedisKeys.groupMember(gid)).get("3");
            assertThat(Long.parseLong(joined)).isGreaterThanOrEqualTo(before);
            // TeamTalk's unread snapshot of the group: at the last message when 3 came back
            assertThat(redis.<String, String>getMap(RedisKeys.userGroupCount(3, gid)).get("count")).isEqualTo("1");
        } finally {
            redis.shutdown();
        }
        assertThat(groupText(db.client(), 5, 3, gid, "back").getMsgId()).isEqualTo(2);
    }

    @Test
    void fixedGroupsOnlyLetTheCreatorOrAdminAdd() throws Exception {
        int gid = createOk(db.client(), 1, 1, GroupType.GROUP_TYPE_NORMAL, "fixed", 2);
        assertThat(change(db.client(), 2, 2, gid, ADD, 3).getResultCode()).isEqualTo(1); // a member, not the creator
        assertThat(change(db.client(), 3, 1, gid, ADD, 3).getResultCode()).isZero();
        IMGroupChangeMemberRsp admin = change(db.client(), 4, 0, gid, ADD, 4);
        assertThat(admin.getResultCode()).isZero();
        assertThat(admin.getCurUserIdListList()).containsExactly(1, 2, 3, 4);
        // admin removes anybody, the creator included
        IMGroupChangeMemberRsp adminDel = change(db.client(), 5, 0, gid, DEL, 1, 2);
        assertThat(adminDel.getResultCode()).isZero();
        assertThat(adminDel.getCurUserIdListList()).containsExactly(3, 4);
        assertThat(version(gid)).isEqualTo(4);
    }

    @Test
    void unknownGroupsAndUsersAreRefusedWithoutChanges() throws Exception {
        assertThat(change(db.client(), 1, 0, 4242, ADD, 2).getResultCode()).isEqualTo(1);
        int gid = createOk(db.client(), 2, 1, GroupType.GROUP_TYPE_TMP, "tmp", 2);
        assertThat(change(db.client(), 3, 1, gid, ADD, 3, 999).getResultCode()).isEqualTo(1);
        assertThat(change(db.client(), 4, 1, gid, ADD).getResultCode()).isEqualTo(1); // empty list
        assertThat(column(db.config(), "SELECT userId FROM IMGroupMember WHERE groupId=? ORDER BY userId", gid))
                .containsExactly(1L, 2L);
        EmbeddedStorage.execute(db.config(), "UPDATE IMGroup SET status=1 WHERE id=" + gid);
        assertThat(change(db.client(), 5, 1, gid, ADD, 3).getResultCode()).isEqualTo(1);
        assertThat(version(gid)).isEqualTo(1);
    }

    @Test
    void membershipSurvivesARedisFlush() throws Exception {
        int gid = createOk(db.client(), 1, 1, GroupType.GROUP_TYPE_TMP, "tmp", 2, 3);
        assertThat(change(db.client(), 2, 1, gid, DEL, 3).getResultCode()).isZero();
        assertThat(groupText(db.client(), 3, 2, gid, "one").getMsgId()).isEqualTo(1);

        EmbeddedStorage.flushRedis();

        assertThat(groupText(db.client(), 4, 2, gid, "two").getMsgId()).isEqualTo(2);
        IMMsgData outsider = groupText(db.client(), 5, 3, gid, "still out");
        assertThat(outsider.getMsgId()).isZero();
        assertThat(outsider.getTtStoreResult()).isEqualTo(MsgStoreResult.STORE_NOT_MEMBER_VALUE);
        assertThat(info(db.client(), 6, 2, gid, 0).getGroupInfoList(0).getGroupMemberListList()).containsExactly(1, 2);

        // a change right after the flush starts from MySQL too
        EmbeddedStorage.flushRedis();
        IMGroupChangeMemberRsp add = change(db.client(), 7, 1, gid, ADD, 4);
        assertThat(add.getCurUserIdListList()).containsExactly(1, 2, 4);
        assertThat(groupText(db.client(), 8, 4, gid, "new here").getMsgId()).isEqualTo(3);
        RedissonClient redis = Storage.openRedis(db.config().redisUrl, 1);
        try {
            assertThat(redis.<String, String>getMap(RedisKeys.groupMember(gid)).readAllMap()).containsOnlyKeys("1", "2", "4");
        } finally {
            redis.shutdown();
        }
    }
}
