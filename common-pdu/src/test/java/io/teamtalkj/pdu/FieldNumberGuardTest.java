package io.teamtalkj.pdu;

import static io.teamtalkj.testing.Frames.concat;
import static io.teamtalkj.testing.Frames.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.mogujie.tt.protobuf.IMBaseDefine;
import com.mogujie.tt.protobuf.IMBaseDefine.ClientType;
import com.mogujie.tt.protobuf.IMBaseDefine.GroupType;
import com.mogujie.tt.protobuf.IMBaseDefine.MsgType;
import com.mogujie.tt.protobuf.IMBaseDefine.ResultType;
import com.mogujie.tt.protobuf.IMBaseDefine.SessionType;
import com.mogujie.tt.protobuf.IMBaseDefine.UserStatType;
import com.mogujie.tt.protobuf.IMBuddy;
import com.mogujie.tt.protobuf.IMFile;
import com.mogujie.tt.protobuf.IMGroup;
import com.mogujie.tt.protobuf.IMLogin;
import com.mogujie.tt.protobuf.IMMessage;
import com.mogujie.tt.protobuf.IMSwitchService;
import io.teamtalkj.testing.ProtoBytes;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Guards the field numbers, wire types and enum numbers of the generated classes against
 * teamtalk.md §3.4. Every body here is written by hand from the document's field numbers (raw tag
 * bytes or {@link ProtoBytes}), never by a generated class, and then parsed with the generated
 * parser. A renumbered field lands in the unknown fields and its getter returns the default, so
 * each test fails if the .proto files drift from the wire.
 */
class FieldNumberGuardTest {

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static void assertNoUnknownFields(Message m) {
        assertThat(m.getUnknownFields().asMap()).as("unknown fields of %s", m.getDescriptorForType().getName())
                .isEmpty();
        for (Object value : m.getAllFields().values()) {
            if (value instanceof Message nested) {
                assertNoUnknownFields(nested);
            } else if (value instanceof List<?> list) {
                list.stream().filter(Message.class::isInstance).map(Message.class::cast)
                        .forEach(FieldNumberGuardTest::assertNoUnknownFields);
            }
        }
    }

    // ---- IMMsgData (0x0301) ---------------------------------------------------------------------

    /** IMMsgData written with raw tag bytes: (field << 3) | wire type. */
    private static final byte[] MSG_DATA_BYTES = concat(
            hex("08 e9 07"),       // 1 from_user_id  = 1001      varint
            hex("10 d2 0f"),       // 2 to_session_id = 2002      varint
            hex("18 2a"),          // 3 msg_id        = 42        varint
            hex("20 c0 84 3d"),    // 4 create_time   = 1000000   varint
            hex("28 11"),          // 5 msg_type      = 0x11      MSG_TYPE_GROUP_TEXT
            hex("32 05"), ascii("hello"), // 6 msg_data bytes
            hex("a2 01 03 01 02 03")); // 20 attach_data: tag 20<<3|2 = 162 = a2 01, length 3

    @Test
    void msgDataHandWrittenBytesParse() throws Exception {
        IMMessage.IMMsgData m = IMMessage.IMMsgData.parseFrom(MSG_DATA_BYTES);

        assertThat(m.getFromUserId()).isEqualTo(1001);
        assertThat(m.getToSessionId()).isEqualTo(2002);
        assertThat(m.getMsgId()).isEqualTo(42);
        assertThat(m.getCreateTime()).isEqualTo(1_000_000);
        assertThat(m.getMsgType()).isEqualTo(MsgType.MSG_TYPE_GROUP_TEXT);
        assertThat(m.getMsgData().toStringUtf8()).isEqualTo("hello");
        assertThat(m.hasAttachData()).isTrue();
        assertThat(m.getAttachData().toByteArray()).containsExactly(1, 2, 3);
        assertNoUnknownFields(m);
    }

    @Test
    void msgDataWrittenWithCodedOutputStreamMatchesTheRawBytes() {
        byte[] coded = ProtoBytes.message()
                .uint32(1, 1001).uint32(2, 2002).uint32(3, 42).uint32(4, 1_000_000)
                .enumValue(5, 0x11).bytes(6, ascii("hello")).bytes(20, new byte[] {1, 2, 3})
                .toByteArray();

        assertThat(coded).containsExactly(MSG_DATA_BYTES);
    }

