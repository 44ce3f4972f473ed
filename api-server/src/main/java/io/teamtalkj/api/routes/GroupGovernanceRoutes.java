package io.teamtalkj.api.routes;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.MessageLite;
import io.teamtalkj.api.ApiError;
import io.teamtalkj.api.Json;
import io.teamtalkj.pdu.GroupExtCommandId;
import io.teamtalkj.pdu.groupext.GroupEditReq;
import io.teamtalkj.pdu.groupext.GroupExtRsp;
import io.teamtalkj.pdu.groupext.GroupGovernance;
import io.teamtalkj.pdu.groupext.GroupJoinReq;
import io.teamtalkj.pdu.groupext.InviteMode;
import io.teamtalkj.pdu.groupext.JoinMode;
import io.teamtalkj.pdu.groupext.JoinRequest;
import io.teamtalkj.pdu.groupext.GroupMembersReq;
import io.teamtalkj.pdu.groupext.GroupMuteReq;
import io.teamtalkj.pdu.groupext.GroupQueryReq;
import io.teamtalkj.pdu.groupext.GroupSettingsReq;
import io.teamtalkj.pdu.groupext.MutedMember;
import java.util.List;

/**
 * Group governance (issue 18) over HTTP: kick, mute, unmute, admins, transfer, mute-all, dismiss,
 * quit, rename, avatar, announcement, join (and approve / reject), invite, join and invite modes,
 * the muted list and the group's governance info, each acting as the {@code operator_id} (for a
 * join: the {@code user_id}) the application names. The dbproxy applies the same rules as for a
 * client's request (so an operator without the role gets 403); {@link GroupGovernanceOps} sends
 * the request and pushes what follows.
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

    record RenameBody(Long operator_id, String name) {
    }

    record AvatarBody(Long operator_id, String avatar) {
    }

    record AnnouncementBody(Long operator_id, String text) {
    }

    record JoinBody(Long user_id, String message) {
    }

    record DecisionBody(Long operator_id, List<Long> user_ids) {
    }

    record ModeBody(Long operator_id, String mode) {
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
                post("rename", GroupExtCommandId.EDIT_REQ, (group, body) -> {
                    RenameBody b = Json.read(body, RenameBody.class);
                    Params.require(b.name() != null, "name is required");
                    return GroupEditReq.newBuilder().setUserId(operator(b.operator_id())).setGroupId(group)
                            .setName(b.name()).build();
                }),
                post("avatar", GroupExtCommandId.EDIT_REQ, (group, body) -> {
                    AvatarBody b = Json.read(body, AvatarBody.class);
                    Params.require(b.avatar() != null, "avatar is required (\"\" to clear it)");
                    return GroupEditReq.newBuilder().setUserId(operator(b.operator_id())).setGroupId(group)
                            .setAvatar(b.avatar()).build();
                }),
                post("announcement", GroupExtCommandId.EDIT_REQ, (group, body) -> {
                    AnnouncementBody b = Json.read(body, AnnouncementBody.class);
                    Params.require(b.text() != null, "text is required (\"\" to clear the announcement)");
                    return GroupEditReq.newBuilder().setUserId(operator(b.operator_id())).setGroupId(group)
                            .setAnnouncement(b.text()).build();
                }),
                post("join", GroupExtCommandId.JOIN_REQ, (group, body) -> {
                    JoinBody b = Json.read(body, JoinBody.class);
                    Params.require(b.user_id() != null && b.user_id() > 0, "user_id (the user asking to join) is required");
                    return GroupJoinReq.newBuilder().setUserId(Params.parseUint("user_id", b.user_id().toString()))
                            .setGroupId(group).setMessage(b.message() == null ? "" : b.message()).build();
                }),
                post("join-requests/approve", GroupExtCommandId.JOIN_DECISION_REQ, (group, body) ->
                        decision(group, body, true)),
                post("join-requests/reject", GroupExtCommandId.JOIN_DECISION_REQ, (group, body) ->
                        decision(group, body, false)),
                post("invite", GroupExtCommandId.INVITE_REQ, (group, body) -> {
                    DecisionBody b = Json.read(body, DecisionBody.class);
                    return GroupMembersReq.newBuilder().setUserId(operator(b.operator_id())).setGroupId(group)
                            .addAllTargetIds(Params.ids("user_ids", b.user_ids(), maxRecipients)).build();
                }),
                post("join-mode", GroupExtCommandId.SETTINGS_REQ, (group, body) -> {
                    ModeBody b = Json.read(body, ModeBody.class);
                    JoinMode mode = switch (b.mode() == null ? "" : b.mode()) {
                        case "open" -> JoinMode.JOIN_OPEN;
                        case "approval" -> JoinMode.JOIN_APPROVAL;
                        default -> throw ApiError.badRequest("mode must be open or approval");
                    };
                    return GroupSettingsReq.newBuilder().setUserId(operator(b.operator_id())).setGroupId(group)
                            .setJoinMode(mode).build();
                }),
                post("invite-mode", GroupExtCommandId.SETTINGS_REQ, (group, body) -> {
                    ModeBody b = Json.read(body, ModeBody.class);
                    InviteMode mode = switch (b.mode() == null ? "" : b.mode()) {
                        case "anyone" -> InviteMode.INVITE_ANYONE;
                        case "admins" -> InviteMode.INVITE_ADMINS;
                        default -> throw ApiError.badRequest("mode must be anyone or admins");
                    };
                    return GroupSettingsReq.newBuilder().setUserId(operator(b.operator_id())).setGroupId(group)
                            .setInviteMode(mode).build();
                }),
                ApiRoute.of("GET", "/v1/groups/{group_id}", "groups", (ctx, app, body) -> {
                    int group = Params.uint(ctx, "group_id");
                    String op = ctx.queryParam("operator_id");
                    int operator = op == null ? 0 : Params.parseUint("operator_id", op);
                    GroupExtRsp rsp = ops.call(GroupExtCommandId.INFO_REQ, GroupQueryReq.newBuilder()
                            .setUserId(operator).setGroupId(group).build(), group);
                    ctx.json(info(group, rsp.getInfo()));
                }),
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

    private GroupMembersReq decision(int group, byte[] body, boolean approve) {
        DecisionBody b = Json.read(body, DecisionBody.class);
        return GroupMembersReq.newBuilder().setUserId(operator(b.operator_id())).setGroupId(group)
                .addAllTargetIds(Params.ids("user_ids", b.user_ids(), maxRecipients)).setApprove(approve).build();
    }

    /** The governance info as JSON; muted and join_requests only as the operator's role allows. */
    static ObjectNode info(int group, GroupGovernance g) {
        ObjectNode out = Json.object();
        out.put("group_id", Integer.toUnsignedLong(group));
        out.put("owner_id", Integer.toUnsignedLong(g.getOwnerId()));
        out.set("admin_ids", Json.MAPPER.valueToTree(g.getAdminIdsList().stream().map(Integer::toUnsignedLong).toList()));
        out.put("member_count", g.getMemberCount());
        out.put("max_members", g.getMaxMembers());
        out.put("max_admins", g.getMaxAdmins());
        out.put("announcement", g.getAnnouncement());
        out.put("mute_all", g.getMuteAll());
        out.put("join_mode", g.getJoinMode() == JoinMode.JOIN_OPEN ? "open" : "approval");
        out.put("invite_mode", g.getInviteMode() == InviteMode.INVITE_ADMINS ? "admins" : "anyone");
        out.put("dismissed", g.getDismissed());
        out.put("operator_role", switch (g.getMyRole()) {
            case ROLE_OWNER -> "owner";
            case ROLE_ADMIN -> "admin";
            case ROLE_MEMBER -> "member";
            default -> "none";
        });
        ArrayNode muted = out.putArray("muted");
        for (MutedMember m : g.getMutedList()) {
            muted.addObject().put("user_id", Integer.toUnsignedLong(m.getUserId()))
                    .put("until", Integer.toUnsignedLong(m.getUntilTime()));
        }
        ArrayNode joins = out.putArray("join_requests");
        for (JoinRequest j : g.getJoinRequestsList()) {
            joins.addObject().put("user_id", Integer.toUnsignedLong(j.getUserId())).put("message", j.getMessage())
                    .put("created", Integer.toUnsignedLong(j.getCreated()));
        }
        return out;
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
            if (requestId == GroupExtCommandId.JOIN_REQ) {
                // approval mode: stored as a request, the owner and admins told; open mode: joined
                out.put("pending", rsp.getChangedIdsCount() == 0);
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
