package io.teamtalkj.pdu;

import com.google.protobuf.Message;
import com.mogujie.tt.protobuf.IMBuddy;
import com.mogujie.tt.protobuf.IMFile;
import com.mogujie.tt.protobuf.IMGroup;
import com.mogujie.tt.protobuf.IMLogin;
import com.mogujie.tt.protobuf.IMMessage;
import com.mogujie.tt.protobuf.IMOther;
import com.mogujie.tt.protobuf.IMServer;
import com.mogujie.tt.protobuf.IMSwitchService;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The protobuf message type TeamTalk sends under each command id (one type per command).
 * Used to parse any frame generically: logs, relays, tests and the load tester.
 */
public final class MessageTypes {
    private static final Map<Integer, Message> DEFAULTS;

    static {
        Map<Integer, Message> m = new LinkedHashMap<>();
        m.put(CommandId.CID_LOGIN_REQ_MSGSERVER, IMLogin.IMMsgServReq.getDefaultInstance());
        m.put(CommandId.CID_LOGIN_RES_MSGSERVER, IMLogin.IMMsgServRsp.getDefaultInstance());
        m.put(CommandId.CID_LOGIN_REQ_USERLOGIN, IMLogin.IMLoginReq.getDefaultInstance());
        m.put(CommandId.CID_LOGIN_RES_USERLOGIN, IMLogin.IMLoginRes.getDefaultInstance());
        m.put(CommandId.CID_LOGIN_REQ_LOGINOUT, IMLogin.IMLogoutReq.getDefaultInstance());
        m.put(CommandId.CID_LOGIN_RES_LOGINOUT, IMLogin.IMLogoutRsp.getDefaultInstance());
        m.put(CommandId.CID_LOGIN_KICK_USER, IMLogin.IMKickUser.getDefaultInstance());
        m.put(CommandId.CID_LOGIN_REQ_DEVICETOKEN, IMLogin.IMDeviceTokenReq.getDefaultInstance());
        m.put(CommandId.CID_LOGIN_RES_DEVICETOKEN, IMLogin.IMDeviceTokenRsp.getDefaultInstance());
        m.put(CommandId.CID_LOGIN_REQ_KICKPCCLIENT, IMLogin.IMKickPCClientReq.getDefaultInstance());
        m.put(CommandId.CID_LOGIN_RES_KICKPCCLIENT, IMLogin.IMKickPCClientRsp.getDefaultInstance());
        m.put(CommandId.CID_LOGIN_REQ_PUSH_SHIELD, IMLogin.IMPushShieldReq.getDefaultInstance());
        m.put(CommandId.CID_LOGIN_RES_PUSH_SHIELD, IMLogin.IMPushShieldRsp.getDefaultInstance());
        m.put(CommandId.CID_LOGIN_REQ_QUERY_PUSH_SHIELD, IMLogin.IMQueryPushShieldReq.getDefaultInstance());
        m.put(CommandId.CID_LOGIN_RES_QUERY_PUSH_SHIELD, IMLogin.IMQueryPushShieldRsp.getDefaultInstance());
        m.put(CommandId.CID_BUDDY_LIST_RECENT_CONTACT_SESSION_REQUEST, IMBuddy.IMRecentContactSessionReq.getDefaultInstance());
        m.put(CommandId.CID_BUDDY_LIST_RECENT_CONTACT_SESSION_RESPONSE, IMBuddy.IMRecentContactSessionRsp.getDefaultInstance());
        m.put(CommandId.CID_BUDDY_LIST_STATUS_NOTIFY, IMBuddy.IMUserStatNotify.getDefaultInstance());
        m.put(CommandId.CID_BUDDY_LIST_USER_INFO_REQUEST, IMBuddy.IMUsersInfoReq.getDefaultInstance());
        m.put(CommandId.CID_BUDDY_LIST_USER_INFO_RESPONSE, IMBuddy.IMUsersInfoRsp.getDefaultInstance());
        m.put(CommandId.CID_BUDDY_LIST_REMOVE_SESSION_REQ, IMBuddy.IMRemoveSessionReq.getDefaultInstance());
        m.put(CommandId.CID_BUDDY_LIST_REMOVE_SESSION_RES, IMBuddy.IMRemoveSessionRsp.getDefaultInstance());
        m.put(CommandId.CID_BUDDY_LIST_ALL_USER_REQUEST, IMBuddy.IMAllUserReq.getDefaultInstance());
        m.put(CommandId.CID_BUDDY_LIST_ALL_USER_RESPONSE, IMBuddy.IMAllUserRsp.getDefaultInstance());
        m.put(CommandId.CID_BUDDY_LIST_USERS_STATUS_REQUEST, IMBuddy.IMUsersStatReq.getDefaultInstance());
        m.put(CommandId.CID_BUDDY_LIST_USERS_STATUS_RESPONSE, IMBuddy.IMUsersStatRsp.getDefaultInstance());
        m.put(CommandId.CID_BUDDY_LIST_CHANGE_AVATAR_REQUEST, IMBuddy.IMChangeAvatarReq.getDefaultInstance());
        m.put(CommandId.CID_BUDDY_LIST_CHANGE_AVATAR_RESPONSE, IMBuddy.IMChangeAvatarRsp.getDefaultInstance());
        m.put(CommandId.CID_BUDDY_LIST_PC_LOGIN_STATUS_NOTIFY, IMBuddy.IMPCLoginStatusNotify.getDefaultInstance());
        m.put(CommandId.CID_BUDDY_LIST_REMOVE_SESSION_NOTIFY, IMBuddy.IMRemoveSessionNotify.getDefaultInstance());
        m.put(CommandId.CID_BUDDY_LIST_DEPARTMENT_REQUEST, IMBuddy.IMDepartmentReq.getDefaultInstance());
        m.put(CommandId.CID_BUDDY_LIST_DEPARTMENT_RESPONSE, IMBuddy.IMDepartmentRsp.getDefaultInstance());
        m.put(CommandId.CID_BUDDY_LIST_AVATAR_CHANGED_NOTIFY, IMBuddy.IMAvatarChangedNotify.getDefaultInstance());
        m.put(CommandId.CID_BUDDY_LIST_CHANGE_SIGN_INFO_REQUEST, IMBuddy.IMChangeSignInfoReq.getDefaultInstance());
        m.put(CommandId.CID_BUDDY_LIST_CHANGE_SIGN_INFO_RESPONSE, IMBuddy.IMChangeSignInfoRsp.getDefaultInstance());
        m.put(CommandId.CID_BUDDY_LIST_SIGN_INFO_CHANGED_NOTIFY, IMBuddy.IMSignInfoChangedNotify.getDefaultInstance());
        m.put(CommandId.CID_MSG_DATA, IMMessage.IMMsgData.getDefaultInstance());
        m.put(CommandId.CID_MSG_DATA_ACK, IMMessage.IMMsgDataAck.getDefaultInstance());
        m.put(CommandId.CID_MSG_READ_ACK, IMMessage.IMMsgDataReadAck.getDefaultInstance());
        m.put(CommandId.CID_MSG_READ_NOTIFY, IMMessage.IMMsgDataReadNotify.getDefaultInstance());
        m.put(CommandId.CID_MSG_TIME_REQUEST, IMMessage.IMClientTimeReq.getDefaultInstance());
        m.put(CommandId.CID_MSG_TIME_RESPONSE, IMMessage.IMClientTimeRsp.getDefaultInstance());
        m.put(CommandId.CID_MSG_UNREAD_CNT_REQUEST, IMMessage.IMUnreadMsgCntReq.getDefaultInstance());
        m.put(CommandId.CID_MSG_UNREAD_CNT_RESPONSE, IMMessage.IMUnreadMsgCntRsp.getDefaultInstance());
        m.put(CommandId.CID_MSG_LIST_REQUEST, IMMessage.IMGetMsgListReq.getDefaultInstance());
        m.put(CommandId.CID_MSG_LIST_RESPONSE, IMMessage.IMGetMsgListRsp.getDefaultInstance());
        m.put(CommandId.CID_MSG_GET_LATEST_MSG_ID_REQ, IMMessage.IMGetLatestMsgIdReq.getDefaultInstance());
        m.put(CommandId.CID_MSG_GET_LATEST_MSG_ID_RSP, IMMessage.IMGetLatestMsgIdRsp.getDefaultInstance());
        m.put(CommandId.CID_MSG_GET_BY_MSG_ID_REQ, IMMessage.IMGetMsgByIdReq.getDefaultInstance());
        m.put(CommandId.CID_MSG_GET_BY_MSG_ID_RES, IMMessage.IMGetMsgByIdRsp.getDefaultInstance());
        m.put(CommandId.CID_GROUP_NORMAL_LIST_REQUEST, IMGroup.IMNormalGroupListReq.getDefaultInstance());
        m.put(CommandId.CID_GROUP_NORMAL_LIST_RESPONSE, IMGroup.IMNormalGroupListRsp.getDefaultInstance());
        m.put(CommandId.CID_GROUP_INFO_REQUEST, IMGroup.IMGroupInfoListReq.getDefaultInstance());
        m.put(CommandId.CID_GROUP_INFO_RESPONSE, IMGroup.IMGroupInfoListRsp.getDefaultInstance());
        m.put(CommandId.CID_GROUP_CREATE_REQUEST, IMGroup.IMGroupCreateReq.getDefaultInstance());
        m.put(CommandId.CID_GROUP_CREATE_RESPONSE, IMGroup.IMGroupCreateRsp.getDefaultInstance());
        m.put(CommandId.CID_GROUP_CHANGE_MEMBER_REQUEST, IMGroup.IMGroupChangeMemberReq.getDefaultInstance());
        m.put(CommandId.CID_GROUP_CHANGE_MEMBER_RESPONSE, IMGroup.IMGroupChangeMemberRsp.getDefaultInstance());
        m.put(CommandId.CID_GROUP_SHIELD_GROUP_REQUEST, IMGroup.IMGroupShieldReq.getDefaultInstance());
        m.put(CommandId.CID_GROUP_SHIELD_GROUP_RESPONSE, IMGroup.IMGroupShieldRsp.getDefaultInstance());
        m.put(CommandId.CID_GROUP_CHANGE_MEMBER_NOTIFY, IMGroup.IMGroupChangeMemberNotify.getDefaultInstance());
        m.put(CommandId.CID_FILE_LOGIN_REQ, IMFile.IMFileLoginReq.getDefaultInstance());
        m.put(CommandId.CID_FILE_LOGIN_RES, IMFile.IMFileLoginRsp.getDefaultInstance());
        m.put(CommandId.CID_FILE_STATE, IMFile.IMFileState.getDefaultInstance());
        m.put(CommandId.CID_FILE_PULL_DATA_REQ, IMFile.IMFilePullDataReq.getDefaultInstance());
        m.put(CommandId.CID_FILE_PULL_DATA_RSP, IMFile.IMFilePullDataRsp.getDefaultInstance());
        m.put(CommandId.CID_FILE_REQUEST, IMFile.IMFileReq.getDefaultInstance());
        m.put(CommandId.CID_FILE_RESPONSE, IMFile.IMFileRsp.getDefaultInstance());
        m.put(CommandId.CID_FILE_NOTIFY, IMFile.IMFileNotify.getDefaultInstance());
        m.put(CommandId.CID_FILE_HAS_OFFLINE_REQ, IMFile.IMFileHasOfflineReq.getDefaultInstance());
        m.put(CommandId.CID_FILE_HAS_OFFLINE_RES, IMFile.IMFileHasOfflineRsp.getDefaultInstance());
        m.put(CommandId.CID_FILE_ADD_OFFLINE_REQ, IMFile.IMFileAddOfflineReq.getDefaultInstance());
        m.put(CommandId.CID_FILE_DEL_OFFLINE_REQ, IMFile.IMFileDelOfflineReq.getDefaultInstance());
        m.put(CommandId.CID_SWITCH_P2P_CMD, IMSwitchService.IMP2PCmdMsg.getDefaultInstance());
        m.put(CommandId.CID_OTHER_HEARTBEAT, IMOther.IMHeartBeat.getDefaultInstance());
        m.put(CommandId.CID_OTHER_STOP_RECV_PACKET, IMServer.IMStopReceivePacket.getDefaultInstance());
        m.put(CommandId.CID_OTHER_VALIDATE_REQ, IMServer.IMValidateReq.getDefaultInstance());
        m.put(CommandId.CID_OTHER_VALIDATE_RSP, IMServer.IMValidateRsp.getDefaultInstance());
        m.put(CommandId.CID_OTHER_GET_DEVICE_TOKEN_REQ, IMServer.IMGetDeviceTokenReq.getDefaultInstance());
        m.put(CommandId.CID_OTHER_GET_DEVICE_TOKEN_RSP, IMServer.IMGetDeviceTokenRsp.getDefaultInstance());
        m.put(CommandId.CID_OTHER_ROLE_SET, IMServer.IMRoleSet.getDefaultInstance());
        m.put(CommandId.CID_OTHER_ONLINE_USER_INFO, IMServer.IMOnlineUserInfo.getDefaultInstance());
        m.put(CommandId.CID_OTHER_MSG_SERV_INFO, IMServer.IMMsgServInfo.getDefaultInstance());
        m.put(CommandId.CID_OTHER_USER_STATUS_UPDATE, IMServer.IMUserStatusUpdate.getDefaultInstance());
        m.put(CommandId.CID_OTHER_USER_CNT_UPDATE, IMServer.IMUserCntUpdate.getDefaultInstance());
        m.put(CommandId.CID_OTHER_SERVER_KICK_USER, IMServer.IMServerKickUser.getDefaultInstance());
        m.put(CommandId.CID_OTHER_LOGIN_STATUS_NOTIFY, IMServer.IMServerPCLoginStatusNotify.getDefaultInstance());
        m.put(CommandId.CID_OTHER_PUSH_TO_USER_REQ, IMServer.IMPushToUserReq.getDefaultInstance());
        m.put(CommandId.CID_OTHER_PUSH_TO_USER_RSP, IMServer.IMPushToUserRsp.getDefaultInstance());
        m.put(CommandId.CID_OTHER_GET_SHIELD_REQ, IMServer.IMGroupGetShieldReq.getDefaultInstance());
        m.put(CommandId.CID_OTHER_GET_SHIELD_RSP, IMServer.IMGroupGetShieldRsp.getDefaultInstance());
        m.put(CommandId.CID_OTHER_FILE_TRANSFER_REQ, IMServer.IMFileTransferReq.getDefaultInstance());
        m.put(CommandId.CID_OTHER_FILE_TRANSFER_RSP, IMServer.IMFileTransferRsp.getDefaultInstance());
        m.put(CommandId.CID_OTHER_FILE_SERVER_IP_REQ, IMServer.IMFileServerIPReq.getDefaultInstance());
        m.put(CommandId.CID_OTHER_FILE_SERVER_IP_RSP, IMServer.IMFileServerIPRsp.getDefaultInstance());
        DEFAULTS = Collections.unmodifiableMap(m);
    }

    private MessageTypes() {
    }

    /** The default instance of the message sent under {@code commandId}, or null if TeamTalk has none. */
    public static Message defaultInstance(int commandId) {
        return DEFAULTS.get(commandId);
    }

    public static Map<Integer, Message> all() {
        return DEFAULTS;
    }
}