    @Test
    void generatedMsgDataSerializesToExactlyTheHandWrittenBytes() {
        IMMessage.IMMsgData m = IMMessage.IMMsgData.newBuilder()
                .setFromUserId(1001).setToSessionId(2002).setMsgId(42).setCreateTime(1_000_000)
                .setMsgType(MsgType.MSG_TYPE_GROUP_TEXT)
                .setMsgData(ByteString.copyFromUtf8("hello"))
                .setAttachData(ByteString.copyFrom(new byte[] {1, 2, 3}))
                .build();

        assertThat(m.toByteArray()).containsExactly(MSG_DATA_BYTES);
    }

    @Test
    void msgDataWithoutAttachDataIsWhatClientsSend() throws Exception {
        byte[] withoutAttach = Arrays.copyOf(MSG_DATA_BYTES, MSG_DATA_BYTES.length - 6);

        IMMessage.IMMsgData m = IMMessage.IMMsgData.parseFrom(withoutAttach);

        assertThat(m.hasAttachData()).isFalse();
        assertThat(m.isInitialized()).isTrue();
    }

    // ---- IMLoginReq (0x0103) --------------------------------------------------------------------

    @Test
    void loginReqHandWrittenBytesParse() throws Exception {
        byte[] bytes = ProtoBytes.message()
                .string(1, "张三")                               // user_name (UTF-8)
                .string(2, "e10adc3949ba59abbe56e057f20f883e")   // password: md5 hex
                .enumValue(3, 3)                                 // online_status USER_STATUS_LEAVE
                .enumValue(4, 0x11)                              // client_type CLIENT_TYPE_IOS
                .string(5, "MAC/2.0")                            // client_version
                .toByteArray();
        assertThat(bytes[0]).isEqualTo((byte) 0x0a);

        IMLogin.IMLoginReq m = IMLogin.IMLoginReq.parseFrom(bytes);

        assertThat(m.getUserName()).isEqualTo("张三");
        assertThat(m.getPassword()).isEqualTo("e10adc3949ba59abbe56e057f20f883e");
        assertThat(m.getOnlineStatus()).isEqualTo(UserStatType.USER_STATUS_LEAVE);
        assertThat(m.getClientType()).isEqualTo(ClientType.CLIENT_TYPE_IOS);
        assertThat(m.getClientVersion()).isEqualTo("MAC/2.0");
        assertNoUnknownFields(m);
        assertThat(m.toByteArray()).containsExactly(bytes);
    }

    @Test
    void loginReqWithAnUnknownClientTypeIsMissingARequiredField() {
        byte[] bytes = concat(hex("0a 01"), ascii("a"), hex("12 01"), ascii("b"), hex("18 01"), hex("20 7f"));

        // proto2: an unknown value of a required enum is kept as an unknown field, so the field is missing
        assertThatThrownBy(() -> IMLogin.IMLoginReq.parseFrom(bytes))
                .isInstanceOf(InvalidProtocolBufferException.class)
                .hasMessageContaining("client_type");
    }

    // ---- IMGroupInfoListRsp (0x0404) with GroupInfo ----------------------------------------------

    private static ProtoBytes groupInfo(int id, String name, int type, int... members) {
        ProtoBytes g = ProtoBytes.message()
                .uint32(1, id)                    // group_id
                .uint32(2, id + 100)              // version
                .string(3, name)                  // group_name
                .string(4, "http://a/" + id)      // group_avatar
                .uint32(5, 7)                     // group_creator_id
                .enumValue(6, type)               // group_type
                .uint32(7, 1);                    // shield_status
        for (int member : members) {
            g.uint32(8, member);                  // repeated group_member_list, unpacked (proto2)
        }
        return g;
    }

    private static final byte[] GROUP_INFO_LIST_BYTES = ProtoBytes.message()
            .uint32(1, 7)                                               // user_id
            .message(2, groupInfo(11, "team", 1, 7, 8, 9))              // group_info_list[0], NORMAL
            .message(2, groupInfo(12, "临时群", 2, 7, 300000))           // group_info_list[1], TMP
            .bytes(20, new byte[] {0, 0, 0, 1})                         // attach_data
            .toByteArray();

