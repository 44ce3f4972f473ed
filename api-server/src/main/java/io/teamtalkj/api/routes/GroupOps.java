package io.teamtalkj.api.routes;

import com.mogujie.tt.protobuf.IMBaseDefine.GroupModifyType;
import com.mogujie.tt.protobuf.IMBaseDefine.GroupType;
import com.mogujie.tt.protobuf.IMGroup.IMGroupChangeMemberNotify;
import com.mogujie.tt.protobuf.IMGroup.IMGroupChangeMemberReq;
import com.mogujie.tt.protobuf.IMGroup.IMGroupChangeMemberRsp;
import com.mogujie.tt.protobuf.IMGroup.IMGroupCreateReq;
import com.mogujie.tt.protobuf.IMGroup.IMGroupCreateRsp;
import io.teamtalkj.api.TierLinks;
import io.teamtalkj.links.route.RouteClient;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Conversations;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Group create and member changes the way TeamTalk's http_msg_server made them: 0x0405 / 0x0407
 * to the dbproxy (member changes as user 0, the operator, whom permissions do not limit), then
 * 0x040b IMGroupChangeMemberNotify through the route-server to the current and changed members.
 * A create is announced the same way (change type ADD, every member changed), so members' clients
 * learn about the group at once.
 */
public final class GroupOps {
    private final TierLinks links;

    public GroupOps(TierLinks links) {
        this.links = links;
    }

    /** The reply; result_code 0 = created (and notified). */
    public IMGroupCreateRsp create(int creator, GroupType type, String name, String avatar, List<Integer> members) {
        IMGroupCreateReq req = IMGroupCreateReq.newBuilder().setUserId(creator).setGroupType(type).setGroupName(name)
                .setGroupAvatar(avatar).addAllMemberIdList(members).build();
        IMGroupCreateRsp rsp = links.call(CommandId.CID_GROUP_CREATE_REQUEST, req, Conversations.user(creator),
                IMGroupCreateRsp.parser());
        if (rsp.getResultCode() == 0) {
            notifyMembers(creator, GroupModifyType.GROUP_MODIFY_TYPE_ADD, rsp.getGroupId(), rsp.getUserIdListList(),
                    rsp.getUserIdListList());
        }
        return rsp;
    }

    /** The reply; result_code 0 = applied (and notified when someone's membership changed). */
    public IMGroupChangeMemberRsp change(int groupId, GroupModifyType type, List<Integer> users) {
        IMGroupChangeMemberReq req = IMGroupChangeMemberReq.newBuilder().setUserId(0).setChangeType(type)
                .setGroupId(groupId).addAllMemberIdList(users).build();
        IMGroupChangeMemberRsp rsp = links.call(CommandId.CID_GROUP_CHANGE_MEMBER_REQUEST, req,
                Conversations.group(groupId), IMGroupChangeMemberRsp.parser());
        if (rsp.getResultCode() == 0 && rsp.getChgUserIdListCount() > 0) {
            notifyMembers(0, type, groupId, rsp.getCurUserIdListList(), rsp.getChgUserIdListList());
        }
        return rsp;
    }

    private void notifyMembers(int by, GroupModifyType type, int groupId, List<Integer> current, List<Integer> changed) {
        IMGroupChangeMemberNotify notify = IMGroupChangeMemberNotify.newBuilder().setUserId(by).setChangeType(type)
                .setGroupId(groupId).addAllCurUserIdList(current).addAllChgUserIdList(changed).build();
        Set<Integer> to = new LinkedHashSet<>(current);
        to.addAll(changed); // removed users hear that they were removed
        links.relay(CommandId.CID_GROUP_CHANGE_MEMBER_NOTIFY, notify, to, RouteClient.CLASS_ALL);
    }
}
