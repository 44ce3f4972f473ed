package io.teamtalkj.dbproxy;

import static io.teamtalkj.dbproxy.testing.DirectoryRows.call;
import static io.teamtalkj.dbproxy.testing.DirectoryRows.user;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.mogujie.tt.protobuf.IMBaseDefine.DepartInfo;
import com.mogujie.tt.protobuf.IMBaseDefine.DepartmentStatusType;
import com.mogujie.tt.protobuf.IMBaseDefine.UserInfo;
import com.mogujie.tt.protobuf.IMBuddy.IMAllUserReq;
import com.mogujie.tt.protobuf.IMBuddy.IMAllUserRsp;
import com.mogujie.tt.protobuf.IMBuddy.IMDepartmentReq;
import com.mogujie.tt.protobuf.IMBuddy.IMDepartmentRsp;
import com.mogujie.tt.protobuf.IMBuddy.IMUsersInfoReq;
import com.mogujie.tt.protobuf.IMBuddy.IMUsersInfoRsp;
import io.teamtalkj.dbproxy.testing.DbProxyFixture;
import io.teamtalkj.dbproxy.testing.EmbeddedStorage;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.testing.PduTestClient;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

@Timeout(value = 2, unit = TimeUnit.MINUTES)
class UsersIT {
    @RegisterExtension
    final DbProxyFixture db = new DbProxyFixture();

    private int seq = 1;

    private IMUsersInfoRsp usersInfo(PduTestClient client, Iterable<Integer> ids) throws Exception {
        IMUsersInfoReq req = IMUsersInfoReq.newBuilder().setUserId(9).addAllUserIdList(ids)
                .setAttachData(ByteString.copyFromUtf8("a" + seq)).build();
        int s = seq++;
        IMUsersInfoRsp rsp = call(client, CommandId.CID_BUDDY_LIST_USER_INFO_REQUEST, s, req,
                CommandId.CID_BUDDY_LIST_USER_INFO_RESPONSE, IMUsersInfoRsp.parser());
        assertThat(rsp.getUserId()).isEqualTo(9);
        assertThat(rsp.getAttachData().toStringUtf8()).isEqualTo("a" + s);
        return rsp;
    }

    private IMAllUserRsp allUsers(PduTestClient client, int since) throws Exception {
        IMAllUserReq req = IMAllUserReq.newBuilder().setUserId(9).setLatestUpdateTime(since)
                .setAttachData(ByteString.copyFromUtf8("x")).build();
        IMAllUserRsp rsp = call(client, CommandId.CID_BUDDY_LIST_ALL_USER_REQUEST, seq++, req,
                CommandId.CID_BUDDY_LIST_ALL_USER_RESPONSE, IMAllUserRsp.parser());
        assertThat(rsp.getUserId()).isEqualTo(9);
        assertThat(rsp.getAttachData().toStringUtf8()).isEqualTo("x");
        return rsp;
    }

    private IMDepartmentRsp departments(PduTestClient client, int since) throws Exception {
        IMDepartmentReq req = IMDepartmentReq.newBuilder().setUserId(9).setLatestUpdateTime(since)
                .setAttachData(ByteString.copyFromUtf8("d")).build();
        IMDepartmentRsp rsp = call(client, CommandId.CID_BUDDY_LIST_DEPARTMENT_REQUEST, seq++, req,
                CommandId.CID_BUDDY_LIST_DEPARTMENT_RESPONSE, IMDepartmentRsp.parser());
        assertThat(rsp.getUserId()).isEqualTo(9);
        assertThat(rsp.getAttachData().toStringUtf8()).isEqualTo("d");
        return rsp;
    }

    private static List<Integer> ids(List<UserInfo> users) {
        return users.stream().map(UserInfo::getUserId).toList();
    }

    @Test
    void usersInfoAnswersKnownIdsInRequestOrderFromOneQuery() throws Exception {
        user(db.config(), 1, "alice", "pw", "1", 0, 100);
        user(db.config(), 2, "bob", "pw", "1", 0, 100);
        user(db.config(), 3, "left", "pw", "1", 3, 100);
        user(db.config(), 600, "far", "pw", "1", 0, 100);
        EmbeddedStorage.execute(db.config(), "UPDATE IMUser SET avatar=NULL, status=NULL WHERE id=2");
        try (PduTestClient client = PduTestClient.connect(db.port())) {
            IMUsersInfoRsp rsp = usersInfo(client, List.of(3, 1, 999, 1, 2));
            assertThat(ids(rsp.getUserInfoListList())).containsExactly(3, 1, 2);
            UserInfo alice = rsp.getUserInfoList(1);
            assertThat(alice.getUserRealName()).isEqualTo("alice");
            assertThat(alice.getUserNickName()).isEqualTo("nick1");
            assertThat(alice.getEmail()).isEqualTo("u1@example.com");
            assertThat(alice.getSignInfo()).isEqualTo("sign1");
            assertThat(rsp.getUserInfoList(0).getStatus()).isEqualTo(3); // shown as left, not hidden
            // NULL columns still fill the required fields
            assertThat(rsp.getUserInfoList(2).getAvatarUrl()).isEmpty();
            assertThat(rsp.getUserInfoList(2).getStatus()).isZero();

            assertThat(usersInfo(client, List.of()).getUserInfoListCount()).isZero();
            assertThat(usersInfo(client, List.of(404, 0, -1)).getUserInfoListCount()).isZero();

            // at most 500 distinct ids are served: id 600 sits past the cap
            List<Integer> many = IntStream.rangeClosed(1, 600).boxed().toList();
            assertThat(ids(usersInfo(client, many).getUserInfoListList())).containsExactly(1, 2, 3);
        }
    }