    @Test
    void groupInfoListRspHandWrittenBytesParse() throws Exception {
        IMGroup.IMGroupInfoListRsp m = IMGroup.IMGroupInfoListRsp.parseFrom(GROUP_INFO_LIST_BYTES);

        assertThat(m.getUserId()).isEqualTo(7);
        assertThat(m.getGroupInfoListCount()).isEqualTo(2);

        IMBaseDefine.GroupInfo g0 = m.getGroupInfoList(0);
        assertThat(g0.getGroupId()).isEqualTo(11);
        assertThat(g0.getVersion()).isEqualTo(111);
        assertThat(g0.getGroupName()).isEqualTo("team");
        assertThat(g0.getGroupAvatar()).isEqualTo("http://a/11");
        assertThat(g0.getGroupCreatorId()).isEqualTo(7);
        assertThat(g0.getGroupType()).isEqualTo(GroupType.GROUP_TYPE_NORMAL);
        assertThat(g0.getShieldStatus()).isEqualTo(1);
        assertThat(g0.getGroupMemberListList()).containsExactly(7, 8, 9);

        IMBaseDefine.GroupInfo g1 = m.getGroupInfoList(1);
        assertThat(g1.getGroupId()).isEqualTo(12);
        assertThat(g1.getVersion()).isEqualTo(112);
        assertThat(g1.getGroupName()).isEqualTo("临时群");
        assertThat(g1.getGroupAvatar()).isEqualTo("http://a/12");
        assertThat(g1.getGroupCreatorId()).isEqualTo(7);
        assertThat(g1.getGroupType()).isEqualTo(GroupType.GROUP_TYPE_TMP);
        assertThat(g1.getShieldStatus()).isEqualTo(1);
        assertThat(g1.getGroupMemberListList()).containsExactly(7, 300000);

        assertThat(m.getAttachData().toByteArray()).containsExactly(0, 0, 0, 1);
        assertNoUnknownFields(m);
    }

    @Test
    void generatedGroupInfoListRspSerializesToTheHandWrittenBytes() throws Exception {
        IMGroup.IMGroupInfoListRsp m = IMGroup.IMGroupInfoListRsp.parseFrom(GROUP_INFO_LIST_BYTES);
        IMGroup.IMGroupInfoListRsp rebuilt = IMGroup.IMGroupInfoListRsp.newBuilder()
                .setUserId(7)
                .addGroupInfoList(IMBaseDefine.GroupInfo.newBuilder().setGroupId(11).setVersion(111).setGroupName("team")
                        .setGroupAvatar("http://a/11").setGroupCreatorId(7).setGroupType(GroupType.GROUP_TYPE_NORMAL)
                        .setShieldStatus(1).addGroupMemberList(7).addGroupMemberList(8).addGroupMemberList(9))
                .addGroupInfoList(IMBaseDefine.GroupInfo.newBuilder().setGroupId(12).setVersion(112).setGroupName("临时群")
                        .setGroupAvatar("http://a/12").setGroupCreatorId(7).setGroupType(GroupType.GROUP_TYPE_TMP)
                        .setShieldStatus(1).addGroupMemberList(7).addGroupMemberList(300000))
                .setAttachData(ByteString.copyFrom(new byte[] {0, 0, 0, 1}))
                .build();

        assertThat(rebuilt).isEqualTo(m);
        // proto2 writes repeated uint32 unpacked, as TeamTalk's protobuf 2.6.1 peers do
        assertThat(rebuilt.toByteArray()).containsExactly(GROUP_INFO_LIST_BYTES);
    }

    @Test
    void packedMemberListIsAlsoAccepted() throws Exception {
        // field 8, wire type 2 (0x42), length 4: varints 7, 8, 9 and 300 (ac 02)
        byte[] group = concat(ProtoBytes.message().uint32(1, 1).uint32(2, 1).string(3, "g").string(4, "")
                .uint32(5, 1).enumValue(6, 2).uint32(7, 0).toByteArray(), hex("42 05 07 08 09 ac 02"));

        IMBaseDefine.GroupInfo g = IMBaseDefine.GroupInfo.parseFrom(group);

        assertThat(g.getGroupMemberListList()).containsExactly(7, 8, 9, 300);
    }

    // ---- IMLoginRes (0x0104) with UserInfo -----------------------------------------------------

