package io.teamtalkj.dbproxy;

import static io.teamtalkj.dbproxy.GroupTestSupport.call;
import static io.teamtalkj.dbproxy.GroupTestSupport.column;
import static io.teamtalkj.dbproxy.GroupTestSupport.create;
import static io.teamtalkj.dbproxy.GroupTestSupport.createOk;
import static io.teamtalkj.dbproxy.GroupTestSupport.createReq;
import static io.teamtalkj.dbproxy.GroupTestSupport.info;
import static io.teamtalkj.dbproxy.GroupTestSupport.single;
import static io.teamtalkj.dbproxy.GroupTestSupport.text;
import static io.teamtalkj.dbproxy.GroupTestSupport.users;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.mogujie.tt.protobuf.IMBaseDefine.GroupInfo;
import com.mogujie.tt.protobuf.IMBaseDefine.GroupModifyType;
import com.mogujie.tt.protobuf.IMBaseDefine.GroupType;
import com.mogujie.tt.protobuf.IMBaseDefine.GroupVersionInfo;
import com.mogujie.tt.protobuf.IMGroup.IMGroupCreateRsp;
import com.mogujie.tt.protobuf.IMGroup.IMGroupInfoListReq;
import com.mogujie.tt.protobuf.IMGroup.IMGroupInfoListRsp;
import com.mogujie.tt.protobuf.IMGroup.IMNormalGroupListReq;
import com.mogujie.tt.protobuf.IMGroup.IMNormalGroupListRsp;
import io.teamtalkj.dbproxy.storage.RedisKeys;
import io.teamtalkj.dbproxy.storage.Storage;
import io.teamtalkj.dbproxy.testing.DbProxyFixture;
import io.teamtalkj.dbproxy.testing.EmbeddedStorage;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.testing.PduTestClient;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.api.RedissonClient;

