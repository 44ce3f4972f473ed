package io.teamtalkj.pdu;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.ProtocolMessageEnum;
import com.mogujie.tt.protobuf.IMBaseDefine;
import com.mogujie.tt.protobuf.IMGroup;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Command ids (teamtalk.md §2) and enum numbers (§3.2). */
class CommandIdTest {

    @Test
    void thereAreExactly95CommandIds() {
        assertThat(CommandId.all()).hasSize(95);
        assertThat(CommandId.all().values()).doesNotHaveDuplicates();
    }

    @Test
    void everyIdsHighByteIsItsServiceFrom1To7() {
        Map<Integer, Integer> perService = new TreeMap<>();
        for (int id : CommandId.all().keySet()) {
            int service = id >>> 8;
            assertThat(service).as(CommandId.name(id)).isBetween(1, 7);
            assertThat(ServiceId.of(id)).as(CommandId.name(id)).isEqualTo(service);
            assertThat(id).as(CommandId.name(id)).isLessThanOrEqualTo(0xffff);
            perService.merge(service, 1, Integer::sum);
        }
        // LOGIN 15, BUDDY_LIST 21, MSG 14, GROUP 11, FILE 12, SWITCH_SERVICE 1, OTHER 21
        assertThat(perService).containsExactly(Map.entry(1, 15), Map.entry(2, 21), Map.entry(3, 14),
                Map.entry(4, 11), Map.entry(5, 12), Map.entry(6, 1), Map.entry(7, 21));
    }

    @Test
    void namesStartWithTheirServicesPrefix() {
        Map<Integer, String> prefixes = Map.of(1, "CID_LOGIN_", 2, "CID_BUDDY_LIST_", 3, "CID_MSG_", 4, "CID_GROUP_",
                5, "CID_FILE_", 6, "CID_SWITCH_", 7, "CID_OTHER_");
        CommandId.all().forEach((id, name) -> assertThat(name).startsWith(prefixes.get(id >>> 8)));
    }

    @Test
    void gap0x070cIsAbsent() {
        assertThat(CommandId.all()).doesNotContainKey(0x070c);
        assertThat(CommandId.isKnown(0x070c)).isFalse();
        assertThat(CommandId.name(0x070c)).isEqualTo("0x070c");
        assertThat(MessageTypes.defaultInstance(0x070c)).isNull();
    }

    @Test
    void spotChecksAgainstTheProtocolDocument() {
        assertThat(CommandId.CID_LOGIN_REQ_MSGSERVER).isEqualTo(0x0101);
        assertThat(CommandId.CID_LOGIN_REQ_USERLOGIN).isEqualTo(0x0103);
        assertThat(CommandId.CID_LOGIN_RES_USERLOGIN).isEqualTo(0x0104);
        assertThat(CommandId.CID_LOGIN_RES_QUERY_PUSH_SHIELD).isEqualTo(0x010f);
        assertThat(CommandId.CID_BUDDY_LIST_AVATAR_CHANGED_NOTIFY).isEqualTo(0x0212);
        assertThat(CommandId.CID_BUDDY_LIST_SIGN_INFO_CHANGED_NOTIFY).isEqualTo(0x0215);
        assertThat(CommandId.CID_MSG_DATA).isEqualTo(0x0301);
        assertThat(CommandId.CID_MSG_DATA_ACK).isEqualTo(0x0302);
        assertThat(CommandId.CID_MSG_GET_BY_MSG_ID_RES).isEqualTo(0x030e);
        assertThat(CommandId.CID_GROUP_CHANGE_MEMBER_NOTIFY).isEqualTo(0x040b);
        assertThat(CommandId.CID_FILE_DEL_OFFLINE_REQ).isEqualTo(0x050c);
        assertThat(CommandId.CID_SWITCH_P2P_CMD).isEqualTo(0x0601);
        assertThat(CommandId.CID_OTHER_HEARTBEAT).isEqualTo(0x0701);
        assertThat(CommandId.CID_OTHER_USER_CNT_UPDATE).isEqualTo(0x070b);
        assertThat(CommandId.CID_OTHER_SERVER_KICK_USER).isEqualTo(0x070d);
        assertThat(CommandId.CID_OTHER_GET_SHIELD_RSP).isEqualTo(0x0712);
        // the proto comments say 0x0715..0x0718; the code (and the wire) use 0x0731..0x0734
        assertThat(CommandId.CID_OTHER_FILE_TRANSFER_REQ).isEqualTo(0x0731);
        assertThat(CommandId.CID_OTHER_FILE_SERVER_IP_RSP).isEqualTo(0x0734);

        assertThat(CommandId.name(0x0301)).isEqualTo("CID_MSG_DATA");
        assertThat(CommandId.name(0x0734)).isEqualTo("CID_OTHER_FILE_SERVER_IP_RSP");
        assertThat(CommandId.name(0x0215)).isEqualTo("CID_BUDDY_LIST_SIGN_INFO_CHANGED_NOTIFY");
    }

