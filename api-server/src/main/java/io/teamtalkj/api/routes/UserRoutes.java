package io.teamtalkj.api.routes;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.teamtalkj.api.Json;
import io.teamtalkj.api.StoreClient;
import io.teamtalkj.control.admin.ListUsersRequest;
import io.teamtalkj.control.admin.SetPasswordRequest;
import io.teamtalkj.control.admin.User;
import io.teamtalkj.control.admin.UserRef;
import io.teamtalkj.control.api.SyncUserRequest;
import io.teamtalkj.control.api.SyncUserResponse;
import java.util.List;

/** /v1/users: sync (create or update by name), get, list, disable/enable, password, department. */
public final class UserRoutes {
    /** PUT /v1/users/{name}: every field optional; password required only to create. */
    record SyncBody(String password, String nick, Integer sex, Long department_id, String email, String phone,
                    String avatar) {
    }

    record PasswordBody(String password) {
    }

    record DepartmentBody(Long department_id) {
    }

    private final StoreClient store;
    private final Directory directory;

    public UserRoutes(StoreClient store, Directory directory) {
        this.store = store;
        this.directory = directory;
    }

    public List<ApiRoute> routes() {
        return List.of(
                ApiRoute.of("PUT", "/v1/users/{name}", "users", (ctx, app, body) -> {
                    SyncBody b = Json.read(body, SyncBody.class);
                    SyncUserRequest.Builder r = SyncUserRequest.newBuilder().setName(ctx.pathParam("name"));
                    if (b.password() != null) {
                        r.setPassword(b.password());
                    }
                    if (b.nick() != null) {
                        r.setNick(b.nick());
                    }
                    if (b.sex() != null) {
                        Params.require(b.sex() >= 0 && b.sex() <= 2, "sex must be 0 (unknown), 1 (male) or 2 (female)");
                        r.setSex(b.sex());
                    }
                    if (b.department_id() != null) {
                        r.setDepartmentId(Params.parseUint("department_id", b.department_id().toString()));
                    }
                    if (b.email() != null) {
                        r.setEmail(b.email());
                    }
                    if (b.phone() != null) {
                        r.setPhone(b.phone());
                    }
                    if (b.avatar() != null) {
                        r.setAvatar(b.avatar());
                    }
                    SyncUserResponse rsp = StoreClient.call(() -> store.store().syncUser(r.build()));
                    ObjectNode out = Directory.json(rsp.getUser());
                    out.put("created", rsp.getCreated());
                    ctx.status(rsp.getCreated() ? 201 : 200).json(out);
                }),
                ApiRoute.of("GET", "/v1/users/{name}", "users", (ctx, app, body) -> ctx.json(Directory.json(
                        StoreClient.call(() -> store.store().getUser(UserRef.newBuilder().setName(ctx.pathParam("name"))
                                .build()))))),
                ApiRoute.of("GET", "/v1/users", "users", (ctx, app, body) -> {
                    ListUsersRequest.Builder r = ListUsersRequest.newBuilder()
                            .setNamePrefix(ctx.queryParam("prefix") == null ? "" : ctx.queryParam("prefix"))
                            .setIncludeDisabled(Params.queryBool(ctx, "include_disabled"))
                            .setLimit(Params.queryUint(ctx, "limit", 100));
                    int department = Params.queryUint(ctx, "department_id", 0);
                    if (department != 0) {
                        r.setLimit(10_000);
                    }
                    ArrayNode users = Json.MAPPER.createArrayNode();
                    for (User u : StoreClient.call(() -> store.admin().listUsers(r.build())).getUsersList()) {
                        if (department == 0 || u.getDepartmentId() == department) {
                            users.add(Directory.json(u));
                        }
                    }
                    ObjectNode out = Json.object();
                    out.set("users", users);
                    ctx.json(out);
                }),
                ApiRoute.of("POST", "/v1/users/{name}/disable", "users", (ctx, app, body) -> {
                    User u = StoreClient.call(() -> store.admin().disableUser(UserRef.newBuilder()
                            .setName(ctx.pathParam("name")).build()));
                    directory.forget(u.getId());
                    ctx.json(Directory.json(u));
                }),
                ApiRoute.of("POST", "/v1/users/{name}/enable", "users", (ctx, app, body) -> ctx.json(Directory.json(
                        StoreClient.call(() -> store.admin().enableUser(UserRef.newBuilder()
                                .setName(ctx.pathParam("name")).build()))))),
                ApiRoute.of("PUT", "/v1/users/{name}/password", "users", (ctx, app, body) -> {
                    PasswordBody b = Json.read(body, PasswordBody.class);
                    Params.require(b.password() != null && !b.password().isEmpty(), "password must not be empty");
                    ctx.json(Directory.json(StoreClient.call(() -> store.admin().setPassword(SetPasswordRequest
                            .newBuilder().setName(ctx.pathParam("name")).setPassword(b.password()).build()))));
                }),
                ApiRoute.of("PUT", "/v1/users/{name}/department", "users", (ctx, app, body) -> {
                    DepartmentBody b = Json.read(body, DepartmentBody.class);
                    Params.require(b.department_id() != null, "department_id is required (0 for none)");
                    int dep = Params.parseUint("department_id", b.department_id().toString());
                    // the user must exist: a sync would create it
                    StoreClient.call(() -> store.store().getUser(UserRef.newBuilder().setName(ctx.pathParam("name")).build()));
                    ctx.json(Directory.json(StoreClient.call(() -> store.store().syncUser(SyncUserRequest.newBuilder()
                            .setName(ctx.pathParam("name")).setDepartmentId(dep).build())).getUser()));
                }));
    }
}