    @Test
    void allUsersSyncsIncrementallyByWatermark() throws Exception {
        user(db.config(), 1, "a", "pw", "1", 0, 100);
        user(db.config(), 2, "b", "pw", "1", 0, 300);
        user(db.config(), 3, "c", "pw", "1", 0, 200);
        user(db.config(), 4, "left", "pw", "1", 3, 250);
        user(db.config(), 5, "never-stamped", "pw", "1", 0, 0);
        int future = (int) (System.currentTimeMillis() / 1000) + 3600;
        user(db.config(), 6, "stamped-later", "pw", "1", 0, future);
        try (PduTestClient client = PduTestClient.connect(db.port())) {
            IMAllUserRsp first = allUsers(client, 0);
            // first sync: everyone but the user who left, oldest change first; not the row stamped ahead of now
            assertThat(ids(first.getUserListList())).containsExactly(5, 1, 3, 2);
            assertThat(first.getLatestUpdateTime()).isEqualTo(300);

            IMAllUserRsp nothing = allUsers(client, 300);
            assertThat(nothing.getUserListCount()).isZero();
            assertThat(nothing.getLatestUpdateTime()).isEqualTo(300);

            // later syncs include users who left, so clients learn it
            EmbeddedStorage.execute(db.config(), "UPDATE IMUser SET updated=400, nick='renamed' WHERE id=1",
                    "UPDATE IMUser SET updated=410 WHERE id=4");
            IMAllUserRsp changed = allUsers(client, 300);
            assertThat(ids(changed.getUserListList())).containsExactly(1, 4);
            assertThat(changed.getUserList(0).getUserNickName()).isEqualTo("renamed");
            assertThat(changed.getUserList(1).getStatus()).isEqualTo(3);
            assertThat(changed.getLatestUpdateTime()).isEqualTo(410);
            assertThat(allUsers(client, 250).getUserListCount()).isEqualTo(3);
        }
    }

    @Test
    void aLargeDirectoryComesInFramesizedPagesWithoutLosingTies() throws Exception {
        int n = 2400;
        String longSign = "s".repeat(128);
        String longAvatar = "http://img.example.com/" + "a".repeat(220);
        try (Connection c = EmbeddedStorage.jdbc(db.config())) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO IMUser (id, name, nick, avatar, sign_info, status, updated) VALUES (?,?,?,?,?,0,?)")) {
                for (int i = 1; i <= n; i++) {
                    ps.setInt(1, i);
                    ps.setString(2, "user" + i);
                    ps.setString(3, "nick" + i);
                    ps.setString(4, longAvatar);
                    ps.setString(5, longSign);
                    ps.setInt(6, 1000 + i / 7); // runs of 7 users share one updated value
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            c.commit();
        }
        try (PduTestClient client = PduTestClient.connect(db.port())) {
            Set<Integer> seen = new HashSet<>();
            int since = 0;
            int pages = 0;
            while (true) {
                IMAllUserRsp page = allUsers(client, since); // call() checks each frame is <= 400 KiB
                if (page.getUserListCount() == 0) {
                    assertThat(page.getLatestUpdateTime()).isEqualTo(since);
                    break;
                }
                pages++;
                for (UserInfo u : page.getUserListList()) {
                    assertThat(seen.add(u.getUserId())).as("user %d sent twice", u.getUserId()).isTrue();
                }
                assertThat(page.getLatestUpdateTime()).isGreaterThan(since);
                since = page.getLatestUpdateTime();
                assertThat(pages).isLessThan(20);
            }
            assertThat(pages).isGreaterThan(1);
            assertThat(seen).hasSize(n);
        }
    }

    @Test
    void departmentsSyncByWatermark() throws Exception {
        EmbeddedStorage.execute(db.config(),
                "INSERT INTO IMDepart (id, departName, priority, parentId, status, created, updated) VALUES "
                        + "(1, 'Engineering', 1, 0, 0, 1, 100),"
                        + "(2, 'Old team', 2, 1, 1, 1, 200),"
                        + "(3, '市场部', 3, 0, 0, 1, 300),"
                        + "(4, 'odd status', 4, 0, 7, 1, 150)");
        try (PduTestClient client = PduTestClient.connect(db.port())) {
            IMDepartmentRsp all = departments(client, 0);
            assertThat(all.getDeptListList()).extracting(DepartInfo::getDeptId).containsExactly(1, 4, 2, 3);
            assertThat(all.getLatestUpdateTime()).isEqualTo(300);
            DepartInfo eng = all.getDeptList(0);
            assertThat(eng.getDeptName()).isEqualTo("Engineering");
            assertThat(eng.getPriority()).isEqualTo(1);
            assertThat(eng.getParentDeptId()).isZero();
            assertThat(eng.getDeptStatus()).isEqualTo(DepartmentStatusType.DEPT_STATUS_OK);
            assertThat(all.getDeptList(1).getDeptStatus()).isEqualTo(DepartmentStatusType.DEPT_STATUS_DELETE);
            assertThat(all.getDeptList(2).getDeptStatus()).isEqualTo(DepartmentStatusType.DEPT_STATUS_DELETE);
            assertThat(all.getDeptList(2).getParentDeptId()).isEqualTo(1);
            assertThat(all.getDeptList(3).getDeptName()).isEqualTo("市场部");

            IMDepartmentRsp since200 = departments(client, 200);
            assertThat(since200.getDeptListList()).extracting(DepartInfo::getDeptId).containsExactly(3);
            assertThat(since200.getLatestUpdateTime()).isEqualTo(300);

            IMDepartmentRsp none = departments(client, 300);
            assertThat(none.getDeptListCount()).isZero();
            assertThat(none.getLatestUpdateTime()).isEqualTo(300);
        }
    }
}