    @Test
    void allIsInNumericOrder() {
        assertThat(new ArrayList<>(CommandId.all().keySet())).isSorted();
    }

    @Test
    void serviceIdsMatchTheGeneratedEnum() {
        assertThat(ServiceId.SID_LOGIN).isEqualTo(IMBaseDefine.ServiceID.SID_LOGIN_VALUE).isEqualTo(1);
        assertThat(ServiceId.SID_BUDDY_LIST).isEqualTo(IMBaseDefine.ServiceID.SID_BUDDY_LIST_VALUE).isEqualTo(2);
        assertThat(ServiceId.SID_MSG).isEqualTo(IMBaseDefine.ServiceID.SID_MSG_VALUE).isEqualTo(3);
        assertThat(ServiceId.SID_GROUP).isEqualTo(IMBaseDefine.ServiceID.SID_GROUP_VALUE).isEqualTo(4);
        assertThat(ServiceId.SID_FILE).isEqualTo(IMBaseDefine.ServiceID.SID_FILE_VALUE).isEqualTo(5);
        assertThat(ServiceId.SID_SWITCH_SERVICE).isEqualTo(IMBaseDefine.ServiceID.SID_SWITCH_SERVICE_VALUE).isEqualTo(6);
        assertThat(ServiceId.SID_OTHER).isEqualTo(IMBaseDefine.ServiceID.SID_OTHER_VALUE).isEqualTo(7);
        assertThat(ServiceId.SID_INTERNAL).isEqualTo(IMBaseDefine.ServiceID.SID_INTERNAL_VALUE).isEqualTo(8);
        assertThat(IMBaseDefine.ServiceID.values()).hasSize(8);
    }

    @Test
    void messageTypesCoverEveryCommandId() {
        assertThat(MessageTypes.all().keySet()).containsExactlyElementsOf(CommandId.all().keySet());
        CommandId.all().keySet().forEach(id -> assertThat(MessageTypes.defaultInstance(id)).as(CommandId.name(id))
                .isNotNull());
        assertThat(MessageTypes.all().values().stream().map(m -> m.getDescriptorForType().getFullName()))
                .as("one message type per command").doesNotHaveDuplicates();
    }

    @Test
    void messageTypeSpotChecks() {
        assertThat(MessageTypes.defaultInstance(CommandId.CID_MSG_DATA).getDescriptorForType().getFullName())
                .isEqualTo("IM.Message.IMMsgData");
        assertThat(MessageTypes.defaultInstance(CommandId.CID_LOGIN_REQ_USERLOGIN).getDescriptorForType().getFullName())
                .isEqualTo("IM.Login.IMLoginReq");
        assertThat(MessageTypes.defaultInstance(CommandId.CID_OTHER_HEARTBEAT).getDescriptorForType().getFullName())
                .isEqualTo("IM.Other.IMHeartBeat");
        assertThat(MessageTypes.defaultInstance(CommandId.CID_OTHER_LOGIN_STATUS_NOTIFY).getDescriptorForType()
                .getFullName()).isEqualTo("IM.Server.IMServerPCLoginStatusNotify");
        assertThat(MessageTypes.defaultInstance(CommandId.CID_BUDDY_LIST_STATUS_NOTIFY).getDescriptorForType()
                .getFullName()).isEqualTo("IM.Buddy.IMUserStatNotify");
        assertThat(MessageTypes.defaultInstance(CommandId.CID_OTHER_FILE_SERVER_IP_RSP).getDescriptorForType()
                .getFullName()).isEqualTo("IM.Server.IMFileServerIPRsp");
    }

    @Test
    void generatedCmdIdEnumsHoldExactlyTheSameNamesAndValues() {
        Map<String, Integer> fromEnums = new LinkedHashMap<>();
        Stream.of(IMBaseDefine.LoginCmdID.values(), IMBaseDefine.BuddyListCmdID.values(),
                        IMBaseDefine.MessageCmdID.values(), IMBaseDefine.GroupCmdID.values(),
                        IMBaseDefine.FileCmdID.values(), IMBaseDefine.SwitchServiceCmdID.values(),
                        IMBaseDefine.OtherCmdID.values())
                .flatMap(Stream::of)
                .forEach(e -> assertThat(fromEnums.put(((Enum<?>) e).name(), ((ProtocolMessageEnum) e).getNumber()))
                        .as("duplicate %s", e).isNull());

        Map<String, Integer> fromCommandId = new LinkedHashMap<>();
        CommandId.all().forEach((id, name) -> fromCommandId.put(name, id));

        assertThat(fromEnums).hasSize(95);
        assertThat(fromEnums).containsExactlyInAnyOrderEntriesOf(fromCommandId);
    }

