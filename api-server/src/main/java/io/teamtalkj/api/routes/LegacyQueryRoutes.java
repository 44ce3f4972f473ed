package io.teamtalkj.api.routes;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.mogujie.tt.protobuf.IMBaseDefine.GroupModifyType;
import com.mogujie.tt.protobuf.IMBaseDefine.GroupType;
import com.mogujie.tt.protobuf.IMGroup.IMGroupChangeMemberRsp;
import com.mogujie.tt.protobuf.IMGroup.IMGroupCreateRsp;
import io.javalin.http.Context;
import io.teamtalkj.api.ApiError;
import io.teamtalkj.api.Json;
import io.teamtalkj.api.auth.AppEntry;
import io.teamtalkj.api.auth.Authenticator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TeamTalk's http_msg_server endpoints, for back-offices written against it: the same request
 * JSON, and replies byte for byte as it wrote them (JsonCpp's styled output: keys sorted, three
 * spaces, " : ", a newline at the end; Content-Type text/html;charset=utf-8; its error codes and
 * Chinese messages). Unlike the original, app_key must be a real application's key with the
 * groups scope; over quota is 429 and expired 403, in the same shape.
 */
public final class LegacyQueryRoutes {
    private static final Logger log = LoggerFactory.getLogger(LegacyQueryRoutes.class);

    @JsonIgnoreProperties(ignoreUnknown = true)
    record CreateGroup(Long req_user_id, String app_key, String group_name, Long group_type, String group_avatar,
                       List<Long> user_id_list) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ChangeMembers(Long req_user_id, String app_key, Long group_id, Long modify_type, List<Long> user_id_list) {
    }

    private final Authenticator auth;
    private final GroupOps groups;
    private final Directory directory;
    private final int maxRecipients;

    public LegacyQueryRoutes(Authenticator auth, GroupOps groups, Directory directory, int maxRecipients) {
        this.auth = auth;
        this.groups = groups;
        this.directory = directory;
        this.maxRecipients = maxRecipients;
    }

    public List<ApiRoute> routes() {
        return List.of(
                new ApiRoute("POST", "/query/CreateGroup", "groups", true, (ctx, app, body) -> answer(ctx, () -> {
                    CreateGroup r = parse(body, CreateGroup.class);
                    authenticate(ctx, "POST /query/CreateGroup", body, r.app_key());
                    if (r.group_name() == null || r.group_name().isEmpty() || r.group_type() == null
                            || (r.group_type() != 1 && r.group_type() != 2) || r.user_id_list() == null
                            || r.user_id_list().isEmpty()) {
                        return reply(LegacyReplies.PARAM, null);
                    }
                    List<Integer> members = ids(r.user_id_list());
                    int creator = r.req_user_id() == null ? 0 : Params.parseUint("req_user_id", r.req_user_id().toString());
                    List<Integer> all = new ArrayList<>(members);
                    if (creator != 0) {
                        all.add(creator);
                    }
                    directory.requireActive("user_id_list", all);
                    IMGroupCreateRsp rsp = groups.create(creator, GroupType.forNumber((int) (long) r.group_type()),
                            r.group_name(), r.group_avatar() == null ? "" : r.group_avatar(), members);
                    return rsp.getResultCode() == 0 ? reply(LegacyReplies.SUCCESS, rsp.getGroupId()) : reply(LegacyReplies.CREATE_GROUP, 0);
                })),
                new ApiRoute("POST", "/query/ChangeMembers", "groups", true, (ctx, app, body) -> answer(ctx, () -> {
                    ChangeMembers r = parse(body, ChangeMembers.class);
                    authenticate(ctx, "POST /query/ChangeMembers", body, r.app_key());
                    if (r.group_id() == null || r.group_id() <= 0 || r.modify_type() == null
                            || (r.modify_type() != 1 && r.modify_type() != 2) || r.user_id_list() == null
                            || r.user_id_list().isEmpty()) {
                        return reply(LegacyReplies.PARAM, null);
                    }
                    List<Integer> users = ids(r.user_id_list());
                    GroupModifyType type = GroupModifyType.forNumber((int) (long) r.modify_type());
                    if (type == GroupModifyType.GROUP_MODIFY_TYPE_ADD) {
                        directory.requireActive("user_id_list", users);
                    }
                    IMGroupChangeMemberRsp rsp = groups.change(Params.parseUint("group_id", r.group_id().toString()),
                            type, users);
                    return reply(rsp.getResultCode() == 0 ? LegacyReplies.SUCCESS : LegacyReplies.CHANGE_MEMBER, null);
                })));
    }

    private List<Integer> ids(List<Long> list) {
        return Params.ids("user_id_list", list, maxRecipients);
    }

    private void authenticate(Context ctx, String api, byte[] body, String appKey) {
        AppEntry app = auth.checkLegacy(ctx, api, "groups", body, appKey);
        ctx.attribute("app", app);
    }

    private static <T> T parse(byte[] body, Class<T> type) {
        try {
            return Json.MAPPER.readerFor(type).without(com.fasterxml.jackson.databind.DeserializationFeature
                    .FAIL_ON_UNKNOWN_PROPERTIES).readValue(body);
        } catch (Exception e) {
            throw ApiError.badRequest("malformed JSON");
        }
    }

    @FunctionalInterface
    private interface Body {
        Reply run();
    }

    private record Reply(int status, String json) {
    }

    private static Reply reply(int code, Integer groupId) {
        return new Reply(200, groupId == null ? LegacyReplies.result(code) : LegacyReplies.createGroup(code, groupId));
    }

    /** Runs the endpoint, mapping refusals to TeamTalk's codes (auth problems keep their HTTP status). */
    private static void answer(Context ctx, Body body) {
        Reply r;
        try {
            r = body.run();
        } catch (ApiError e) {
            int code = switch (e.status()) {
                case 400, 404 -> LegacyReplies.PARAM;
                case 401 -> LegacyReplies.APPKEY;
                case 403, 429 -> LegacyReplies.INTERFACE;
                default -> LegacyReplies.SERVER_EXCEPTION;
            };
            // TeamTalk's message, and ours when it says more than the original's generic one
            Map<String, Object> fields = LegacyReplies.fields(code, e.status() == 400 || e.status() == 429
                    || e.status() == 403 ? LegacyReplies.MESSAGES.get(code) + ": " + e.getMessage()
                    : LegacyReplies.MESSAGES.get(code));
            if (e.quota() != null) {
                fields.put("quota", e.quota());
            }
            int status = e.status() == 403 || e.status() == 429 ? e.status() : 200;
            log.info("{} {} from {}: {}", ctx.method(), ctx.path(), ctx.ip(), e.getMessage());
            r = new Reply(status, LegacyReplies.styled(fields));
        }
        ctx.status(r.status()).contentType("text/html;charset=utf-8").result(r.json().getBytes(StandardCharsets.UTF_8));
    }

}