    private static ProtoBytes userInfo(int id) {
        return ProtoBytes.message()
                .uint32(1, id)                      // user_id
                .uint32(2, 2)                       // user_gender
                .string(3, "nick" + id)             // user_nick_name
                .string(4, "http://avatar/" + id)   // avatar_url
                .uint32(5, 9)                       // department_id
                .string(6, id + "@example.com")     // email
                .string(7, "name" + id)             // user_real_name
                .string(8, "1380000" + id)          // user_tel
                .string(9, "domain" + id)           // user_domain
                .uint32(10, 0)                      // status
                .string(11, "sign " + id);          // sign_info
    }

    private static IMBaseDefine.UserInfo expectedUserInfo(int id) {
        return IMBaseDefine.UserInfo.newBuilder()
                .setUserId(id).setUserGender(2).setUserNickName("nick" + id).setAvatarUrl("http://avatar/" + id)
                .setDepartmentId(9).setEmail(id + "@example.com").setUserRealName("name" + id)
                .setUserTel("1380000" + id).setUserDomain("domain" + id).setStatus(0).setSignInfo("sign " + id)
                .build();
    }

    @Test
    void loginResWithUserInfoParses() throws Exception {
        byte[] bytes = ProtoBytes.message()
                .uint32(1, 1_439_251_200)    // server_time
                .enumValue(2, 0)             // result_code REFUSE_REASON_NONE
                .string(3, "ok")             // result_string
                .enumValue(4, 1)             // online_status USER_STATUS_ONLINE
                .message(5, userInfo(42))    // user_info
                .toByteArray();

        IMLogin.IMLoginRes m = IMLogin.IMLoginRes.parseFrom(bytes);

        assertThat(m.getServerTime()).isEqualTo(1_439_251_200);
        assertThat(m.getResultCode()).isEqualTo(ResultType.REFUSE_REASON_NONE);
        assertThat(m.getResultString()).isEqualTo("ok");
        assertThat(m.getOnlineStatus()).isEqualTo(UserStatType.USER_STATUS_ONLINE);
        IMBaseDefine.UserInfo u = m.getUserInfo();
        assertThat(u.getUserId()).isEqualTo(42);
        assertThat(u.getUserGender()).isEqualTo(2);
        assertThat(u.getUserNickName()).isEqualTo("nick42");
        assertThat(u.getAvatarUrl()).isEqualTo("http://avatar/42");
        assertThat(u.getDepartmentId()).isEqualTo(9);
        assertThat(u.getEmail()).isEqualTo("42@example.com");
        assertThat(u.getUserRealName()).isEqualTo("name42");
        assertThat(u.getUserTel()).isEqualTo("138000042");
        assertThat(u.getUserDomain()).isEqualTo("domain42");
        assertThat(u.hasStatus()).isTrue();
        assertThat(u.getStatus()).isZero();
        assertThat(u.getSignInfo()).isEqualTo("sign 42");
        assertNoUnknownFields(m);
        assertThat(m.toByteArray()).containsExactly(bytes);
    }

    @Test
    void failedLoginResIsJustTimeAndCode() throws Exception {
        IMLogin.IMLoginRes m = IMLogin.IMLoginRes.parseFrom(hex("08 01 10 06"));

        assertThat(m.getServerTime()).isEqualTo(1);
        assertThat(m.getResultCode()).isEqualTo(ResultType.REFUSE_REASON_DB_VALIDATE_FAILED);
        assertThat(m.hasUserInfo()).isFalse();
    }

    // ---- IMMsgDataAck (0x0302) -------------------------------------------------------------------

    @Test
    void msgDataAckParses() throws Exception {
        // 1 user_id = 5, 2 session_id = 6, 3 msg_id = 200 (c8 01), 4 session_type = SESSION_TYPE_GROUP
        byte[] bytes = hex("08 05 10 06 18 c8 01 20 02");

        IMMessage.IMMsgDataAck m = IMMessage.IMMsgDataAck.parseFrom(bytes);

        assertThat(m.getUserId()).isEqualTo(5);
        assertThat(m.getSessionId()).isEqualTo(6);
        assertThat(m.getMsgId()).isEqualTo(200);
        assertThat(m.getSessionType()).isEqualTo(SessionType.SESSION_TYPE_GROUP);
        assertNoUnknownFields(m);
        assertThat(m.toByteArray()).containsExactly(bytes);
    }

    // ---- IMGetMsgListRsp (0x030a) with MsgInfo ---------------------------------------------------

