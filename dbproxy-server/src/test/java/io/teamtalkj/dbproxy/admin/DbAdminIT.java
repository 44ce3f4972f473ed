package io.teamtalkj.dbproxy.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mogujie.tt.protobuf.IMServer.IMValidateReq;
import com.mogujie.tt.protobuf.IMServer.IMValidateRsp;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.teamtalkj.control.admin.AddDepartmentRequest;
import io.teamtalkj.control.admin.AddUserRequest;
import io.teamtalkj.control.admin.AddUserResponse;
import io.teamtalkj.control.admin.CreateGroupRequest;
import io.teamtalkj.control.admin.DbAdminGrpc;
import io.teamtalkj.control.admin.Department;
import io.teamtalkj.control.admin.Group;
import io.teamtalkj.control.admin.GroupMembersRequest;
import io.teamtalkj.control.admin.GroupMembersResponse;
import io.teamtalkj.control.admin.GroupType;
import io.teamtalkj.control.admin.ListDepartmentsRequest;
import io.teamtalkj.control.admin.ListGroupsRequest;
import io.teamtalkj.control.admin.ListUsersRequest;
import io.teamtalkj.control.admin.SetPasswordRequest;
import io.teamtalkj.control.admin.User;
import io.teamtalkj.control.admin.UserRef;
import io.teamtalkj.control.proto.ComponentHealth;
import io.teamtalkj.control.proto.HealthCheckRequest;
import io.teamtalkj.control.proto.HealthCheckResponse;
import io.teamtalkj.control.proto.ServingStatus;
import io.teamtalkj.control.proto.TierHealthGrpc;
import io.teamtalkj.dbproxy.handler.Handlers;
import io.teamtalkj.dbproxy.storage.Passwords;
import io.teamtalkj.dbproxy.storage.RedisKeys;
import io.teamtalkj.dbproxy.storage.Relations;
import io.teamtalkj.dbproxy.testing.DbProxyFixture;
import io.teamtalkj.dbproxy.testing.EmbeddedStorage;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Pdu;
import io.teamtalkj.testing.PduTestClient;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.function.Executable;

