package io.teamtalkj.dbproxy;

import static io.teamtalkj.dbproxy.GroupTestSupport.call;
import static io.teamtalkj.dbproxy.GroupTestSupport.createOk;
import static io.teamtalkj.dbproxy.GroupTestSupport.info;
import static io.teamtalkj.dbproxy.GroupTestSupport.single;
import static io.teamtalkj.dbproxy.GroupTestSupport.users;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.mogujie.tt.protobuf.IMBaseDefine.GroupType;
import com.mogujie.tt.protobuf.IMBaseDefine.ShieldStatus;
import com.mogujie.tt.protobuf.IMGroup.IMGroupShieldReq;
import com.mogujie.tt.protobuf.IMGroup.IMGroupShieldRsp;
import com.mogujie.tt.protobuf.IMServer.IMGroupGetShieldReq;
import com.mogujie.tt.protobuf.IMServer.IMGroupGetShieldRsp;
import io.teamtalkj.dbproxy.storage.RedisKeys;
import io.teamtalkj.dbproxy.storage.Storage;
import io.teamtalkj.dbproxy.testing.DbProxyFixture;
import io.teamtalkj.dbproxy.testing.EmbeddedStorage;
import io.teamtalkj.pdu.CommandId;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.api.RedissonClient;

/** Group push mutes: set by members, read in bulk, kept in TeamTalk's Redis hash and in MySQL. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class GroupShieldIT {
    @RegisterExtension
    final DbProxyFixture db = new DbProxyFixture();

    @BeforeEach
    void start() throws Exception {
        users(db.config(), 1, 2, 3, 4);
    }

    private IMGroupShieldRsp shield(int seq, int user, int gid, int status) throws Exception {
        IMGroupShieldRsp rsp = call(db.client(), CommandId.CID_GROUP_SHIELD_GROUP_REQUEST, seq, IMGroupShieldReq.newBuilder()
                .setUserId(user).setGroupId(gid).setShieldStatus(status).setAttachData(ByteString.copyFromUtf8("s" + seq))
                .build(), CommandId.CID_GROUP_SHIELD_GROUP_RESPONSE, IMGroupShieldRsp.parser());
        assertThat(rsp.getUserId()).isEqualTo(user);
        assertThat(rsp.getGroupId()).isEqualTo(gid);
        assertThat(rsp.getAttachData().toStringUtf8()).isEqualTo("s" + seq);
        return rsp;
    }

    private Map<Integer, Integer> statuses(int seq, int gid, int... userIds) throws Exception {
        IMGroupGetShieldReq.Builder req = IMGroupGetShieldReq.newBuilder().setGroupId(gid)
                .setAttachData(ByteString.copyFromUtf8("g"));
        for (int u : userIds) {
            req.addUserId(u);
        }
        IMGroupGetShieldRsp rsp = call(db.client(), CommandId.CID_OTHER_GET_SHIELD_REQ, seq, req.build(),
                CommandId.CID_OTHER_GET_SHIELD_RSP, IMGroupGetShieldRsp.parser());
        assertThat(rsp.getGroupId()).isEqualTo(gid);
        assertThat(rsp.getAttachData().toStringUtf8()).isEqualTo("g");
        assertThat(rsp.getShieldStatusListList()).allMatch(s -> s.getGroupId() == gid);
        assertThat(rsp.getShieldStatusListList()).extracting(ShieldStatus::getUserId)
                .containsExactlyElementsOf(Arrays.stream(userIds).boxed().distinct().toList());
        Map<Integer, Integer> out = new LinkedHashMap<>();
        rsp.getShieldStatusListList().forEach(s -> out.put(s.getUserId(), s.getShieldStatus()));
        return out;
    }

    @Test
    void membersMuteAndUnmuteAndTheHashUsesTeamTalksLayout() throws Exception {
        int gid = createOk(db.client(), 1, 1, GroupType.GROUP_TYPE_TMP, "tmp", 2, 3);
        assertThat(statuses(2, gid, 1, 2, 3)).isEqualTo(Map.of(1, 0, 2, 0, 3, 0));

        assertThat(shield(3, 2, gid, 1).getResultCode()).isZero();
        assertThat(statuses(4, gid, 1, 2, 3, 2)).containsEntry(2, 1).containsEntry(1, 0).containsEntry(3, 0);
        assertThat(info(db.client(), 5, 2, gid, 0).getGroupInfoList(0).getShieldStatus()).isEqualTo(1);
        assertThat(info(db.client(), 6, 1, gid, 0).getGroupInfoList(0).getShieldStatus()).isZero();

        RedissonClient redis = Storage.openRedis(db.config().redisUrl, 1);
        try {
            assertThat(redis.<String, String>getMap(RedisKeys.groupSet(gid)).get("2_1")).isEqualTo("1");
        } finally {
            redis.shutdown();
        }
        assertThat(single(db.config(), "SELECT shield FROM TTGroupShield WHERE groupId=? AND userId=2", gid)).isEqualTo(1);

        assertThat(shield(7, 2, gid, 0).getResultCode()).isZero();
        assertThat(statuses(8, gid, 2)).containsEntry(2, 0);
    }

    @Test
    void nonMembersAndBadValuesAreRefused() throws Exception {
        int gid = createOk(db.client(), 1, 1, GroupType.GROUP_TYPE_TMP, "tmp", 2);
        assertThat(shield(2, 4, gid, 1).getResultCode()).isEqualTo(1);
        assertThat(shield(3, 2, gid, 7).getResultCode()).isEqualTo(1);
        assertThat(shield(4, 2, 9999, 1).getResultCode()).isEqualTo(1);
        assertThat(single(db.config(), "SELECT COUNT(*) FROM TTGroupShield")).isZero();
        assertThat(statuses(5, gid, 4, 2)).containsEntry(4, 0).containsEntry(2, 0);
    }

    @Test
    void mutesSurviveARedisFlush() throws Exception {
        int gid = createOk(db.client(), 1, 1, GroupType.GROUP_TYPE_TMP, "tmp", 2, 3);
        assertThat(shield(2, 3, gid, 1).getResultCode()).isZero();
        EmbeddedStorage.flushRedis();
        assertThat(statuses(3, gid, 1, 2, 3)).containsEntry(3, 1).containsEntry(1, 0).containsEntry(2, 0);
        assertThat(info(db.client(), 4, 3, gid, 0).getGroupInfoList(0).getShieldStatus()).isEqualTo(1);
        // the rebuilt hash answers without MySQL: prove it by changing the row behind its back
        EmbeddedStorage.execute(db.config(), "UPDATE TTGroupShield SET shield=0 WHERE groupId=" + gid);
        assertThat(statuses(5, gid, 3)).containsEntry(3, 1);
    }

    @Test
    void emptyUserListAnswersAnEmptyList() throws Exception {
        int gid = createOk(db.client(), 1, 1, GroupType.GROUP_TYPE_TMP, "tmp", 2);
        assertThat(statuses(2, gid)).isEmpty();
    }
}
