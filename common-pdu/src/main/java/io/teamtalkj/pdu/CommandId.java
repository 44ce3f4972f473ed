package io.teamtalkj.pdu;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every TeamTalk command id (95 of them). Ids are unique across services; the high byte is the
 * service id ({@link ServiceId#of(int)}). Values match the CmdID enums of IM.BaseDefine.proto.
 */
public final class CommandId {

    public static final int CID_LOGIN_REQ_MSGSERVER = 0x0101;
    public static final int CID_LOGIN_RES_MSGSERVER = 0x0102;
    public static final int CID_LOGIN_REQ_USERLOGIN = 0x0103;
    public static final int CID_LOGIN_RES_USERLOGIN = 0x0104;
    public static final int CID_LOGIN_REQ_LOGINOUT = 0x0105;
    public static final int CID_LOGIN_RES_LOGINOUT = 0x0106;
    public static final int CID_LOGIN_KICK_USER = 0x0107;
    public static final int CID_LOGIN_REQ_DEVICETOKEN = 0x0108;
    public static final int CID_LOGIN_RES_DEVICETOKEN = 0x0109;
    public static final int CID_LOGIN_REQ_KICKPCCLIENT = 0x010a;
    public static final int CID_LOGIN_RES_KICKPCCLIENT = 0x010b;
    public static final int CID_LOGIN_REQ_PUSH_SHIELD = 0x010c;
    public static final int CID_LOGIN_RES_PUSH_SHIELD = 0x010d;
    public static final int CID_LOGIN_REQ_QUERY_PUSH_SHIELD = 0x010e;
    public static final int CID_LOGIN_RES_QUERY_PUSH_SHIELD = 0x010f;
    public static final int CID_BUDDY_LIST_RECENT_CONTACT_SESSION_REQUEST = 0x0201;
    public static final int CID_BUDDY_LIST_RECENT_CONTACT_SESSION_RESPONSE = 0x0202;
    public static final int CID_BUDDY_LIST_STATUS_NOTIFY = 0x0203;
    public static final int CID_BUDDY_LIST_USER_INFO_REQUEST = 0x0204;
    public static final int CID_BUDDY_LIST_USER_INFO_RESPONSE = 0x0205;
    public static final int CID_BUDDY_LIST_REMOVE_SESSION_REQ = 0x0206;
    public static final int CID_BUDDY_LIST_REMOVE_SESSION_RES = 0x0207;
    public static final int CID_BUDDY_LIST_ALL_USER_REQUEST = 0x0208;
    public static final int CID_BUDDY_LIST_ALL_USER_RESPONSE = 0x0209;
    public static final int CID_BUDDY_LIST_USERS_STATUS_REQUEST = 0x020a;
    public static final int CID_BUDDY_LIST_USERS_STATUS_RESPONSE = 0x020b;
    public static final int CID_BUDDY_LIST_CHANGE_AVATAR_REQUEST = 0x020c;
    public static final int CID_BUDDY_LIST_CHANGE_AVATAR_RESPONSE = 0x020d;
    public static final int CID_BUDDY_LIST_PC_LOGIN_STATUS_NOTIFY = 0x020e;
    public static final int CID_BUDDY_LIST_REMOVE_SESSION_NOTIFY = 0x020f;
    public static final int CID_BUDDY_LIST_DEPARTMENT_REQUEST = 0x0210;
    public static final int CID_BUDDY_LIST_DEPARTMENT_RESPONSE = 0x0211;
    public static final int CID_BUDDY_LIST_AVATAR_CHANGED_NOTIFY = 0x0212;
    public static final int CID_BUDDY_LIST_CHANGE_SIGN_INFO_REQUEST = 0x0213;
    public static final int CID_BUDDY_LIST_CHANGE_SIGN_INFO_RESPONSE = 0x0214;
    public static final int CID_BUDDY_LIST_SIGN_INFO_CHANGED_NOTIFY = 0x0215;
    public static final int CID_MSG_DATA = 0x0301;
    public static final int CID_MSG_DATA_ACK = 0x0302;
    public static final int CID_MSG_READ_ACK = 0x0303;
    public static final int CID_MSG_READ_NOTIFY = 0x0304;
    public static final int CID_MSG_TIME_REQUEST = 0x0305;
    public static final int CID_MSG_TIME_RESPONSE = 0x0306;
    public static final int CID_MSG_UNREAD_CNT_REQUEST = 0x0307;
    public static final int CID_MSG_UNREAD_CNT_RESPONSE = 0x0308;
    public static final int CID_MSG_LIST_REQUEST = 0x0309;
    public static final int CID_MSG_LIST_RESPONSE = 0x030a;
    public static final int CID_MSG_GET_LATEST_MSG_ID_REQ = 0x030b;
    public static final int CID_MSG_GET_LATEST_MSG_ID_RSP = 0x030c;
    public static final int CID_MSG_GET_BY_MSG_ID_REQ = 0x030d;
    public static final int CID_MSG_GET_BY_MSG_ID_RES = 0x030e;
    public static final int CID_GROUP_NORMAL_LIST_REQUEST = 0x0401;
    public static final int CID_GROUP_NORMAL_LIST_RESPONSE = 0x0402;
    public static final int CID_GROUP_INFO_REQUEST = 0x0403;
    public static final int CID_GROUP_INFO_RESPONSE = 0x0404;
    public static final int CID_GROUP_CREATE_REQUEST = 0x0405;
    public static final int CID_GROUP_CREATE_RESPONSE = 0x0406;
    public static final int CID_GROUP_CHANGE_MEMBER_REQUEST = 0x0407;
    public static final int CID_GROUP_CHANGE_MEMBER_RESPONSE = 0x0408;
    public static final int CID_GROUP_SHIELD_GROUP_REQUEST = 0x0409;
    public static final int CID_GROUP_SHIELD_GROUP_RESPONSE = 0x040a;
    public static final int CID_GROUP_CHANGE_MEMBER_NOTIFY = 0x040b;
    public static final int CID_FILE_LOGIN_REQ = 0x0501;
    public static final int CID_FILE_LOGIN_RES = 0x0502;
    public static final int CID_FILE_STATE = 0x0503;
    public static final int CID_FILE_PULL_DATA_REQ = 0x0504;
    public static final int CID_FILE_PULL_DATA_RSP = 0x0505;
    public static final int CID_FILE_REQUEST = 0x0506;
    public static final int CID_FILE_RESPONSE = 0x0507;
    public static final int CID_FILE_NOTIFY = 0x0508;
    public static final int CID_FILE_HAS_OFFLINE_REQ = 0x0509;
    public static final int CID_FILE_HAS_OFFLINE_RES = 0x050a;
    public static final int CID_FILE_ADD_OFFLINE_REQ = 0x050b;
    public static final int CID_FILE_DEL_OFFLINE_REQ = 0x050c;
    public static final int CID_SWITCH_P2P_CMD = 0x0601;
    public static final int CID_OTHER_HEARTBEAT = 0x0701;
    public static final int CID_OTHER_STOP_RECV_PACKET = 0x0702;
    public static final int CID_OTHER_VALIDATE_REQ = 0x0703;
    public static final int CID_OTHER_VALIDATE_RSP = 0x0704;
    public static final int CID_OTHER_GET_DEVICE_TOKEN_REQ = 0x0705;
    public static final int CID_OTHER_GET_DEVICE_TOKEN_RSP = 0x0706;
    public static final int CID_OTHER_ROLE_SET = 0x0707;
    public static final int CID_OTHER_ONLINE_USER_INFO = 0x0708;
    public static final int CID_OTHER_MSG_SERV_INFO = 0x0709;
    public static final int CID_OTHER_USER_STATUS_UPDATE = 0x070a;
    public static final int CID_OTHER_USER_CNT_UPDATE = 0x070b;
    public static final int CID_OTHER_SERVER_KICK_USER = 0x070d;
    public static final int CID_OTHER_LOGIN_STATUS_NOTIFY = 0x070e;
    public static final int CID_OTHER_PUSH_TO_USER_REQ = 0x070f;
    public static final int CID_OTHER_PUSH_TO_USER_RSP = 0x0710;
    public static final int CID_OTHER_GET_SHIELD_REQ = 0x0711;
    public static final int CID_OTHER_GET_SHIELD_RSP = 0x0712;
    public static final int CID_OTHER_FILE_TRANSFER_REQ = 0x0731;
    public static final int CID_OTHER_FILE_TRANSFER_RSP = 0x0732;
    public static final int CID_OTHER_FILE_SERVER_IP_REQ = 0x0733;
    public static final int CID_OTHER_FILE_SERVER_IP_RSP = 0x0734;

    private static final Map<Integer, String> NAMES;

    static {
        Map<Integer, String> names = new LinkedHashMap<>();
        names.put(CID_LOGIN_REQ_MSGSERVER, "CID_LOGIN_REQ_MSGSERVER");
        names.put(CID_LOGIN_RES_MSGSERVER, "CID_LOGIN_RES_MSGSERVER");
        names.put(CID_LOGIN_REQ_USERLOGIN, "CID_LOGIN_REQ_USERLOGIN");
        names.put(CID_LOGIN_RES_USERLOGIN, "CID_LOGIN_RES_USERLOGIN");
        names.put(CID_LOGIN_REQ_LOGINOUT, "CID_LOGIN_REQ_LOGINOUT");
        names.put(CID_LOGIN_RES_LOGINOUT, "CID_LOGIN_RES_LOGINOUT");
        names.put(CID_LOGIN_KICK_USER, "CID_LOGIN_KICK_USER");
        names.put(CID_LOGIN_REQ_DEVICETOKEN, "CID_LOGIN_REQ_DEVICETOKEN");
        names.put(CID_LOGIN_RES_DEVICETOKEN, "CID_LOGIN_RES_DEVICETOKEN");
        names.put(CID_LOGIN_REQ_KICKPCCLIENT, "CID_LOGIN_REQ_KICKPCCLIENT");
        names.put(CID_LOGIN_RES_KICKPCCLIENT, "CID_LOGIN_RES_KICKPCCLIENT");
        names.put(CID_LOGIN_REQ_PUSH_SHIELD, "CID_LOGIN_REQ_PUSH_SHIELD");
        names.put(CID_LOGIN_RES_PUSH_SHIELD, "CID_LOGIN_RES_PUSH_SHIELD");
        names.put(CID_LOGIN_REQ_QUERY_PUSH_SHIELD, "CID_LOGIN_REQ_QUERY_PUSH_SHIELD");
        names.put(CID_LOGIN_RES_QUERY_PUSH_SHIELD, "CID_LOGIN_RES_QUERY_PUSH_SHIELD");
        names.put(CID_BUDDY_LIST_RECENT_CONTACT_SESSION_REQUEST, "CID_BUDDY_LIST_RECENT_CONTACT_SESSION_REQUEST");
        names.put(CID_BUDDY_LIST_RECENT_CONTACT_SESSION_RESPONSE, "CID_BUDDY_LIST_RECENT_CONTACT_SESSION_RESPONSE");
        names.put(CID_BUDDY_LIST_STATUS_NOTIFY, "CID_BUDDY_LIST_STATUS_NOTIFY");
        names.put(CID_BUDDY_LIST_USER_INFO_REQUEST, "CID_BUDDY_LIST_USER_INFO_REQUEST");
        names.put(CID_BUDDY_LIST_USER_INFO_RESPONSE, "CID_BUDDY_LIST_USER_INFO_RESPONSE");
        names.put(CID_BUDDY_LIST_REMOVE_SESSION_REQ, "CID_BUDDY_LIST_REMOVE_SESSION_REQ");
        names.put(CID_BUDDY_LIST_REMOVE_SESSION_RES, "CID_BUDDY_LIST_REMOVE_SESSION_RES");
        names.put(CID_BUDDY_LIST_ALL_USER_REQUEST, "CID_BUDDY_LIST_ALL_USER_REQUEST");
        names.put(CID_BUDDY_LIST_ALL_USER_RESPONSE, "CID_BUDDY_LIST_ALL_USER_RESPONSE");
        names.put(CID_BUDDY_LIST_USERS_STATUS_REQUEST, "CID_BUDDY_LIST_USERS_STATUS_REQUEST");
        names.put(CID_BUDDY_LIST_USERS_STATUS_RESPONSE, "CID_BUDDY_LIST_USERS_STATUS_RESPONSE");
        names.put(CID_BUDDY_LIST_CHANGE_AVATAR_REQUEST, "CID_BUDDY_LIST_CHANGE_AVATAR_REQUEST");
        names.put(CID_BUDDY_LIST_CHANGE_AVATAR_RESPONSE, "CID_BUDDY_LIST_CHANGE_AVATAR_RESPONSE");
        names.put(CID_BUDDY_LIST_PC_LOGIN_STATUS_NOTIFY, "CID_BUDDY_LIST_PC_LOGIN_STATUS_NOTIFY");
        names.put(CID_BUDDY_LIST_REMOVE_SESSION_NOTIFY, "CID_BUDDY_LIST_REMOVE_SESSION_NOTIFY");
        names.put(CID_BUDDY_LIST_DEPARTMENT_REQUEST, "CID_BUDDY_LIST_DEPARTMENT_REQUEST");
        names.put(CID_BUDDY_LIST_DEPARTMENT_RESPONSE, "CID_BUDDY_LIST_DEPARTMENT_RESPONSE");
        names.put(CID_BUDDY_LIST_AVATAR_CHANGED_NOTIFY, "CID_BUDDY_LIST_AVATAR_CHANGED_NOTIFY");
        names.put(CID_BUDDY_LIST_CHANGE_SIGN_INFO_REQUEST, "CID_BUDDY_LIST_CHANGE_SIGN_INFO_REQUEST");
        names.put(CID_BUDDY_LIST_CHANGE_SIGN_INFO_RESPONSE, "CID_BUDDY_LIST_CHANGE_SIGN_INFO_RESPONSE");
        names.put(CID_BUDDY_LIST_SIGN_INFO_CHANGED_NOTIFY, "CID_BUDDY_LIST_SIGN_INFO_CHANGED_NOTIFY");
        names.put(CID_MSG_DATA, "CID_MSG_DATA");
        names.put(CID_MSG_DATA_ACK, "CID_MSG_DATA_ACK");
        names.put(CID_MSG_READ_ACK, "CID_MSG_READ_ACK");
        names.put(CID_MSG_READ_NOTIFY, "CID_MSG_READ_NOTIFY");
        names.put(CID_MSG_TIME_REQUEST, "CID_MSG_TIME_REQUEST");
        names.put(CID_MSG_TIME_RESPONSE, "CID_MSG_TIME_RESPONSE");
        names.put(CID_MSG_UNREAD_CNT_REQUEST, "CID_MSG_UNREAD_CNT_REQUEST");
        names.put(CID_MSG_UNREAD_CNT_RESPONSE, "CID_MSG_UNREAD_CNT_RESPONSE");
        names.put(CID_MSG_LIST_REQUEST, "CID_MSG_LIST_REQUEST");
        names.put(CID_MSG_LIST_RESPONSE, "CID_MSG_LIST_RESPONSE");
        names.put(CID_MSG_GET_LATEST_MSG_ID_REQ, "CID_MSG_GET_LATEST_MSG_ID_REQ");
        names.put(CID_MSG_GET_LATEST_MSG_ID_RSP, "CID_MSG_GET_LATEST_MSG_ID_RSP");
        names.put(CID_MSG_GET_BY_MSG_ID_REQ, "CID_MSG_GET_BY_MSG_ID_REQ");
        names.put(CID_MSG_GET_BY_MSG_ID_RES, "CID_MSG_GET_BY_MSG_ID_RES");
        names.put(CID_GROUP_NORMAL_LIST_REQUEST, "CID_GROUP_NORMAL_LIST_REQUEST");
        names.put(CID_GROUP_NORMAL_LIST_RESPONSE, "CID_GROUP_NORMAL_LIST_RESPONSE");
        names.put(CID_GROUP_INFO_REQUEST, "CID_GROUP_INFO_REQUEST");
        names.put(CID_GROUP_INFO_RESPONSE, "CID_GROUP_INFO_RESPONSE");
        names.put(CID_GROUP_CREATE_REQUEST, "CID_GROUP_CREATE_REQUEST");
        names.put(CID_GROUP_CREATE_RESPONSE, "CID_GROUP_CREATE_RESPONSE");
        names.put(CID_GROUP_CHANGE_MEMBER_REQUEST, "CID_GROUP_CHANGE_MEMBER_REQUEST");
        names.put(CID_GROUP_CHANGE_MEMBER_RESPONSE, "CID_GROUP_CHANGE_MEMBER_RESPONSE");
        names.put(CID_GROUP_SHIELD_GROUP_REQUEST, "CID_GROUP_SHIELD_GROUP_REQUEST");
        names.put(CID_GROUP_SHIELD_GROUP_RESPONSE, "CID_GROUP_SHIELD_GROUP_RESPONSE");
        names.put(CID_GROUP_CHANGE_MEMBER_NOTIFY, "CID_GROUP_CHANGE_MEMBER_NOTIFY");
        names.put(CID_FILE_LOGIN_REQ, "CID_FILE_LOGIN_REQ");
        names.put(CID_FILE_LOGIN_RES, "CID_FILE_LOGIN_RES");
        names.put(CID_FILE_STATE, "CID_FILE_STATE");
        names.put(CID_FILE_PULL_DATA_REQ, "CID_FILE_PULL_DATA_REQ");
        names.put(CID_FILE_PULL_DATA_RSP, "CID_FILE_PULL_DATA_RSP");
        names.put(CID_FILE_REQUEST, "CID_FILE_REQUEST");
        names.put(CID_FILE_RESPONSE, "CID_FILE_RESPONSE");
        names.put(CID_FILE_NOTIFY, "CID_FILE_NOTIFY");
        names.put(CID_FILE_HAS_OFFLINE_REQ, "CID_FILE_HAS_OFFLINE_REQ");
        names.put(CID_FILE_HAS_OFFLINE_RES, "CID_FILE_HAS_OFFLINE_RES");
        names.put(CID_FILE_ADD_OFFLINE_REQ, "CID_FILE_ADD_OFFLINE_REQ");
        names.put(CID_FILE_DEL_OFFLINE_REQ, "CID_FILE_DEL_OFFLINE_REQ");
        names.put(CID_SWITCH_P2P_CMD, "CID_SWITCH_P2P_CMD");
        names.put(CID_OTHER_HEARTBEAT, "CID_OTHER_HEARTBEAT");
        names.put(CID_OTHER_STOP_RECV_PACKET, "CID_OTHER_STOP_RECV_PACKET");
        names.put(CID_OTHER_VALIDATE_REQ, "CID_OTHER_VALIDATE_REQ");
        names.put(CID_OTHER_VALIDATE_RSP, "CID_OTHER_VALIDATE_RSP");
        names.put(CID_OTHER_GET_DEVICE_TOKEN_REQ, "CID_OTHER_GET_DEVICE_TOKEN_REQ");
        names.put(CID_OTHER_GET_DEVICE_TOKEN_RSP, "CID_OTHER_GET_DEVICE_TOKEN_RSP");
        names.put(CID_OTHER_ROLE_SET, "CID_OTHER_ROLE_SET");
        names.put(CID_OTHER_ONLINE_USER_INFO, "CID_OTHER_ONLINE_USER_INFO");
        names.put(CID_OTHER_MSG_SERV_INFO, "CID_OTHER_MSG_SERV_INFO");
        names.put(CID_OTHER_USER_STATUS_UPDATE, "CID_OTHER_USER_STATUS_UPDATE");
        names.put(CID_OTHER_USER_CNT_UPDATE, "CID_OTHER_USER_CNT_UPDATE");
        names.put(CID_OTHER_SERVER_KICK_USER, "CID_OTHER_SERVER_KICK_USER");
        names.put(CID_OTHER_LOGIN_STATUS_NOTIFY, "CID_OTHER_LOGIN_STATUS_NOTIFY");
        names.put(CID_OTHER_PUSH_TO_USER_REQ, "CID_OTHER_PUSH_TO_USER_REQ");
        names.put(CID_OTHER_PUSH_TO_USER_RSP, "CID_OTHER_PUSH_TO_USER_RSP");
        names.put(CID_OTHER_GET_SHIELD_REQ, "CID_OTHER_GET_SHIELD_REQ");
        names.put(CID_OTHER_GET_SHIELD_RSP, "CID_OTHER_GET_SHIELD_RSP");
        names.put(CID_OTHER_FILE_TRANSFER_REQ, "CID_OTHER_FILE_TRANSFER_REQ");
        names.put(CID_OTHER_FILE_TRANSFER_RSP, "CID_OTHER_FILE_TRANSFER_RSP");
        names.put(CID_OTHER_FILE_SERVER_IP_REQ, "CID_OTHER_FILE_SERVER_IP_REQ");
        names.put(CID_OTHER_FILE_SERVER_IP_RSP, "CID_OTHER_FILE_SERVER_IP_RSP");
        NAMES = Collections.unmodifiableMap(names);
    }

    private CommandId() {
    }

    /** All command ids in numeric order, mapped to their TeamTalk enum names. */
    public static Map<Integer, String> all() {
        return NAMES;
    }

    public static boolean isKnown(int commandId) {
        return NAMES.containsKey(commandId);
    }

    /** The TeamTalk name, or {@code 0x%04x} for an id TeamTalk does not define. */
    public static String name(int commandId) {
        String name = NAMES.get(commandId);
        return name != null ? name : String.format("0x%04x", commandId);
    }
}
