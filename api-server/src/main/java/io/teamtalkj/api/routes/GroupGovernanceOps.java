package io.teamtalkj.api.routes;

import com.google.protobuf.MessageLite;
import com.mogujie.tt.protobuf.IMBaseDefine.GroupModifyType;
import com.mogujie.tt.protobuf.IMGroup.IMGroupChangeMemberNotify;
import com.mogujie.tt.protobuf.IMMessage.IMMsgData;
import io.teamtalkj.api.ApiError;
import io.teamtalkj.api.TierLinks;
import io.teamtalkj.links.route.RouteClient;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Conversations;
import io.teamtalkj.pdu.groupext.GroupExtResult;
import io.teamtalkj.pdu.groupext.GroupExtRsp;
import io.teamtalkj.pdu.groupext.GroupJoinRequestNotify;
import io.teamtalkj.pdu.GroupExtCommandId;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A group governance request sent to the dbproxy of the group's conversation (the same command
 * ids a msg-server forwards for a client), its refusal mapped to HTTP, and, once the change
 * committed, what the msg-server's GroupExtHandler pushes after a client's request, relayed here
 * through the route-server: the stored notice (CID_MSG_DATA) to its {@code notice_to} users, a
 * waiting join request (0x0440) to the owner and admins, and, for membership changes, TeamTalk's
 * 0x040b to the members and the changed users.
 */
public final class GroupGovernanceOps {
    private final TierLinks links;

    public GroupGovernanceOps(TierLinks links) {
        this.links = links;
    }

    /** The dbproxy's answer when it is GROUP_OK (follow-ups relayed); an {@link ApiError} otherwise. */
    public GroupExtRsp call(int requestId, MessageLite request, int groupId) {
        GroupExtRsp rsp = links.call(requestId, request, Conversations.group(groupId), GroupExtRsp.parser());
        if (rsp.getResult() != GroupExtResult.GROUP_OK) {
            throw refused(rsp);
        }
        relayFollowUps(rsp);
        return rsp;
    }

    private void relayFollowUps(GroupExtRsp rsp) {
        if (rsp.hasNotice() && rsp.getNoticeToCount() > 0) {
            IMMsgData notice = rsp.getNotice().toBuilder().clearAttachData().clearTtGroupMemberIds()
                    .clearTtStoreResult().clearTtStoreReason().build();
            links.relay(CommandId.CID_MSG_DATA, notice, rsp.getNoticeToList(), RouteClient.CLASS_ALL);
        }
        if (rsp.getManagersCount() > 0) {
            // a join request waits: the owner and admins hear of it, as from a client's request
            GroupJoinRequestNotify ask = GroupJoinRequestNotify.newBuilder().setGroupId(rsp.getGroupId())
                    .setUserId(rsp.getUserId()).setMessage(rsp.getJoinMessage()).build();
            links.relay(GroupExtCommandId.JOIN_REQUEST_NOTIFY, ask, rsp.getManagersList(), RouteClient.CLASS_ALL);
        }
        if (rsp.getMemberChangeType() != 0 && rsp.getChangedIdsCount() > 0) {
            GroupModifyType type = rsp.getMemberChangeType() == 1 ? GroupModifyType.GROUP_MODIFY_TYPE_ADD
                    : GroupModifyType.GROUP_MODIFY_TYPE_DEL;
            IMGroupChangeMemberNotify notify = IMGroupChangeMemberNotify.newBuilder().setUserId(rsp.getUserId())
                    .setChangeType(type).setGroupId(rsp.getGroupId()).addAllCurUserIdList(rsp.getCurMemberIdsList())
                    .addAllChgUserIdList(rsp.getChangedIdsList()).build();
            Set<Integer> affected = new LinkedHashSet<>(rsp.getCurMemberIdsList());
            affected.addAll(rsp.getChangedIdsList());
            links.relay(CommandId.CID_GROUP_CHANGE_MEMBER_NOTIFY, notify, affected, RouteClient.CLASS_ALL);
        }
    }

    /** The dbproxy's refusal as HTTP: the status says what kind, error_msg is the dbproxy's reason. */
    static ApiError refused(GroupExtRsp rsp) {
        String why = rsp.getReason().isEmpty() ? rsp.getResult().name() : rsp.getReason();
        return switch (rsp.getResult()) {
            case GROUP_NO_PERMISSION -> new ApiError(403, "no_permission", why);
            case GROUP_NO_SUCH_GROUP -> ApiError.notFound(why);
            case GROUP_INVALID -> ApiError.badRequest(why);
            case GROUP_NOT_MEMBER -> new ApiError(409, "not_member", why);
            case GROUP_LIMIT -> new ApiError(409, "group_limit", why);
            case GROUP_ALREADY -> new ApiError(409, "already", why);
            case GROUP_OWNER_MUST_TRANSFER -> new ApiError(409, "owner_must_transfer", why);
            case GROUP_DISMISSED -> new ApiError(410, "group_dismissed", why);
            case GROUP_FAILED -> ApiError.unavailable("dbproxy: " + why);
            default -> new ApiError(500, "internal", "unexpected result " + rsp.getResult() + ": " + why);
        };
    }
}