    private static ProtoBytes msgInfo(int msgId, int type, String data) {
        return ProtoBytes.message()
                .uint32(1, msgId)          // msg_id
                .uint32(2, 1000 + msgId)   // from_session_id
                .uint32(3, 1_439_000_000 + msgId) // create_time
                .enumValue(4, type)        // msg_type
                .bytes(5, ascii(data));    // msg_data
    }

    @Test
    void getMsgListRspWithMsgInfoParses() throws Exception {
        byte[] bytes = ProtoBytes.message()
                .uint32(1, 3)                                // user_id
                .enumValue(2, 1)                             // session_type SINGLE
                .uint32(3, 4)                                // session_id
                .uint32(4, 20)                               // msg_id_begin
                .message(5, msgInfo(20, 0x01, "text"))       // msg_list[0]
                .message(5, msgInfo(19, 0x02, "audio"))      // msg_list[1]
                .bytes(20, ascii("att"))                     // attach_data
                .toByteArray();

        IMMessage.IMGetMsgListRsp m = IMMessage.IMGetMsgListRsp.parseFrom(bytes);

        assertThat(m.getUserId()).isEqualTo(3);
        assertThat(m.getSessionType()).isEqualTo(SessionType.SESSION_TYPE_SINGLE);
        assertThat(m.getSessionId()).isEqualTo(4);
        assertThat(m.getMsgIdBegin()).isEqualTo(20);
        assertThat(m.getMsgListCount()).isEqualTo(2);
        IMBaseDefine.MsgInfo first = m.getMsgList(0);
        assertThat(first.getMsgId()).isEqualTo(20);
        assertThat(first.getFromSessionId()).isEqualTo(1020);
        assertThat(first.getCreateTime()).isEqualTo(1_439_000_020);
        assertThat(first.getMsgType()).isEqualTo(MsgType.MSG_TYPE_SINGLE_TEXT);
        assertThat(first.getMsgData().toStringUtf8()).isEqualTo("text");
        IMBaseDefine.MsgInfo second = m.getMsgList(1);
        assertThat(second.getMsgId()).isEqualTo(19);
        assertThat(second.getMsgType()).isEqualTo(MsgType.MSG_TYPE_SINGLE_AUDIO);
        assertThat(second.getMsgData().toStringUtf8()).isEqualTo("audio");
        assertThat(m.getAttachData().toStringUtf8()).isEqualTo("att");
        assertNoUnknownFields(m);
        assertThat(m.toByteArray()).containsExactly(bytes);
    }

    // ---- a few more cheap guards -------------------------------------------------------------------

    @Test
    void recentContactSessionRspParses() throws Exception {
        byte[] bytes = ProtoBytes.message()
                .uint32(1, 8)
                .message(2, ProtoBytes.message()
                        .uint32(1, 9)              // session_id
                        .enumValue(2, 2)           // session_type GROUP
                        .enumValue(3, 1)           // session_status DELETE
                        .uint32(4, 1234)           // updated_time
                        .uint32(5, 77)             // latest_msg_id
                        .bytes(6, ascii("x"))      // latest_msg_data
                        .enumValue(7, 0x12)        // latest_msg_type GROUP_AUDIO
                        .uint32(8, 10))            // latest_msg_from_user_id
                .toByteArray();

        IMBuddy.IMRecentContactSessionRsp m = IMBuddy.IMRecentContactSessionRsp.parseFrom(bytes);

        assertThat(m).isEqualTo(IMBuddy.IMRecentContactSessionRsp.newBuilder().setUserId(8)
                .addContactSessionList(IMBaseDefine.ContactSessionInfo.newBuilder().setSessionId(9)
                        .setSessionType(SessionType.SESSION_TYPE_GROUP)
                        .setSessionStatus(IMBaseDefine.SessionStatusType.SESSION_STATUS_DELETE)
                        .setUpdatedTime(1234).setLatestMsgId(77).setLatestMsgData(ByteString.copyFromUtf8("x"))
                        .setLatestMsgType(MsgType.MSG_TYPE_GROUP_AUDIO).setLatestMsgFromUserId(10))
                .build());
        assertNoUnknownFields(m);
    }