/**
 * The DbAdmin gRPC service against a real dbproxy (embedded MariaDB + redis-server): what each
 * call leaves in the TeamTalk tables, and the statuses of bad calls. One server for the class;
 * each test uses its own user and group names.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class DbAdminIT {
    @RegisterExtension
    final DbProxyFixture db = new DbProxyFixture();

    private ManagedChannel channel;
    private DbAdminGrpc.DbAdminBlockingStub admin;

    @BeforeAll
    void start() throws Exception {
        channel = ManagedChannelBuilder.forAddress("127.0.0.1", db.server().controlPort()).usePlaintext().build();
        admin = DbAdminGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    @AfterAll
    void stop() throws Exception {
        if (channel != null) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private DbAdminGrpc.DbAdminBlockingStub admin() {
        return DbAdminGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    private int addUser(String name, String password) {
        return admin().addUser(AddUserRequest.newBuilder().setName(name).setPassword(password).build()).getUserId();
    }

    private static void assertStatus(Status.Code code, String messagePart, Executable call) {
        assertThatThrownBy(call::execute)
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(code);
                    assertThat(e.getStatus().getDescription()).contains(messagePart);
                });
    }

    /** Column values of the rows a query returns, as strings. */
    private List<List<String>> rows(String sql, Object... args) throws Exception {
        List<List<String>> out = new ArrayList<>();
        try (Connection c = EmbeddedStorage.jdbc(db.config()); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                int cols = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    List<String> row = new ArrayList<>();
                    for (int i = 1; i <= cols; i++) {
                        row.add(rs.getString(i));
                    }
                    out.add(row);
                }
            }
        }
        return out;
    }

    private Map<String, String> userRow(int id) throws Exception {
        Map<String, String> row = new LinkedHashMap<>();
        try (Connection c = EmbeddedStorage.jdbc(db.config());
             PreparedStatement ps = c.prepareStatement("SELECT * FROM IMUser WHERE id=?")) {
            ps.setInt(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("IMUser row %d", id).isTrue();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.put(rs.getMetaData().getColumnLabel(i), rs.getString(i));
                }
            }
        }
        return row;
    }

    private static boolean passwordMatches(Map<String, String> row, String plaintext) {
        return Passwords.verify(Passwords.clientDigest(plaintext), row.get("password"), row.get("salt"));
    }

    /**
     * The login check. IMValidateReq (0x0703) is served by ValidateHandler, which lands from another
     * branch; until it is registered here the stored row is checked the way that handler checks it
     * (Passwords.verify of the client's md5hex). Once it is registered the login also goes through
     * the protocol.
     */
    private void assertCanLogIn(int userId, String name, String password, boolean expected) throws Exception {
        assertThat(passwordMatches(userRow(userId), password)).isEqualTo(expected);
        if (Handlers.all().stream().anyMatch(h -> h.commandId() == CommandId.CID_OTHER_VALIDATE_REQ)) {
            try (PduTestClient client = PduTestClient.connect(db.port())) {
                client.send(CommandId.CID_OTHER_VALIDATE_REQ, 3, IMValidateReq.newBuilder().setUserName(name)
                        .setPassword(Passwords.clientDigest(password)).build());
                Pdu reply = client.receive();
                assertThat(reply.commandId()).isEqualTo(CommandId.CID_OTHER_VALIDATE_RSP);
                IMValidateRsp rsp = reply.parse(IMValidateRsp.parser());
                if (expected) {
                    assertThat(rsp.getResultCode()).isZero();
                    assertThat(rsp.getUserInfo().getUserId()).isEqualTo(userId);
                } else {
                    assertThat(rsp.getResultCode()).isNotZero();
                }
            }
        }
    }

    @Test
    void addedUserIsStoredWithASlowHashAndCanLogIn() throws Exception {
        Department dept = admin().addDepartment(AddDepartmentRequest.newBuilder().setName("Sales").setPriority(2).build());
        AddUserResponse added = admin().addUser(AddUserRequest.newBuilder().setName("alice").setPassword("s3cret pass")
                .setNick("Alice A.").setSex(2).setDepartmentId(dept.getId()).setEmail("alice@example.com")
                .setPhone("13800000000").build());
        int id = added.getUserId();
        assertThat(id).isPositive();
        assertThat(added.getUser().getName()).isEqualTo("alice");
        assertThat(added.getUser().getStatus()).isZero();

        Map<String, String> row = userRow(id);
        assertThat(row).containsEntry("name", "alice").containsEntry("nick", "Alice A.").containsEntry("sex", "2")
                .containsEntry("departId", Integer.toString(dept.getId())).containsEntry("email", "alice@example.com")
                .containsEntry("phone", "13800000000").containsEntry("domain", "alice").containsEntry("status", "0")
                .containsEntry("salt", "");
        assertThat(row.get("password")).startsWith(Passwords.PREFIX).doesNotContain("s3cret");
        long now = System.currentTimeMillis() / 1000;
        assertThat(Long.parseLong(row.get("updated"))).isBetween(now - 60, now + 1);
        assertThat(row.get("created")).isEqualTo(row.get("updated"));

        assertCanLogIn(id, "alice", "s3cret pass", true);
        assertCanLogIn(id, "alice", "s3cret pas", false);

        // an explicit domain (pinyin) is kept; an empty nick falls back to the name
        int bob = admin().addUser(AddUserRequest.newBuilder().setName("bob").setPassword("x").setDomain("").build()).getUserId();
        assertThat(userRow(bob)).containsEntry("domain", "").containsEntry("nick", "bob").containsEntry("departId", "0");
    }

    @Test
    void duplicateNameIsAlreadyExistsAndChangesNothing() throws Exception {
        int id = addUser("dup", "one");
        assertStatus(Status.Code.ALREADY_EXISTS, "dup", () -> addUser("dup", "two"));
        assertThat(rows("SELECT id FROM IMUser WHERE name='dup'")).containsExactly(List.of(Integer.toString(id)));
        assertThat(passwordMatches(userRow(id), "one")).isTrue();
    }

    @Test
    void badUserArgumentsAreInvalidArgument() throws Exception {
        assertStatus(Status.Code.INVALID_ARGUMENT, "empty", () -> addUser("", "pw"));
        assertStatus(Status.Code.INVALID_ARGUMENT, "empty", () -> addUser("   ", "pw"));
        assertStatus(Status.Code.INVALID_ARGUMENT, "spaces", () -> addUser(" padded", "pw"));
        assertStatus(Status.Code.INVALID_ARGUMENT, "must not contain spaces (got 'alice smith')",
                () -> addUser("alice smith", "pw"));
        assertStatus(Status.Code.INVALID_ARGUMENT, "control characters", () -> addUser("bell\u0007", "pw"));
        assertStatus(Status.Code.INVALID_ARGUMENT, "password", () -> addUser("nopass", ""));
        assertStatus(Status.Code.INVALID_ARGUMENT, "32", () -> addUser("n".repeat(33), "pw"));
        assertStatus(Status.Code.INVALID_ARGUMENT, "sex", () -> admin().addUser(
                AddUserRequest.newBuilder().setName("sexy").setPassword("pw").setSex(7).build()));
        assertStatus(Status.Code.INVALID_ARGUMENT, "department 999", () -> admin().addUser(
                AddUserRequest.newBuilder().setName("nodept").setPassword("pw").setDepartmentId(999).build()));
        assertStatus(Status.Code.INVALID_ARGUMENT, "phone", () -> admin().addUser(
                AddUserRequest.newBuilder().setName("longphone").setPassword("pw").setPhone("1".repeat(12)).build()));
        assertThat(rows("SELECT id FROM IMUser WHERE name IN ('nopass','sexy','nodept','longphone')")).isEmpty();

        assertStatus(Status.Code.INVALID_ARGUMENT, "id or name", () -> admin().disableUser(UserRef.getDefaultInstance()));
        assertStatus(Status.Code.NOT_FOUND, "nobody", () -> admin().disableUser(UserRef.newBuilder().setName("nobody").build()));
        assertStatus(Status.Code.NOT_FOUND, "424242", () -> admin().enableUser(UserRef.newBuilder().setId(424242).build()));
        assertStatus(Status.Code.NOT_FOUND, "nobody", () -> admin().setPassword(
                SetPasswordRequest.newBuilder().setName("nobody").setPassword("x").build()));
        assertStatus(Status.Code.INVALID_ARGUMENT, "empty", () -> admin().setPassword(
                SetPasswordRequest.newBuilder().setName("").setPassword("x").build()));
    }

    @Test
    void disableAndEnableSetStatusAndBumpUpdated() throws Exception {
        int id = addUser("carol", "pw");
        EmbeddedStorage.execute(db.config(), "UPDATE IMUser SET updated=1000 WHERE id=" + id);

        User disabled = admin().disableUser(UserRef.newBuilder().setName("carol").build());
        assertThat(disabled.getStatus()).isEqualTo(3);
        Map<String, String> row = userRow(id);
        assertThat(row).containsEntry("status", "3");
        assertThat(Long.parseLong(row.get("updated"))).isGreaterThan(1000);

        // the directory without disabled users leaves carol out; with them, she is there
        assertThat(admin().listUsers(ListUsersRequest.newBuilder().setNamePrefix("carol").build()).getUsersList()).isEmpty();
        assertThat(admin().listUsers(ListUsersRequest.newBuilder().setNamePrefix("carol").setIncludeDisabled(true).build())
                .getUsersList()).extracting(User::getId, User::getStatus).containsExactly(org.assertj.core.groups.Tuple.tuple(id, 3));

        EmbeddedStorage.execute(db.config(), "UPDATE IMUser SET updated=1000 WHERE id=" + id);
        User enabled = admin().enableUser(UserRef.newBuilder().setId(id).build());
        assertThat(enabled.getStatus()).isZero();
        assertThat(userRow(id)).containsEntry("status", "0");
        assertThat(Long.parseLong(userRow(id).get("updated"))).isGreaterThan(1000);

        // enabling an enabled user changes nothing, not even updated
        EmbeddedStorage.execute(db.config(), "UPDATE IMUser SET updated=1000 WHERE id=" + id);
        admin().enableUser(UserRef.newBuilder().setName("carol").build());
        assertThat(userRow(id)).containsEntry("updated", "1000");
    }

    @Test
    void setPasswordReplacesTheHashAndClearsLoginFailures() throws Exception {
        int id = addUser("dave", "old password");
        // a TeamTalk md5 row is replaced by our format as well
        EmbeddedStorage.execute(db.config(), "UPDATE IMUser SET password=MD5(CONCAT(MD5('old password'),'1234')), salt='1234' WHERE id=" + id);
        assertThat(passwordMatches(userRow(id), "old password")).isTrue();
        db.redis().getScoredSortedSet(RedisKeys.loginFailures("dave")).add(1.0, "1");

        User u = admin().setPassword(SetPasswordRequest.newBuilder().setName("dave").setPassword("new password").build());
        assertThat(u.getId()).isEqualTo(id);
        Map<String, String> row = userRow(id);
        assertThat(row.get("password")).startsWith(Passwords.PREFIX);
        assertThat(row).containsEntry("salt", "");
        // checked before the login attempts below, since a failed attempt records a new failure
        assertThat(db.redis().getKeys().countExists(RedisKeys.loginFailures("dave"))).isZero();
        assertCanLogIn(id, "dave", "new password", true);
        assertCanLogIn(id, "dave", "old password", false);
        assertStatus(Status.Code.INVALID_ARGUMENT, "password", () -> admin().setPassword(
                SetPasswordRequest.newBuilder().setName("dave").setPassword("").build()));
    }

    @Test
    void listUsersFiltersByLiteralPrefixAndLimits() {
        addUser("list_a1", "pw");
        addUser("list_a2", "pw");
        addUser("listXa3", "pw");
        assertThat(admin().listUsers(ListUsersRequest.newBuilder().setNamePrefix("list_").build()).getUsersList())
                .extracting(User::getName).containsExactly("list_a1", "list_a2");
        assertThat(admin().listUsers(ListUsersRequest.newBuilder().setNamePrefix("list").setLimit(2).build()).getUsersList())
                .extracting(User::getName).containsExactly("list_a1", "list_a2");
        assertThat(admin().listUsers(ListUsersRequest.newBuilder().setNamePrefix("%").build()).getUsersList()).isEmpty();
        assertThat(admin().listUsers(ListUsersRequest.newBuilder().setNamePrefix("list").build()).getUsersList())
                .allSatisfy(u -> assertThat(u.getId()).isPositive());
    }

    @Test
    void departmentsAreAddedAndListed() throws Exception {
        Department eng = admin().addDepartment(AddDepartmentRequest.newBuilder().setName("Engineering").setPriority(5).build());
        Department backend = admin().addDepartment(AddDepartmentRequest.newBuilder().setName("Backend")
                .setPriority(1).setParentId(eng.getId()).build());
        assertThat(backend.getParentId()).isEqualTo(eng.getId());
        assertThat(rows("SELECT departName, priority, parentId, status FROM IMDepart WHERE id=?", backend.getId()))
                .containsExactly(List.of("Backend", "1", Integer.toString(eng.getId()), "0"));
        assertThat(backend.getUpdated()).isPositive();

        List<Department> all = admin().listDepartments(ListDepartmentsRequest.getDefaultInstance()).getDepartmentsList();
        assertThat(all).extracting(Department::getId).contains(eng.getId(), backend.getId());
        assertThat(all).filteredOn(d -> d.getId() == eng.getId()).singleElement()
                .satisfies(d -> {
                    assertThat(d.getName()).isEqualTo("Engineering");
                    assertThat(d.getPriority()).isEqualTo(5);
                    assertThat(d.getParentId()).isZero();
                });

        assertStatus(Status.Code.ALREADY_EXISTS, "Backend", () -> admin().addDepartment(
                AddDepartmentRequest.newBuilder().setName("Backend").setParentId(eng.getId()).build()));
        // the same name under another parent is a different department
        admin().addDepartment(AddDepartmentRequest.newBuilder().setName("Backend").build());
        assertStatus(Status.Code.INVALID_ARGUMENT, "parent department 9999", () -> admin().addDepartment(
                AddDepartmentRequest.newBuilder().setName("Orphan").setParentId(9999).build()));
        assertStatus(Status.Code.INVALID_ARGUMENT, "empty", () -> admin().addDepartment(AddDepartmentRequest.getDefaultInstance()));
        assertThat(rows("SELECT id FROM IMDepart WHERE departName IN ('Orphan', '')")).isEmpty();
    }

    @Test
    void groupsAreCreatedWithMembersSessionsAndVersion1() throws Exception {
        int owner = addUser("g_owner", "pw");
        int m1 = addUser("g_m1", "pw");
        int m2 = addUser("g_m2", "pw");
        Group g = admin().createGroup(CreateGroupRequest.newBuilder().setName("Team").setAvatar("http://a/x.png")
                .setType(GroupType.NORMAL).setCreatorId(owner).addMemberIds(m1).addMemberIds(m2).addMemberIds(m1).build());
        int gid = g.getId();
        assertThat(gid).isPositive();
        assertThat(g.getMemberIdsList()).containsExactly(owner, m1, m2);
        assertThat(g.getVersion()).isEqualTo(1);
        assertThat(rows("SELECT name, avatar, creator, type, userCnt, status, version FROM IMGroup WHERE id=?", gid))
                .containsExactly(List.of("Team", "http://a/x.png", Integer.toString(owner), "1", "3", "0", "1"));
        assertThat(rows("SELECT userId, status FROM IMGroupMember WHERE groupId=? ORDER BY userId", gid)).containsExactly(
                List.of(Integer.toString(owner), "0"), List.of(Integer.toString(m1), "0"), List.of(Integer.toString(m2), "0"));
        assertThat(rows("SELECT userId, status FROM IMRecentSession WHERE peerId=? AND type=2 ORDER BY userId", gid)).containsExactly(
                List.of(Integer.toString(owner), "0"), List.of(Integer.toString(m1), "0"), List.of(Integer.toString(m2), "0"));
        assertThat(db.server().context().groupMembers().members(gid).keySet()).containsExactlyInAnyOrder(owner, m1, m2);

        Group tmp = admin().createGroup(CreateGroupRequest.newBuilder().setName("Chat").setType(GroupType.TMP)
                .addMemberIds(m2).build());
        assertThat(tmp.getType()).isEqualTo(GroupType.TMP);
        assertThat(rows("SELECT type, creator, userCnt FROM IMGroup WHERE id=?", tmp.getId())).containsExactly(List.of("2", "0", "1"));

        // filtered listing: m1 is only in "Team"; m2 in both, each with its members
        assertThat(admin().listGroups(ListGroupsRequest.newBuilder().setMemberId(m1).build()).getGroupsList())
                .extracting(Group::getId).containsExactly(gid);
        List<Group> ofM2 = admin().listGroups(ListGroupsRequest.newBuilder().setMemberId(m2).build()).getGroupsList();
        assertThat(ofM2).extracting(Group::getId).containsExactly(gid, tmp.getId());
        assertThat(ofM2.get(0).getMemberIdsList()).containsExactly(owner, m1, m2);
        assertThat(ofM2.get(1).getMemberIdsList()).containsExactly(m2);
        assertThat(ofM2.get(0).getName()).isEqualTo("Team");
        assertThat(admin().listGroups(ListGroupsRequest.getDefaultInstance()).getGroupsList())
                .extracting(Group::getId).contains(gid, tmp.getId());
    }

    @Test
    void memberChangesBumpVersionReactivateAndRefreshTheCache() throws Exception {
        int a = addUser("mc_a", "pw");
        int b = addUser("mc_b", "pw");
        int c = addUser("mc_c", "pw");
        int gid = admin().createGroup(CreateGroupRequest.newBuilder().setName("Changing").setCreatorId(a).build()).getId();
        // fill the Redis member hash, so a stale cache would show
        assertThat(db.server().context().groupMembers().members(gid).keySet()).containsExactly(a);
        // the group has history: new members start with it read
        String table = Relations.groupMessageTable(gid);
        EmbeddedStorage.execute(db.config(), "INSERT INTO " + table + " (groupId, userId, msgId, content, type, created, updated) "
                + "VALUES (" + gid + ", " + a + ", 1, 'x', 17, 1, 1), (" + gid + ", " + a + ", 2, 'y', 17, 1, 1)");

        GroupMembersResponse added = admin().addGroupMembers(GroupMembersRequest.newBuilder().setGroupId(gid)
                .addUserIds(b).addUserIds(c).addUserIds(a).build());
        assertThat(added.getMemberIdsList()).containsExactly(a, b, c);
        assertThat(added.getVersion()).isEqualTo(2);
        assertThat(rows("SELECT version, userCnt FROM IMGroup WHERE id=?", gid)).containsExactly(List.of("2", "3"));
        assertThat(db.server().context().groupMembers().members(gid).keySet()).containsExactlyInAnyOrder(a, b, c);
        assertThat(rows("SELECT userId, readMsgId FROM TTReadPosition WHERE peerId=? AND type=2 ORDER BY userId", gid))
                .containsExactly(List.of(Integer.toString(b), "2"), List.of(Integer.toString(c), "2"));
        assertThat(rows("SELECT COUNT(*) FROM IMRecentSession WHERE peerId=? AND type=2 AND status=0", gid))
                .containsExactly(List.of("3"));

        // adding members who are already in changes nothing
        GroupMembersResponse again = admin().addGroupMembers(GroupMembersRequest.newBuilder().setGroupId(gid).addUserIds(b).build());
        assertThat(again.getVersion()).isEqualTo(2);
        assertThat(again.getMemberIdsList()).containsExactly(a, b, c);

        GroupMembersResponse removed = admin().removeGroupMembers(GroupMembersRequest.newBuilder().setGroupId(gid)
                .addUserIds(b).build());
        assertThat(removed.getMemberIdsList()).containsExactly(a, c);
        assertThat(removed.getVersion()).isEqualTo(3);
        assertThat(rows("SELECT status FROM IMGroupMember WHERE groupId=? AND userId=?", gid, b)).containsExactly(List.of("1"));
        assertThat(rows("SELECT status FROM IMRecentSession WHERE userId=? AND peerId=? AND type=2", b, gid)).containsExactly(List.of("1"));
        assertThat(rows("SELECT version, userCnt FROM IMGroup WHERE id=?", gid)).containsExactly(List.of("3", "2"));
        assertThat(db.server().context().groupMembers().members(gid).keySet()).containsExactlyInAnyOrder(a, c);

        // removing a non-member is a no-op
        assertThat(admin().removeGroupMembers(GroupMembersRequest.newBuilder().setGroupId(gid).addUserIds(b).build())
                .getVersion()).isEqualTo(3);

        // coming back re-activates the same member row with a new join time
        EmbeddedStorage.execute(db.config(), "UPDATE IMGroupMember SET created=5 WHERE groupId=" + gid + " AND userId=" + b);
        GroupMembersResponse back = admin().addGroupMembers(GroupMembersRequest.newBuilder().setGroupId(gid).addUserIds(b).build());
        assertThat(back.getVersion()).isEqualTo(4);
        assertThat(back.getMemberIdsList()).containsExactly(a, b, c);
        List<List<String>> memberRows = rows("SELECT status, created FROM IMGroupMember WHERE groupId=? AND userId=?", gid, b);
        assertThat(memberRows).hasSize(1);
        assertThat(memberRows.get(0).get(0)).isEqualTo("0");
        assertThat(Long.parseLong(memberRows.get(0).get(1))).isGreaterThan(5);
        assertThat(rows("SELECT status FROM IMRecentSession WHERE userId=? AND peerId=? AND type=2", b, gid)).containsExactly(List.of("0"));
        assertThat(db.server().context().groupMembers().members(gid).keySet()).containsExactlyInAnyOrder(a, b, c);
    }

    @Test
    void badGroupArgumentsAreRejectedWithoutChanges() throws Exception {
        int u = addUser("bg_u", "pw");
        int gone = addUser("bg_gone", "pw");
        admin().disableUser(UserRef.newBuilder().setId(gone).build());
        List<List<String>> groupsBefore = rows("SELECT COUNT(*) FROM IMGroup");

        assertStatus(Status.Code.INVALID_ARGUMENT, "empty", () -> admin().createGroup(
                CreateGroupRequest.newBuilder().addMemberIds(u).build()));
        assertStatus(Status.Code.INVALID_ARGUMENT, "at least one member", () -> admin().createGroup(
                CreateGroupRequest.newBuilder().setName("Nobody").build()));
        assertStatus(Status.Code.INVALID_ARGUMENT, "777777", () -> admin().createGroup(
                CreateGroupRequest.newBuilder().setName("Ghosts").addMemberIds(u).addMemberIds(777777).build()));
        assertStatus(Status.Code.INVALID_ARGUMENT, Integer.toString(gone), () -> admin().createGroup(
                CreateGroupRequest.newBuilder().setName("Leavers").setCreatorId(gone).addMemberIds(u).build()));
        assertStatus(Status.Code.INVALID_ARGUMENT, "type", () -> admin().createGroup(
                CreateGroupRequest.newBuilder().setName("Odd").setTypeValue(9).addMemberIds(u).build()));
        assertThat(rows("SELECT COUNT(*) FROM IMGroup")).isEqualTo(groupsBefore);

        int gid = admin().createGroup(CreateGroupRequest.newBuilder().setName("Real").addMemberIds(u).build()).getId();
        assertStatus(Status.Code.NOT_FOUND, "888888", () -> admin().addGroupMembers(
                GroupMembersRequest.newBuilder().setGroupId(888888).addUserIds(u).build()));
        assertStatus(Status.Code.NOT_FOUND, "888888", () -> admin().removeGroupMembers(
                GroupMembersRequest.newBuilder().setGroupId(888888).addUserIds(u).build()));
        assertStatus(Status.Code.INVALID_ARGUMENT, "group_id", () -> admin().addGroupMembers(
                GroupMembersRequest.newBuilder().addUserIds(u).build()));
        assertStatus(Status.Code.INVALID_ARGUMENT, "user_ids", () -> admin().addGroupMembers(
                GroupMembersRequest.newBuilder().setGroupId(gid).build()));
        assertStatus(Status.Code.INVALID_ARGUMENT, "777777", () -> admin().addGroupMembers(
                GroupMembersRequest.newBuilder().setGroupId(gid).addUserIds(777777).build()));
        assertStatus(Status.Code.INVALID_ARGUMENT, "disabled", () -> admin().addGroupMembers(
                GroupMembersRequest.newBuilder().setGroupId(gid).addUserIds(gone).build()));
        assertStatus(Status.Code.INVALID_ARGUMENT, "777777", () -> admin().removeGroupMembers(
                GroupMembersRequest.newBuilder().setGroupId(gid).addUserIds(777777).build()));
        assertThat(rows("SELECT version, userCnt FROM IMGroup WHERE id=?", gid)).containsExactly(List.of("1", "1"));
        assertThat(rows("SELECT userId FROM IMGroupMember WHERE groupId=?", gid)).containsExactly(List.of(Integer.toString(u)));

        EmbeddedStorage.execute(db.config(), "UPDATE IMGroup SET status=1 WHERE id=" + gid);
        assertStatus(Status.Code.NOT_FOUND, "deleted", () -> admin().addGroupMembers(
                GroupMembersRequest.newBuilder().setGroupId(gid).addUserIds(u).build()));
    }

    @Test
    void tierHealthOnTheSamePortIsServingWithMysqlAndRedis() {
        HealthCheckResponse health = TierHealthGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                .check(HealthCheckRequest.getDefaultInstance());
        assertThat(health.getStatus()).isEqualTo(ServingStatus.SERVING);
        assertThat(health.getTier()).isEqualTo("dbproxy-server");
        Map<String, ServingStatus> components = health.getComponentsList().stream()
                .collect(Collectors.toMap(ComponentHealth::getName, ComponentHealth::getStatus));
        assertThat(components).containsOnly(Map.entry("mysql", ServingStatus.SERVING), Map.entry("redis", ServingStatus.SERVING));
    }
}
