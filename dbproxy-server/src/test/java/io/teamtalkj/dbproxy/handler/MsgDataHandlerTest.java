package io.teamtalkj.dbproxy.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.mogujie.tt.protobuf.IMBaseDefine.MsgType;
import com.mogujie.tt.protobuf.IMMessage.IMMsgData;
import io.teamtalkj.dbproxy.storage.StoreOutcome;
import io.teamtalkj.pdu.ext.MsgStoreResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a store outcome becomes the IMMsgData reply the msg-server acks with and fans out from. */
class MsgDataHandlerTest {
    private static IMMsgData request(MsgType type) {
        return IMMsgData.newBuilder().setFromUserId(1).setToSessionId(2).setMsgId(0).setMsgType(type).setCreateTime(0)
                .setMsgData(ByteString.copyFromUtf8("hi")).setAttachData(ByteString.copyFromUtf8("a"))
                .addTtGroupMemberIds(99).build();
    }

    @Test
    void storedGroupMessageCarriesItsIdTimeAndTheMembersAtStoreTime() {
        IMMsgData reply = MsgDataHandler.reply(request(MsgType.MSG_TYPE_GROUP_TEXT),
                new StoreOutcome(MsgStoreResult.STORE_OK, 7, 1_700_000_000, List.of(1, 2, 3), ""));
        assertThat(reply.getMsgId()).isEqualTo(7);
        assertThat(reply.getCreateTime()).isEqualTo(1_700_000_000);
        assertThat(reply.getTtGroupMemberIdsList()).containsExactly(1, 2, 3);
        assertThat(reply.getTtStoreResult()).isZero();
        assertThat(reply.getAttachData().toStringUtf8()).isEqualTo("a");
    }

    @Test
    void storedOneToOneMessageKeepsTheRequestsOtherFields() {
        IMMsgData reply = MsgDataHandler.reply(request(MsgType.MSG_TYPE_SINGLE_TEXT),
                new StoreOutcome(MsgStoreResult.STORE_OK, 3, 1_700_000_001, List.of(), ""));
        assertThat(reply.getMsgId()).isEqualTo(3);
        assertThat(reply.getTtGroupMemberIdsList()).containsExactly(99);
        assertThat(reply.getMsgData().toStringUtf8()).isEqualTo("hi");
    }

    @Test
    void resendIsAnsweredWithTheFirstIdAndFlagged() {
        IMMsgData reply = MsgDataHandler.reply(request(MsgType.MSG_TYPE_SINGLE_TEXT),
                new StoreOutcome(MsgStoreResult.STORE_DUPLICATE, 5, 0, List.of(), "already stored"));
        assertThat(reply.getMsgId()).isEqualTo(5);
        assertThat(reply.getTtStoreResult()).isEqualTo(MsgStoreResult.STORE_DUPLICATE_VALUE);
        assertThat(reply.getTtStoreReason()).isEqualTo("already stored");
    }

    @Test
    void refusalHasMsgIdZeroAndTheReason() {
        IMMsgData reply = MsgDataHandler.reply(request(MsgType.MSG_TYPE_GROUP_TEXT),
                new StoreOutcome(MsgStoreResult.STORE_NOT_MEMBER, 0, 0, List.of(), "user 1 is not a member of group 2"));
        assertThat(reply.getMsgId()).isZero();
        assertThat(reply.getTtStoreResult()).isEqualTo(MsgStoreResult.STORE_NOT_MEMBER_VALUE);
        assertThat(reply.getTtStoreReason()).isEqualTo("user 1 is not a member of group 2");
        assertThat(reply.getTtGroupMemberIdsList()).containsExactly(99);
    }
}
