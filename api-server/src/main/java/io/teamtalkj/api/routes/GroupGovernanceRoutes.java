package io.teamtalkj.api.routes;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.MessageLite;
import io.teamtalkj.api.ApiError;
import io.teamtalkj.api.Json;
import io.teamtalkj.pdu.GroupExtCommandId;
import io.teamtalkj.pdu.groupext.GroupExtRsp;
import io.teamtalkj.pdu.groupext.GroupMembersReq;
import io.teamtalkj.pdu.groupext.GroupMuteReq;
import io.teamtalkj.pdu.groupext.GroupQueryReq;
import io.teamtalkj.pdu.groupext.GroupSettingsReq;
import io.teamtalkj.pdu.groupext.MutedMember;
import java.util.List;

/**
 * Group governance (issue 18) over HTTP: kick, mute, unmute, admins, transfer, mute-all, dismiss,
 * quit and the muted list, each acting as the {@code operator_id} the application names. The
 * dbproxy applies the same rules as for a client's request (so an operator without the role gets
 * 403); {@link GroupGovernanceOps} sends the request and pushes what follows.
 */
public final class GroupGovernanceRoutes {
    record OperatorBody(Long operator_id) {
    }

    record TargetsBody(Long operator_id, List<Long> user_ids, String reason) {
    }

    record AdminsBody(Long operator_id, List<Long> user_ids, Boolean admin) {
    }

    record TransferBody(Long operator_id, Long to_user_id) {
    }

    record MuteBody(Long operator_id, List<Long> user_ids, Long until, String reason) {
    }

    record MuteAllBody(Long operator_id, Boolean on) {
    }

    private static final String PREFIX = "/v1/groups/{group_id}/";

    private final GroupGovernanceOps ops;
    private final int maxRecipients;

    public GroupGovernanceRoutes(GroupGovernanceOps ops, int maxRecipients) {
        this.ops = ops;
        this.maxRecipients = maxRecipients;
    }

    public List<ApiRoute> routes() {
        return List.of(
                post("kick", GroupExtCommandId.KICK_REQ, (group, body) -> {
                    TargetsBody b = Json.read(body, TargetsBody.class);
                    return GroupMembersReq.newBuilder()
                            .setUserId(operator(b.operator_id())).setGroupId(group)
                            .addAllTargetIds(Params.ids("user_ids", b.user_ids(), maxRecipients))
                            .setReason(b.reason() == null ? "" : b.reason()).build();
                }),
                post("admins", GroupExtCommandId.SET_ADMIN_REQ, (group, body) -> {
                    AdminsBody b = Json.read(body, AdminsBody.class);
                    Params.require(b.admin() != null, "admin must be true (set) or false (unset)");
                    return GroupMembersReq.newBuilder()
                            .setUserId(operator(b.operator_id())).setGroupId(group)
                            .addAllTargetIds(Params.ids("user_ids", b.user_ids(), maxRecipients))
                            .setAdmin(b.admin()).build();
                }),
                post("transfer", GroupExtCommandId.TRANSFER_OWNER_REQ, (group, body) -> {
                    TransferBody b = Json.read(body, TransferBody.class);
                    Params.require(b.to_user_id() != null, "to_user_id is required");
                    return GroupMembersReq.newBuilder()
                            .setUserId(operator(b.operator_id())).setGroupId(group)
                            .addAllTargetIds(Params.ids("to_user_id", List.of(b.to_user_id()), 1)).build();
                }),
                post("mute", GroupExtCommandId.MUTE_REQ, (group, body) -> {
                    MuteBody b = Json.read(body, MuteBody.class);
                    int until = b.until() == null ? 0 : Params.parseUint("until", b.until().toString());
                    return GroupMuteReq.newBuilder()
                            .setUserId(operator(b.operator_id())).setGroupId(group)
                            .addAllTargetIds(Params.ids("user_ids", b.user_ids(), maxRecipients)).setUntilTime(until)
                            .setReason(b.reason() == null ? "" : b.reason()).build();
                }),
                post("unmute", GroupExtCommandId.UNMUTE_REQ, (group, body) -> {
                    TargetsBody b = Json.read(body, TargetsBody.class);
                    return GroupMembersReq.newBuilder()
                            .setUserId(operator(b.operator_id())).setGroupId(group)
                            .addAllTargetIds(Params.ids("user_ids", b.user_ids(), maxRecipients)).build();
                }),
                post("mute-all", GroupExtCommandId.MUTE_ALL_REQ, (group, body) -> {
                    MuteAllBody b = Json.read(body, MuteAllBody.class);
                    Params.require(b.on() != null, "on must be true or false");
                    return GroupSettingsReq.newBuilder()
                            .setUserId(operator(b.operator_id())).setGroupId(group).setMuteAll(b.on()).build();
                }),
                post("dismiss", GroupExtCommandId.DISMISS_REQ, (group, body) -> GroupMembersReq.newBuilder()
                        .setUserId(operator(Json.read(body, OperatorBody.class).operator_id())).setGroupId(group).build()),
                post("quit", GroupExtCommandId.QUIT_REQ, (group, body) -> GroupMembersReq.newBuilder()
                        .setUserId(operator(Json.read(body, OperatorBody.class).operator_id())).setGroupId(group).build()),
                ApiRoute.of("GET", PREFIX + "muted", "groups", (ctx, app, body) -> {
                    int group = Params.uint(ctx, "group_id");
                    String op = ctx.queryParam("operator_id");
                    Params.require(op != null, "operator_id is required (query parameter)");
                    GroupExtRsp rsp = ops.call(GroupExtCommandId.LIST_MUTED_REQ, GroupQueryReq.newBuilder()
                            .setUserId(Params.parseUint("operator_id", op)).setGroupId(group).build(), group);
                    ObjectNode out = Json.object();
                    out.put("group_id", Integer.toUnsignedLong(group));
                    ArrayNode muted = out.putArray("muted");
                    for (MutedMember m : rsp.getMutedList()) {
                        muted.addObject().put("user_id", Integer.toUnsignedLong(m.getUserId()))
                                .put("until", Integer.toUnsignedLong(m.getUntilTime()));
                    }
                    ctx.json(out);
                }));
    }

    /** The governance request a POST route sends, built from the group id and the body. */
    @FunctionalInterface
    private interface Request {
        MessageLite build(int groupId, byte[] body);
    }

    /** A POST route; its answer is {group_id, changed_ids[, notice_msg_id]}. */
    private ApiRoute post(String action, int requestId, Request request) {
        return ApiRoute.of("POST", PREFIX + action, "groups", (ctx, app, body) -> {
            int group = Params.uint(ctx, "group_id");
            GroupExtRsp rsp = ops.call(requestId, request.build(group, body), group);
            ObjectNode out = Json.object();
            out.put("group_id", Integer.toUnsignedLong(group));
            out.set("changed_ids", Json.MAPPER.valueToTree(rsp.getChangedIdsList().stream()
                    .map(Integer::toUnsignedLong).toList()));
            if (rsp.hasNotice()) {
                out.put("notice_msg_id", Integer.toUnsignedLong(rsp.getNotice().getMsgId()));
            }
            ctx.json(out);
        });
    }

    /** 0 is the operator/admin service, whom the group's roles do not limit. */
    private static int operator(Long id) {
        if (id == null) {
            throw ApiError.badRequest("operator_id is required (the user acting; 0 for the admin service)");
        }
        return Params.parseUint("operator_id", id.toString());
    }
}
