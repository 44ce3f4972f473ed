package io.teamtalkj.dbproxy.admin;

import io.grpc.stub.StreamObserver;
import io.teamtalkj.control.admin.AddDepartmentRequest;
import io.teamtalkj.control.admin.AddUserRequest;
import io.teamtalkj.control.admin.AddUserResponse;
import io.teamtalkj.control.admin.CreateGroupRequest;
import io.teamtalkj.control.admin.DbAdminGrpc;
import io.teamtalkj.control.admin.Department;
import io.teamtalkj.control.admin.Group;
import io.teamtalkj.control.admin.GroupMembersRequest;
import io.teamtalkj.control.admin.GroupMembersResponse;
import io.teamtalkj.control.admin.ListDepartmentsRequest;
import io.teamtalkj.control.admin.GovernGroupRequest;
import io.teamtalkj.control.admin.GovernGroupResponse;
import io.teamtalkj.control.admin.ListDepartmentsResponse;
import io.teamtalkj.control.admin.ListGroupsRequest;
import io.teamtalkj.control.admin.ListGroupsResponse;
import io.teamtalkj.control.admin.ListUsersRequest;
import io.teamtalkj.control.admin.ListUsersResponse;
import io.teamtalkj.control.admin.SetPasswordRequest;
import io.teamtalkj.control.admin.User;
import io.teamtalkj.control.admin.UserRef;
import io.teamtalkj.dbproxy.core.DbContext;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DbAdmin gRPC service (teamtalk/admin.proto) on the dbproxy control port: users,
 * departments and groups for operators, so nobody edits the TeamTalk tables by hand.
 *
 * <p>Calls run on gRPC's executor threads (never a Netty event loop) and block on JDBC there.
 * Argument problems come back as INVALID_ARGUMENT / NOT_FOUND / ALREADY_EXISTS; database
 * failures as INTERNAL.
 */
public final class DbAdminService extends DbAdminGrpc.DbAdminImplBase {
    private static final Logger log = LoggerFactory.getLogger(DbAdminService.class);

    private final AdminUsers users;
    private final AdminDepartments departments;
    private final AdminGroups groups;
    private final AdminGovernance governance;

    public DbAdminService(DbContext ctx) {
        this.users = new AdminUsers(ctx);
        this.departments = new AdminDepartments(ctx);
        this.groups = new AdminGroups(ctx);
        this.governance = new AdminGovernance(ctx);
    }

    private static <T> void answer(String rpc, StreamObserver<T> observer, AdminRpc.Call<T> call) {
        AdminRpc.answer(log, "admin", rpc, observer, call);
    }

    @Override
    public void addUser(AddUserRequest request, StreamObserver<AddUserResponse> observer) {
        answer("AddUser", observer, () -> {
            User u = users.add(request);
            log.info("admin: added user {} (id {})", u.getName(), Integer.toUnsignedString(u.getId()));
            return AddUserResponse.newBuilder().setUserId(u.getId()).setUser(u).build();
        });
    }

    @Override
    public void listUsers(ListUsersRequest request, StreamObserver<ListUsersResponse> observer) {
        answer("ListUsers", observer, () -> ListUsersResponse.newBuilder().addAllUsers(users.list(request)).build());
    }

    @Override
    public void disableUser(UserRef request, StreamObserver<User> observer) {
        answer("DisableUser", observer, () -> {
            User u = users.setStatus(request, AdminUsers.DISABLED);
            log.info("admin: disabled user {} (id {})", u.getName(), Integer.toUnsignedString(u.getId()));
            return u;
        });
    }

    @Override
    public void enableUser(UserRef request, StreamObserver<User> observer) {
        answer("EnableUser", observer, () -> {
            User u = users.setStatus(request, AdminUsers.ACTIVE);
            log.info("admin: enabled user {} (id {})", u.getName(), Integer.toUnsignedString(u.getId()));
            return u;
        });
    }

    @Override
    public void setPassword(SetPasswordRequest request, StreamObserver<User> observer) {
        answer("SetPassword", observer, () -> {
            User u = users.setPassword(request.getName(), request.getPassword());
            log.info("admin: new password for user {} (id {})", u.getName(), Integer.toUnsignedString(u.getId()));
            return u;
        });
    }

    @Override
    public void addDepartment(AddDepartmentRequest request, StreamObserver<Department> observer) {
        answer("AddDepartment", observer, () -> {
            Department d = departments.add(request);
            log.info("admin: added department {} (id {})", d.getName(), Integer.toUnsignedString(d.getId()));
            return d;
        });
    }

    @Override
    public void listDepartments(ListDepartmentsRequest request, StreamObserver<ListDepartmentsResponse> observer) {
        answer("ListDepartments", observer, () -> ListDepartmentsResponse.newBuilder()
                .addAllDepartments(departments.list(request.getIncludeDeleted())).build());
    }

    @Override
    public void createGroup(CreateGroupRequest request, StreamObserver<Group> observer) {
        answer("CreateGroup", observer, () -> groups.create(request));
    }

    @Override
    public void listGroups(ListGroupsRequest request, StreamObserver<ListGroupsResponse> observer) {
        answer("ListGroups", observer, () -> ListGroupsResponse.newBuilder().addAllGroups(groups.list(request)).build());
    }

    @Override
    public void addGroupMembers(GroupMembersRequest request, StreamObserver<GroupMembersResponse> observer) {
        answer("AddGroupMembers", observer, () -> groups.addMembers(request));
    }

    @Override
    public void removeGroupMembers(GroupMembersRequest request, StreamObserver<GroupMembersResponse> observer) {
        answer("RemoveGroupMembers", observer, () -> groups.removeMembers(request));
    }

    @Override
    public void governGroup(GovernGroupRequest request, StreamObserver<GovernGroupResponse> observer) {
        answer("GovernGroup", observer, () -> {
            try {
                return governance.govern(request);
            } catch (SQLException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        });
    }
}
