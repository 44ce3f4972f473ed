package io.teamtalkj.dbproxy.admin;

import io.grpc.stub.StreamObserver;
import io.teamtalkj.control.api.AddAppRequest;
import io.teamtalkj.control.api.AddAppResponse;
import io.teamtalkj.control.api.AddUsageRequest;
import io.teamtalkj.control.api.AddUsageResponse;
import io.teamtalkj.control.api.ApiStoreGrpc;
import io.teamtalkj.control.api.App;
import io.teamtalkj.control.api.AppStatsRequest;
import io.teamtalkj.control.api.AppStatsResponse;
import io.teamtalkj.control.api.ListAppsRequest;
import io.teamtalkj.control.api.ListAppsResponse;
import io.teamtalkj.control.api.SyncUserRequest;
import io.teamtalkj.control.api.SyncUserResponse;
import io.teamtalkj.control.api.UpdateAppRequest;
import io.teamtalkj.dbproxy.core.DbContext;
import java.sql.Connection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ApiStore gRPC service (teamtalk/api.proto) on the dbproxy control port: the api-server's
 * applications, usage counters and user sync. Blocks on JDBC on gRPC's executor, as DbAdmin does.
 */
public final class ApiStoreService extends ApiStoreGrpc.ApiStoreImplBase {
    private static final Logger log = LoggerFactory.getLogger(ApiStoreService.class);

    private final DbContext ctx;
    private final ApiApps apps;
    private final ApiUsage usage;
    private final SyncUsers users;

    public ApiStoreService(DbContext ctx) {
        this.ctx = ctx;
        String masterKey = ctx.config().apiMasterKey;
        if (masterKey.isEmpty()) {
            log.warn("no API master key (--api-master-key-file): api applications cannot be added or listed");
        }
        this.apps = new ApiApps(ctx, masterKey.isEmpty() ? null : new ApiSecretBox(masterKey));
        this.usage = new ApiUsage(ctx);
        this.users = new SyncUsers(ctx, new AdminUsers(ctx));
    }

    private static <T> void answer(String rpc, StreamObserver<T> observer, AdminRpc.Call<T> call) {
        AdminRpc.answer(log, "api store", rpc, observer, call);
    }

    @Override
    public void addApp(AddAppRequest request, StreamObserver<AddAppResponse> observer) {
        answer("AddApp", observer, () -> {
            AddAppResponse r = apps.add(request);
            log.info("admin: added api app {} (id {})", r.getApp().getName(), r.getApp().getId());
            return r;
        });
    }

    @Override
    public void updateApp(UpdateAppRequest request, StreamObserver<App> observer) {
        answer("UpdateApp", observer, () -> apps.update(request));
    }

    @Override
    public void listApps(ListAppsRequest request, StreamObserver<ListAppsResponse> observer) {
        answer("ListApps", observer, () -> ListAppsResponse.newBuilder()
                .addAllApps(apps.list(usage.totals(request.getDay()))).build());
    }

    @Override
    public void addUsage(AddUsageRequest request, StreamObserver<AddUsageResponse> observer) {
        answer("AddUsage", observer, () -> AddUsageResponse.newBuilder().setRows(usage.add(request.getRowsList())).build());
    }

    @Override
    public void appStats(AppStatsRequest request, StreamObserver<AppStatsResponse> observer) {
        answer("AppStats", observer, () -> {
            App app;
            try (Connection c = ctx.storage().connection()) {
                app = switch (request.getAppCase()) {
                    case NAME -> ApiApps.byName(c, request.getName());
                    case ID -> ApiApps.byId(c, request.getId());
                    default -> throw AdminErrors.invalid("give the app's name or id");
                };
            }
            return AppStatsResponse.newBuilder().setApp(app.toBuilder().clearSigningKey())
                    .addAllRows(usage.rows(app.getId(), request.getFromDay(), request.getToDay())).build();
        });
    }

    @Override
    public void getUser(io.teamtalkj.control.admin.UserRef request,
                        StreamObserver<io.teamtalkj.control.admin.User> observer) {
        answer("GetUser", observer, () -> {
            try (Connection c = ctx.storage().connection()) {
                return AdminUsers.load(c, AdminUsers.resolve(c, request));
            }
        });
    }

    @Override
    public void activeUsers(io.teamtalkj.control.api.UserIds request,
                            StreamObserver<io.teamtalkj.control.api.UserIds> observer) {
        answer("ActiveUsers", observer, () -> {
            if (request.getIdsCount() > AdminErrors.MAX_IDS) {
                throw AdminErrors.invalid("more than " + AdminErrors.MAX_IDS + " user ids");
            }
            try (Connection c = ctx.storage().connection()) {
                return io.teamtalkj.control.api.UserIds.newBuilder()
                        .addAllIds(new java.util.TreeSet<>(io.teamtalkj.dbproxy.storage.Users.existing(c,
                                request.getIdsList(), true))).build();
            }
        });
    }

    @Override
    public void groupMembers(io.teamtalkj.control.api.GroupRef request,
                             StreamObserver<io.teamtalkj.control.api.UserIds> observer) {
        answer("GroupMembers", observer, () -> {
            // the member cache the message store uses (Redis, reloaded from MySQL when missing)
            java.util.Map<Integer, Integer> members = ctx.groupMembers().members(request.getGroupId());
            if (members.isEmpty()) {
                throw AdminErrors.notFound("no group with id " + Integer.toUnsignedString(request.getGroupId()));
            }
            return io.teamtalkj.control.api.UserIds.newBuilder().addAllIds(new java.util.TreeSet<>(members.keySet()))
                    .build();
        });
    }

    @Override
    public void rotateSecret(io.teamtalkj.control.api.RotateSecretRequest request,
                             StreamObserver<AddAppResponse> observer) {
        answer("RotateSecret", observer, () -> {
            AddAppResponse r = apps.rotate(request.getName());
            log.info("admin: new secret for api app {} (id {})", r.getApp().getName(), r.getApp().getId());
            return r;
        });
    }

    @Override
    public void syncUser(SyncUserRequest request, StreamObserver<SyncUserResponse> observer) {
        answer("SyncUser", observer, () -> users.sync(request));
    }
}