    @Test
    void commandIdConstantsMatchTheirNames() throws Exception {
        for (Map.Entry<Integer, String> e : CommandId.all().entrySet()) {
            assertThat(CommandId.class.getField(e.getValue()).getInt(null)).as(e.getValue()).isEqualTo(e.getKey());
        }
        long constants = Stream.of(CommandId.class.getFields()).filter(f -> f.getName().startsWith("CID_")).count();
        assertThat(constants).isEqualTo(95);
    }

    @Test
    void enumSpotChecks() {
        assertThat(IMBaseDefine.ClientType.CLIENT_TYPE_WINDOWS.getNumber()).isEqualTo(0x01);
        assertThat(IMBaseDefine.ClientType.CLIENT_TYPE_MAC.getNumber()).isEqualTo(0x02);
        assertThat(IMBaseDefine.ClientType.CLIENT_TYPE_IOS.getNumber()).isEqualTo(0x11);
        assertThat(IMBaseDefine.ClientType.CLIENT_TYPE_ANDROID.getNumber()).isEqualTo(0x12);
        assertThat(IMBaseDefine.MsgType.MSG_TYPE_SINGLE_TEXT.getNumber()).isEqualTo(0x01);
        assertThat(IMBaseDefine.MsgType.MSG_TYPE_SINGLE_AUDIO.getNumber()).isEqualTo(0x02);
        assertThat(IMBaseDefine.MsgType.MSG_TYPE_GROUP_TEXT.getNumber()).isEqualTo(0x11);
        assertThat(IMBaseDefine.MsgType.MSG_TYPE_GROUP_AUDIO.getNumber()).isEqualTo(0x12);
        assertThat(IMBaseDefine.ResultType.REFUSE_REASON_NONE.getNumber()).isZero();
        assertThat(IMBaseDefine.ResultType.REFUSE_REASON_DB_VALIDATE_FAILED.getNumber()).isEqualTo(6);
        assertThat(IMBaseDefine.ResultType.REFUSE_REASON_VERSION_TOO_OLD.getNumber()).isEqualTo(7);
        assertThat(IMBaseDefine.UserStatType.USER_STATUS_LEAVE.getNumber()).isEqualTo(3);
        assertThat(IMBaseDefine.SessionType.SESSION_TYPE_GROUP.getNumber()).isEqualTo(2);
        assertThat(IMBaseDefine.GroupType.GROUP_TYPE_NORMAL.getNumber()).isEqualTo(1);
        assertThat(IMBaseDefine.GroupType.GROUP_TYPE_TMP.getNumber()).isEqualTo(2);
        assertThat(IMBaseDefine.KickReasonType.KICK_REASON_MOBILE_KICK.getNumber()).isEqualTo(2);
        assertThat(IMBaseDefine.ClientFileState.CLIENT_FILE_PEER_READY.getNumber()).isZero();
        assertThat(IMBaseDefine.ClientFileRole.CLIENT_OFFLINE_DOWNLOAD.getNumber()).isEqualTo(4);
        assertThat(IMBaseDefine.FileServerError.FILE_SERVER_ERRNO_PULL_DATA_FINISHED.getNumber()).isEqualTo(12);
        assertThat(IMBaseDefine.DepartmentStatusType.DEPT_STATUS_DELETE.getNumber()).isEqualTo(1);
    }

    @Test
    void groupCreateReqGroupTypeDefaultsToTemporary() {
        IMGroup.IMGroupCreateReq empty = IMGroup.IMGroupCreateReq.getDefaultInstance();
        assertThat(empty.hasGroupType()).isFalse();
        assertThat(empty.getGroupType()).isEqualTo(IMBaseDefine.GroupType.GROUP_TYPE_TMP);

        FieldDescriptor field = IMGroup.IMGroupCreateReq.getDescriptor().findFieldByName("group_type");
        assertThat(field.getNumber()).isEqualTo(2);
        assertThat(field.isRequired()).isTrue();
        assertThat(field.hasDefaultValue()).isTrue();
        assertThat(field.getDefaultValue()).isEqualTo(IMBaseDefine.GroupType.GROUP_TYPE_TMP.getValueDescriptor());
    }
}
