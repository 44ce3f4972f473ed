package io.teamtalkj.api.routes;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mogujie.tt.protobuf.IMBaseDefine.GroupModifyType;
import com.mogujie.tt.protobuf.IMBaseDefine.GroupType;
import com.mogujie.tt.protobuf.IMGroup.IMGroupChangeMemberRsp;
import com.mogujie.tt.protobuf.IMGroup.IMGroupCreateRsp;
import io.teamtalkj.api.ApiError;
import io.teamtalkj.api.Json;
import java.util.ArrayList;
import java.util.List;

/** /v1/groups: create, members add and remove; members are notified (0x040b) through the route-server. */
public final class GroupRoutes {
    record CreateBody(String name, String type, String avatar, Long creator_id, List<Long> member_ids) {
    }

    record MembersBody(List<Long> user_ids) {
    }

    private final GroupOps groups;
    private final Directory directory;
    private final int maxRecipients;

    public GroupRoutes(GroupOps groups, Directory directory, int maxRecipients) {
        this.groups = groups;
        this.directory = directory;
        this.maxRecipients = maxRecipients;
    }

    public List<ApiRoute> routes() {
        return List.of(
                ApiRoute.of("POST", "/v1/groups", "groups", (ctx, app, body) -> {
                    CreateBody b = Json.read(body, CreateBody.class);
                    Params.require(b.name() != null && !b.name().isBlank(), "name must not be empty");
                    String type = b.type() == null ? "normal" : b.type();
                    Params.require(type.equals("normal") || type.equals("tmp"), "type must be normal or tmp");
                    List<Integer> members = Params.ids("member_ids", b.member_ids(), maxRecipients);
                    int creator = b.creator_id() == null ? 0 : Params.parseUint("creator_id", b.creator_id().toString());
                    List<Integer> all = new ArrayList<>(members);
                    if (creator != 0) {
                        all.add(creator);
                    }
                    directory.requireActive("member_ids", all);
                    IMGroupCreateRsp rsp = groups.create(creator, type.equals("tmp") ? GroupType.GROUP_TYPE_TMP
                            : GroupType.GROUP_TYPE_NORMAL, b.name(), b.avatar() == null ? "" : b.avatar(), members);
                    if (rsp.getResultCode() != 0) {
                        throw ApiError.badRequest("the dbproxy refused the group (name or avatar too long?)");
                    }
                    ObjectNode out = Json.object();
                    out.put("group_id", Integer.toUnsignedLong(rsp.getGroupId()));
                    out.set("member_ids", Json.MAPPER.valueToTree(rsp.getUserIdListList()));
                    ctx.status(201).json(out);
                }),
                ApiRoute.of("POST", "/v1/groups/{group_id}/members", "groups", (ctx, app, body) ->
                        change(ctx, body, GroupModifyType.GROUP_MODIFY_TYPE_ADD)),
                ApiRoute.of("POST", "/v1/groups/{group_id}/members/remove", "groups", (ctx, app, body) ->
                        change(ctx, body, GroupModifyType.GROUP_MODIFY_TYPE_DEL)));
    }

    private void change(io.javalin.http.Context ctx, byte[] body, GroupModifyType type) {
        int groupId = Params.uint(ctx, "group_id");
        MembersBody b = Json.read(body, MembersBody.class);
        List<Integer> users = Params.ids("user_ids", b.user_ids(), maxRecipients);
        if (type == GroupModifyType.GROUP_MODIFY_TYPE_ADD) {
            directory.requireActive("user_ids", users);
        }
        IMGroupChangeMemberRsp rsp = groups.change(groupId, type, users);
        if (rsp.getResultCode() != 0) {
            throw ApiError.notFound("group " + Integer.toUnsignedString(groupId) + " does not exist or was deleted");
        }
        ObjectNode out = Json.object();
        out.put("group_id", Integer.toUnsignedLong(groupId));
        out.set("member_ids", Json.MAPPER.valueToTree(rsp.getCurUserIdListList()));
        out.set("changed_ids", Json.MAPPER.valueToTree(rsp.getChgUserIdListList()));
        ctx.json(out);
    }
}
