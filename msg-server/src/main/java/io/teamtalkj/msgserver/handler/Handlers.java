package io.teamtalkj.msgserver.handler;

import com.mogujie.tt.protobuf.IMBuddy;
import com.mogujie.tt.protobuf.IMFile;
import com.mogujie.tt.protobuf.IMGroup;
import com.mogujie.tt.protobuf.IMLogin;
import com.mogujie.tt.protobuf.IMMessage;
import com.mogujie.tt.protobuf.IMSwitchService;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import io.teamtalkj.msgserver.MsgServerContext;
import io.teamtalkj.msgserver.session.Kicker;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.CommandRegistry;
import io.teamtalkj.pdu.GroupExtCommandId;
import io.teamtalkj.pdu.groupext.GroupEditReq;
import io.teamtalkj.pdu.groupext.GroupJoinReq;
import io.teamtalkj.pdu.groupext.GroupMembersReq;
import io.teamtalkj.pdu.groupext.GroupMuteReq;
import io.teamtalkj.pdu.groupext.GroupQueryReq;
import io.teamtalkj.pdu.groupext.GroupSettingsReq;

/** Every client command the msg-server serves (protocol §2, "client → msg_server"). */
public final class Handlers {
    private Handlers() {
    }

    public static CommandRegistry registry(MsgServerContext ctx, Kicker kicker) {
        CommandRegistry r = new CommandRegistry();
        r.register(CommandId.CID_LOGIN_REQ_USERLOGIN, IMLogin.IMLoginReq.parser(), new LoginHandler(ctx, kicker));
        r.register(CommandId.CID_LOGIN_REQ_LOGINOUT, IMLogin.IMLogoutReq.parser(), new LogoutHandler(ctx));
        r.register(CommandId.CID_LOGIN_REQ_KICKPCCLIENT, IMLogin.IMKickPCClientReq.parser(), new KickPcClientHandler(ctx, kicker));
        r.register(CommandId.CID_LOGIN_REQ_DEVICETOKEN, IMLogin.IMDeviceTokenReq.parser(), new DeviceTokenHandler(ctx));
        r.register(io.teamtalkj.pdu.PushCommandId.CID_PUSH_APP_STATE_REPORT, io.teamtalkj.pdu.push.IMAppStateReport.parser(),
                new AppStateHandler(ctx));
        r.register(CommandId.CID_MSG_DATA, IMMessage.IMMsgData.parser(), new MsgDataHandler(ctx));
        r.register(CommandId.CID_MSG_DATA_ACK, IMMessage.IMMsgDataAck.parser(), new ReceiverAckHandler(ctx));
        r.register(CommandId.CID_MSG_READ_ACK, IMMessage.IMMsgDataReadAck.parser(), new ReadAckHandler(ctx));
        r.register(CommandId.CID_MSG_TIME_REQUEST, IMMessage.IMClientTimeReq.parser(), new ClientTimeHandler(ctx));
        r.register(CommandId.CID_SWITCH_P2P_CMD, IMSwitchService.IMP2PCmdMsg.parser(), new P2PCmdHandler(ctx));
        r.register(CommandId.CID_BUDDY_LIST_USERS_STATUS_REQUEST, IMBuddy.IMUsersStatReq.parser(), new UsersStatHandler(ctx));
        r.register(CommandId.CID_BUDDY_LIST_CHANGE_SIGN_INFO_REQUEST, IMBuddy.IMChangeSignInfoReq.parser(),
                new ChangeSignInfoHandler(ctx));
        r.register(CommandId.CID_BUDDY_LIST_REMOVE_SESSION_REQ, IMBuddy.IMRemoveSessionReq.parser(), new RemoveSessionHandler(ctx));
        r.register(CommandId.CID_GROUP_CHANGE_MEMBER_REQUEST, IMGroup.IMGroupChangeMemberReq.parser(),
                new GroupChangeMemberHandler(ctx));
        r.register(CommandId.CID_FILE_REQUEST, IMFile.IMFileReq.parser(), new FileReqHandler(ctx));
        r.register(CommandId.CID_FILE_HAS_OFFLINE_REQ, IMFile.IMFileHasOfflineReq.parser(), new FileHasOfflineHandler(ctx));
        r.register(CommandId.CID_FILE_ADD_OFFLINE_REQ, IMFile.IMFileAddOfflineReq.parser(), new FileAddOfflineHandler(ctx));
        r.register(CommandId.CID_FILE_DEL_OFFLINE_REQ, IMFile.IMFileDelOfflineReq.parser(), new FileDelOfflineHandler(ctx));

        query(r, ctx, CommandId.CID_BUDDY_LIST_RECENT_CONTACT_SESSION_REQUEST, IMBuddy.IMRecentContactSessionReq.parser(),
                (q, uid) -> q.toBuilder().setUserId(uid).build());
        query(r, ctx, CommandId.CID_BUDDY_LIST_USER_INFO_REQUEST, IMBuddy.IMUsersInfoReq.parser(),
                (q, uid) -> q.toBuilder().setUserId(uid).build());
        query(r, ctx, CommandId.CID_BUDDY_LIST_ALL_USER_REQUEST, IMBuddy.IMAllUserReq.parser(),
                (q, uid) -> q.toBuilder().setUserId(uid).build());
        query(r, ctx, CommandId.CID_BUDDY_LIST_DEPARTMENT_REQUEST, IMBuddy.IMDepartmentReq.parser(),
                (q, uid) -> q.toBuilder().setUserId(uid).build());
        query(r, ctx, CommandId.CID_BUDDY_LIST_CHANGE_AVATAR_REQUEST, IMBuddy.IMChangeAvatarReq.parser(),
                (q, uid) -> q.toBuilder().setUserId(uid).build());
        query(r, ctx, CommandId.CID_MSG_UNREAD_CNT_REQUEST, IMMessage.IMUnreadMsgCntReq.parser(),
                (q, uid) -> q.toBuilder().setUserId(uid).build());
        query(r, ctx, CommandId.CID_MSG_LIST_REQUEST, IMMessage.IMGetMsgListReq.parser(),
                (q, uid) -> q.toBuilder().setUserId(uid).build());
        query(r, ctx, CommandId.CID_MSG_GET_LATEST_MSG_ID_REQ, IMMessage.IMGetLatestMsgIdReq.parser(),
                (q, uid) -> q.toBuilder().setUserId(uid).build());
        query(r, ctx, CommandId.CID_MSG_GET_BY_MSG_ID_REQ, IMMessage.IMGetMsgByIdReq.parser(),
                (q, uid) -> q.toBuilder().setUserId(uid).build());
        query(r, ctx, CommandId.CID_GROUP_NORMAL_LIST_REQUEST, IMGroup.IMNormalGroupListReq.parser(),
                (q, uid) -> q.toBuilder().setUserId(uid).build());
        query(r, ctx, CommandId.CID_GROUP_INFO_REQUEST, IMGroup.IMGroupInfoListReq.parser(),
                (q, uid) -> q.toBuilder().setUserId(uid).build());
        query(r, ctx, CommandId.CID_GROUP_CREATE_REQUEST, IMGroup.IMGroupCreateReq.parser(),
                (q, uid) -> q.toBuilder().setUserId(uid).build());
        query(r, ctx, CommandId.CID_GROUP_SHIELD_GROUP_REQUEST, IMGroup.IMGroupShieldReq.parser(),
                (q, uid) -> q.toBuilder().setUserId(uid).build());
        query(r, ctx, CommandId.CID_LOGIN_REQ_PUSH_SHIELD, IMLogin.IMPushShieldReq.parser(),
                (q, uid) -> q.toBuilder().setUserId(uid).build());
        query(r, ctx, CommandId.CID_LOGIN_REQ_QUERY_PUSH_SHIELD, IMLogin.IMQueryPushShieldReq.parser(),
                (q, uid) -> q.toBuilder().setUserId(uid).build());
        groupExt(r, ctx);
        query(r, ctx, io.teamtalkj.pdu.PushCommandId.CID_PUSH_SETTINGS_REQ, io.teamtalkj.pdu.push.IMPushSettingsReq.parser(),
                (q, uid) -> q.toBuilder().setUserId(uid).build());
        return r;
    }