    @Test
    void unreadMsgCntRspParses() throws Exception {
        byte[] bytes = ProtoBytes.message()
                .uint32(1, 8)
                .uint32(2, 5)
                .message(3, ProtoBytes.message()
                        .uint32(1, 9).enumValue(2, 1).uint32(3, 5).uint32(4, 99)
                        .bytes(5, ascii("last")).enumValue(6, 0x01).uint32(7, 9))
                .toByteArray();

        IMMessage.IMUnreadMsgCntRsp m = IMMessage.IMUnreadMsgCntRsp.parseFrom(bytes);

        assertThat(m).isEqualTo(IMMessage.IMUnreadMsgCntRsp.newBuilder().setUserId(8).setTotalCnt(5)
                .addUnreadinfoList(IMBaseDefine.UnreadInfo.newBuilder().setSessionId(9)
                        .setSessionType(SessionType.SESSION_TYPE_SINGLE).setUnreadCnt(5).setLatestMsgId(99)
                        .setLatestMsgData(ByteString.copyFromUtf8("last")).setLatestMsgType(MsgType.MSG_TYPE_SINGLE_TEXT)
                        .setLatestMsgFromUserId(9))
                .build());
        assertNoUnknownFields(m);
    }

    @Test
    void groupCreateReqParsesAndDefaultsToTemporary() throws Exception {
        byte[] bytes = ProtoBytes.message()
                .uint32(1, 1).enumValue(2, 2).string(3, "g").string(4, "a").uint32(5, 1).uint32(5, 2)
                .toByteArray();

        IMGroup.IMGroupCreateReq m = IMGroup.IMGroupCreateReq.parseFrom(bytes);

        assertThat(m.getUserId()).isEqualTo(1);
        assertThat(m.getGroupType()).isEqualTo(GroupType.GROUP_TYPE_TMP);
        assertThat(m.getGroupName()).isEqualTo("g");
        assertThat(m.getGroupAvatar()).isEqualTo("a");
        assertThat(m.getMemberIdListList()).containsExactly(1, 2);
        assertNoUnknownFields(m);
    }

    @Test
    void p2pCmdMsgParses() throws Exception {
        byte[] bytes = ProtoBytes.message().uint32(1, 3).uint32(2, 4).string(3, "{\"typing\":1}").toByteArray();

        IMSwitchService.IMP2PCmdMsg m = IMSwitchService.IMP2PCmdMsg.parseFrom(bytes);

        assertThat(m.getFromUserId()).isEqualTo(3);
        assertThat(m.getToUserId()).isEqualTo(4);
        assertThat(m.getCmdMsgData()).isEqualTo("{\"typing\":1}");
        assertNoUnknownFields(m);
    }

    @Test
    void fileRspWithIpAddrListParses() throws Exception {
        byte[] bytes = ProtoBytes.message()
                .uint32(1, 0)                                                   // result_code
                .uint32(2, 3)                                                   // from_user_id
                .uint32(3, 4)                                                   // to_user_id
                .string(4, "a.txt")                                             // file_name
                .string(5, "uuid")                                              // task_id
                .message(6, ProtoBytes.message().string(1, "10.0.0.1").uint32(2, 8600)) // ip_addr_list
                .enumValue(7, 2)                                                // trans_mode OFFLINE
                .toByteArray();

        IMFile.IMFileRsp m = IMFile.IMFileRsp.parseFrom(bytes);

        assertThat(m.getResultCode()).isZero();
        assertThat(m.getFromUserId()).isEqualTo(3);
        assertThat(m.getToUserId()).isEqualTo(4);
        assertThat(m.getFileName()).isEqualTo("a.txt");
        assertThat(m.getTaskId()).isEqualTo("uuid");
        assertThat(m.getIpAddrList(0).getIp()).isEqualTo("10.0.0.1");
        assertThat(m.getIpAddrList(0).getPort()).isEqualTo(8600);
        assertThat(m.getTransMode()).isEqualTo(IMBaseDefine.TransferFileType.FILE_TYPE_OFFLINE);
        assertNoUnknownFields(m);
    }

    @Test
    void usersInfoRspWithTwoUsersParses() throws Exception {
        byte[] bytes = ProtoBytes.message().uint32(1, 1).message(2, userInfo(5)).message(2, userInfo(6))
                .bytes(20, new byte[] {9}).toByteArray();

        IMBuddy.IMUsersInfoRsp m = IMBuddy.IMUsersInfoRsp.parseFrom(bytes);

        assertThat(m.getUserId()).isEqualTo(1);
        assertThat(m.getUserInfoListList()).containsExactly(expectedUserInfo(5), expectedUserInfo(6));
        assertThat(m.getAttachData().toByteArray()).containsExactly(9);
        assertNoUnknownFields(m);
    }
}