/** Create, info, fixed-group list, versions and input validation of groups. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class GroupIT {
    @RegisterExtension
    final DbProxyFixture db = new DbProxyFixture();

    @BeforeEach
    void start() throws Exception {
        users(db.config(), 1, 2, 3, 4);
    }

    @Test
    void createStoresGroupMembersSessionsAndRedisAndEchoesAttachData() throws Exception {
        long before = System.currentTimeMillis() / 1000;
        IMGroupCreateRsp rsp;
        try (PduTestClient client = PduTestClient.connect(db.port())) {
            // duplicates merged, creator (1) added although not listed
            rsp = create(client, 11, createReq(1, GroupType.GROUP_TYPE_TMP, "team", 2, 3, 2, 3)
                    .toBuilder().setAttachData(ByteString.copyFromUtf8("conn-7")).build());
        }
        assertThat(rsp.getResultCode()).isZero();
        assertThat(rsp.getUserId()).isEqualTo(1);
        assertThat(rsp.getGroupName()).isEqualTo("team");
        assertThat(rsp.getAttachData().toStringUtf8()).isEqualTo("conn-7");
        assertThat(rsp.getUserIdListList()).containsExactly(2, 3, 1);
        int gid = rsp.getGroupId();
        assertThat(gid).isPositive();

        assertThat(single(db.config(), "SELECT type FROM IMGroup WHERE id=?", gid)).isEqualTo(2);
        assertThat(single(db.config(), "SELECT creator FROM IMGroup WHERE id=?", gid)).isEqualTo(1);
        assertThat(single(db.config(), "SELECT version FROM IMGroup WHERE id=?", gid)).isEqualTo(1);
        assertThat(single(db.config(), "SELECT status FROM IMGroup WHERE id=?", gid)).isZero();
        assertThat(single(db.config(), "SELECT userCnt FROM IMGroup WHERE id=?", gid)).isEqualTo(3);
        assertThat(single(db.config(), "SELECT created FROM IMGroup WHERE id=?", gid)).isBetween(before, before + 60);
        assertThat(text(db.config(), "SELECT avatar FROM IMGroup WHERE id=?", gid)).isEqualTo("http://img/4.png");
        assertThat(column(db.config(), "SELECT userId FROM IMGroupMember WHERE groupId=? AND status=0 ORDER BY userId", gid))
                .containsExactly(1L, 2L, 3L);
        assertThat(column(db.config(), "SELECT userId FROM IMRecentSession WHERE peerId=? AND type=2 AND status=0 ORDER BY userId", gid))
                .containsExactly(1L, 2L, 3L);

        RedissonClient redis = Storage.openRedis(db.config().redisUrl, 1);
        try {
            Map<String, String> hash = redis.<String, String>getMap(RedisKeys.groupMember(gid)).readAllMap();
            assertThat(hash).containsOnlyKeys("1", "2", "3");
            assertThat(Long.parseLong(hash.get("2"))).isBetween(before, before + 60);
            assertThat(redis.<String>getBucket(RedisKeys.groupMsgId(gid)).get()).isEqualTo("0");
        } finally {
            redis.shutdown();
        }
    }

    @Test
    void infoListsEveryRequiredFieldAndOnlyNewerVersions() throws Exception {
        try (PduTestClient client = PduTestClient.connect(db.port())) {
            int g1 = createOk(client, 1, 1, GroupType.GROUP_TYPE_TMP, "one", 2);
            int g2 = createOk(client, 2, 1, GroupType.GROUP_TYPE_NORMAL, "two", 2, 3);

            IMGroupInfoListRsp all = call(client, CommandId.CID_GROUP_INFO_REQUEST, 3, IMGroupInfoListReq.newBuilder()
                    .setUserId(2).setAttachData(ByteString.copyFromUtf8("a"))
                    .addGroupVersionList(GroupVersionInfo.newBuilder().setGroupId(g1).setVersion(0))
                    .addGroupVersionList(GroupVersionInfo.newBuilder().setGroupId(g2).setVersion(0))
                    .addGroupVersionList(GroupVersionInfo.newBuilder().setGroupId(9999).setVersion(0))
                    .build(), CommandId.CID_GROUP_INFO_RESPONSE, IMGroupInfoListRsp.parser());
            assertThat(all.getUserId()).isEqualTo(2);
            assertThat(all.getAttachData().toStringUtf8()).isEqualTo("a");
            assertThat(all.getGroupInfoListList()).extracting(GroupInfo::getGroupId).containsExactly(g1, g2);
            GroupInfo one = all.getGroupInfoList(0);
            assertThat(one.getVersion()).isEqualTo(1);
            assertThat(one.getGroupName()).isEqualTo("one");
            assertThat(one.getGroupAvatar()).isEqualTo("http://img/3.png");
            assertThat(one.getGroupCreatorId()).isEqualTo(1);
            assertThat(one.getGroupType()).isEqualTo(GroupType.GROUP_TYPE_TMP);
            assertThat(one.getShieldStatus()).isZero();
            assertThat(one.getGroupMemberListList()).containsExactly(1, 2);
            GroupInfo two = all.getGroupInfoList(1);
            assertThat(two.getGroupType()).isEqualTo(GroupType.GROUP_TYPE_NORMAL);
            assertThat(two.getGroupMemberListList()).containsExactly(1, 2, 3);

            // the client already has version 1 of both: nothing to send
            assertThat(info(client, 4, 2, g1, 1, g2, 1).getGroupInfoListCount()).isZero();
            // a membership change bumps g1 to version 2: only g1 comes back
            assertThat(GroupTestSupport.change(client, 5, 1, g1, GroupModifyType.GROUP_MODIFY_TYPE_ADD, 3)
                    .getResultCode()).isZero();
            IMGroupInfoListRsp newer = info(client, 6, 2, g1, 1, g2, 1);
            assertThat(newer.getGroupInfoListList()).extracting(GroupInfo::getGroupId).containsExactly(g1);
            assertThat(newer.getGroupInfoList(0).getVersion()).isEqualTo(2);
            assertThat(newer.getGroupInfoList(0).getGroupMemberListList()).containsExactly(1, 2, 3);
            assertThat(info(client, 7, 2, g1, 2).getGroupInfoListCount()).isZero();
        }
    }

    @Test
    void temporaryGroupInfoIsHiddenFromNonMembersButFixedGroupsAreNot() throws Exception {
        try (PduTestClient client = PduTestClient.connect(db.port())) {
            int tmp = createOk(client, 1, 1, GroupType.GROUP_TYPE_TMP, "private", 2);
            int fixed = createOk(client, 2, 1, GroupType.GROUP_TYPE_NORMAL, "company", 2);
            IMGroupInfoListRsp outsider = info(client, 3, 4, tmp, 0, fixed, 0);
            assertThat(outsider.getGroupInfoListList()).extracting(GroupInfo::getGroupId).containsExactly(fixed);
            // user 0 (internal) sees both
            assertThat(info(client, 4, 0, tmp, 0, fixed, 0).getGroupInfoListCount()).isEqualTo(2);
        }
    }

    @Test
    void normalGroupListHasOnlyTheUsersFixedGroupsWithVersions() throws Exception {
        try (PduTestClient client = PduTestClient.connect(db.port())) {
            int fixedA = createOk(client, 1, 1, GroupType.GROUP_TYPE_NORMAL, "A", 2, 3);
            int fixedB = createOk(client, 2, 1, GroupType.GROUP_TYPE_NORMAL, "B", 3);
            createOk(client, 3, 2, GroupType.GROUP_TYPE_TMP, "tmp", 1, 3);
            int deleted = createOk(client, 4, 1, GroupType.GROUP_TYPE_NORMAL, "gone", 3);
            EmbeddedStorage.execute(db.config(), "UPDATE IMGroup SET status=1 WHERE id=" + deleted);
            // the creator removes user 2 from A: A goes to version 2 and is no longer 2's
            assertThat(GroupTestSupport.change(client, 5, 1, fixedA, GroupModifyType.GROUP_MODIFY_TYPE_DEL, 2)
                    .getResultCode()).isZero();

            IMNormalGroupListRsp list3 = call(client, CommandId.CID_GROUP_NORMAL_LIST_REQUEST, 6,
                    IMNormalGroupListReq.newBuilder().setUserId(3).setAttachData(ByteString.copyFromUtf8("x")).build(),
                    CommandId.CID_GROUP_NORMAL_LIST_RESPONSE, IMNormalGroupListRsp.parser());
            assertThat(list3.getUserId()).isEqualTo(3);
            assertThat(list3.getAttachData().toStringUtf8()).isEqualTo("x");
            assertThat(list3.getGroupVersionListList()).extracting(GroupVersionInfo::getGroupId)
                    .containsExactly(fixedA, fixedB);
            assertThat(list3.getGroupVersionListList()).extracting(GroupVersionInfo::getVersion).containsExactly(2, 1);

            IMNormalGroupListRsp list2 = call(client, CommandId.CID_GROUP_NORMAL_LIST_REQUEST, 7,
                    IMNormalGroupListReq.newBuilder().setUserId(2).build(),
                    CommandId.CID_GROUP_NORMAL_LIST_RESPONSE, IMNormalGroupListRsp.parser());
            assertThat(list2.getGroupVersionListCount()).isZero(); // removed from A, tmp groups not listed
            assertThat(list2.hasAttachData()).isFalse();
        }
    }

    @Test
    void groupNamesWithSqlMetacharactersAreStoredLiterally() throws Exception {
        String nasty = "'; DROP TABLE IMGroup; -- \\\" %_ `x` 组 \uD83D\uDE00";
        try (PduTestClient client = PduTestClient.connect(db.port())) {
            IMGroupCreateRsp rsp = create(client, 1, createReq(1, GroupType.GROUP_TYPE_TMP, nasty, 2)
                    .toBuilder().setGroupAvatar("x' OR '1'='1").build());
            assertThat(rsp.getResultCode()).isZero();
            assertThat(rsp.getGroupName()).isEqualTo(nasty);
            assertThat(text(db.config(), "SELECT name FROM IMGroup WHERE id=?", rsp.getGroupId())).isEqualTo(nasty);
            assertThat(text(db.config(), "SELECT avatar FROM IMGroup WHERE id=?", rsp.getGroupId())).isEqualTo("x' OR '1'='1");
            GroupInfo info = info(client, 2, 1, rsp.getGroupId(), 0).getGroupInfoList(0);
            assertThat(info.getGroupName()).isEqualTo(nasty);
        }
        assertThat(single(db.config(), "SELECT COUNT(*) FROM IMGroup")).isEqualTo(1);
    }

    @Test
    void invalidCreatesAnswerResultOneAndStoreNothing() throws Exception {
        try (PduTestClient client = PduTestClient.connect(db.port())) {
            IMGroupCreateRsp empty = create(client, 1, createReq(1, GroupType.GROUP_TYPE_TMP, "", 2));
            assertThat(empty.getResultCode()).isEqualTo(1);
            assertThat(empty.hasGroupId()).isFalse();
            assertThat(empty.getUserIdListCount()).isZero();

            assertThat(create(client, 2, createReq(1, GroupType.GROUP_TYPE_TMP, "   ", 2)).getResultCode()).isEqualTo(1);
            assertThat(create(client, 3, createReq(1, GroupType.GROUP_TYPE_TMP, "no members")).getResultCode()).isEqualTo(1);
            assertThat(create(client, 4, createReq(1, GroupType.GROUP_TYPE_TMP, "x".repeat(257), 2)).getResultCode())
                    .isEqualTo(1);
            // unknown user ids refuse the whole request (decision: no silent dropping)
            IMGroupCreateRsp unknown = create(client, 5, createReq(1, GroupType.GROUP_TYPE_TMP, "ghosts", 2, 777));
            assertThat(unknown.getResultCode()).isEqualTo(1);
            assertThat(unknown.getGroupName()).isEqualTo("ghosts");
            assertThat(create(client, 6, createReq(555, GroupType.GROUP_TYPE_TMP, "ghost creator", 2)).getResultCode())
                    .isEqualTo(1);

            // 256 characters (emoji count as one) are fine
            String longest = "\uD83D\uDE00".repeat(256);
            IMGroupCreateRsp ok = create(client, 7, createReq(1, GroupType.GROUP_TYPE_TMP, longest, 2));
            assertThat(ok.getResultCode()).isZero();
            assertThat(text(db.config(), "SELECT name FROM IMGroup WHERE id=?", ok.getGroupId())).isEqualTo(longest);
        }
        assertThat(single(db.config(), "SELECT COUNT(*) FROM IMGroup")).isEqualTo(1);
        assertThat(single(db.config(), "SELECT COUNT(*) FROM IMGroupMember")).isEqualTo(2);
        assertThat(single(db.config(), "SELECT COUNT(*) FROM IMRecentSession")).isEqualTo(2);
    }

    @Test
    void adminCreatesAFixedGroupWithoutBecomingAMember() throws Exception {
        try (PduTestClient client = PduTestClient.connect(db.port())) {
            IMGroupCreateRsp rsp = create(client, 1, createReq(0, GroupType.GROUP_TYPE_NORMAL, "all hands", 1, 2, 3));
            assertThat(rsp.getResultCode()).isZero();
            assertThat(rsp.getUserIdListList()).containsExactly(1, 2, 3);
            assertThat(single(db.config(), "SELECT type FROM IMGroup WHERE id=?", rsp.getGroupId())).isEqualTo(1);
            assertThat(single(db.config(), "SELECT creator FROM IMGroup WHERE id=?", rsp.getGroupId())).isZero();
        }
    }
}