    /** Group governance (issue 18): forwarded to the dbproxy; notices and 0x040b follow a change. */
    private static void groupExt(CommandRegistry r, MsgServerContext ctx) {
        GroupExtHandler.AsUser<GroupMembersReq> members = (q, uid) -> q.toBuilder().setUserId(uid).build();
        GroupExtHandler.GroupOf<GroupMembersReq> membersGroup = GroupMembersReq::getGroupId;
        for (int id : new int[] {GroupExtCommandId.QUIT_REQ, GroupExtCommandId.DISMISS_REQ, GroupExtCommandId.KICK_REQ,
                GroupExtCommandId.SET_ADMIN_REQ, GroupExtCommandId.TRANSFER_OWNER_REQ, GroupExtCommandId.UNMUTE_REQ,
                GroupExtCommandId.JOIN_DECISION_REQ, GroupExtCommandId.INVITE_REQ}) {
            r.register(id, GroupMembersReq.parser(), new GroupExtHandler<>(ctx, members, membersGroup));
        }
        r.register(GroupExtCommandId.MUTE_REQ, GroupMuteReq.parser(), new GroupExtHandler<>(ctx,
                (q, uid) -> q.toBuilder().setUserId(uid).build(), GroupMuteReq::getGroupId));
        GroupExtHandler.AsUser<GroupSettingsReq> settings = (q, uid) -> q.toBuilder().setUserId(uid).build();
        r.register(GroupExtCommandId.MUTE_ALL_REQ, GroupSettingsReq.parser(),
                new GroupExtHandler<>(ctx, settings, GroupSettingsReq::getGroupId));
        r.register(GroupExtCommandId.SETTINGS_REQ, GroupSettingsReq.parser(),
                new GroupExtHandler<>(ctx, settings, GroupSettingsReq::getGroupId));
        r.register(GroupExtCommandId.EDIT_REQ, GroupEditReq.parser(), new GroupExtHandler<>(ctx,
                (q, uid) -> q.toBuilder().setUserId(uid).build(), GroupEditReq::getGroupId));
        r.register(GroupExtCommandId.JOIN_REQ, GroupJoinReq.parser(), new GroupExtHandler<>(ctx,
                (q, uid) -> q.toBuilder().setUserId(uid).build(), GroupJoinReq::getGroupId));
        GroupExtHandler.AsUser<GroupQueryReq> query = (q, uid) -> q.toBuilder().setUserId(uid).build();
        r.register(GroupExtCommandId.LIST_MUTED_REQ, GroupQueryReq.parser(),
                new GroupExtHandler<>(ctx, query, GroupQueryReq::getGroupId));
        r.register(GroupExtCommandId.INFO_REQ, GroupQueryReq.parser(),
                new GroupExtHandler<>(ctx, query, GroupQueryReq::getGroupId));
    }

    /** A query answered by the dbproxy; {@code asUser} sets the request's user_id (field 1 in each). */
    private static <M extends Message> void query(CommandRegistry r, MsgServerContext ctx, int commandId, Parser<M> parser,
                                                  DbQueryHandler.AsUser<M> asUser) {
        r.register(commandId, parser, new DbQueryHandler<>(ctx, asUser));
    }
}
