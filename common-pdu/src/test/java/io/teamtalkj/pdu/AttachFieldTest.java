package io.teamtalkj.pdu;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.mogujie.tt.protobuf.IMBaseDefine.SessionType;
import com.mogujie.tt.protobuf.IMMessage.IMGetMsgListReq;
import com.mogujie.tt.protobuf.IMMessage.IMGetMsgListRsp;
import org.junit.jupiter.api.Test;

class AttachFieldTest {
    static IMGetMsgListReq req() {
        return IMGetMsgListReq.newBuilder().setUserId(7).setSessionType(SessionType.SESSION_TYPE_GROUP).setSessionId(9)
                .setMsgIdBegin(0).setMsgCnt(20).build();
    }

    @Test
    void anAppendedIdIsFoundAndOverridesWhatAClientPutThere() throws Exception {
        byte[] withClientAttach = req().toBuilder().setAttachData(ByteString.copyFromUtf8("client junk")).build().toByteArray();
        byte[] tagged = AttachField.withId(withClientAttach, 0x0102030405060708L);
        assertThat(AttachField.findId(tagged)).isEqualTo(0x0102030405060708L);
        IMGetMsgListReq parsed = IMGetMsgListReq.parseFrom(tagged);
        assertThat(parsed.getAttachData().size()).isEqualTo(8); // last value wins
        assertThat(parsed.getSessionId()).isEqualTo(9);
        assertThat(AttachField.findId(req().toByteArray())).isEqualTo(-1);
        assertThat(AttachField.withId(new byte[0], Long.MAX_VALUE)).hasSize(11);
        assertThat(AttachField.findId(AttachField.withId(new byte[0], -2L))).isEqualTo(-2L);
    }

    @Test
    void anIdWithABudgetIsFoundAsIdAndBudget() {
        byte[] stamped = AttachField.withIdAndBudget(req().toByteArray(), 0x0A0B0C0D0E0F1011L, 9_500);
        assertThat(stamped).hasSize(req().toByteArray().length + AttachField.BUDGET_STAMP_LENGTH);
        assertThat(AttachField.findId(stamped)).isEqualTo(0x0A0B0C0D0E0F1011L);
        assertThat(AttachField.findBudgetMillis(stamped)).isEqualTo(9_500);
        assertThat(AttachField.findBudgetMillis(AttachField.withIdAndBudget(new byte[0], 1, -5))).isZero();
        assertThat(AttachField.findBudgetMillis(AttachField.withId(req().toByteArray(), 3)))
                .as("an 8-byte stamp has no budget").isEqualTo(-1);
        assertThat(AttachField.findId(AttachField.withValue(new byte[0], new byte[10]))).as("neither 8 nor 12").isEqualTo(-1);
        byte[] teamTalks = AttachField.withValue(new byte[0], new byte[] {0, 0, 0, 1, 0, 0, 0, 9, 0, 0, 0, 3});
        assertThat(AttachField.findBudgetMillis(teamTalks)).as("TeamTalk's own 12-byte attach carries no budget").isEqualTo(-1);
        assertThat(AttachField.findBudgetMillis(AttachField.withIdAndBudget(new byte[0], 1, 1L << 40)))
                .as("capped").isEqualTo(0xff_ffffL);
    }

    @Test
    void stripRemovesEveryAttachDataAndKeepsTheRest() throws Exception {
        IMGetMsgListRsp rsp = IMGetMsgListRsp.newBuilder().setUserId(7).setSessionType(SessionType.SESSION_TYPE_SINGLE)
                .setSessionId(3).setMsgIdBegin(5).setAttachData(ByteString.copyFrom(new byte[8])).build();
        byte[] stripped = AttachField.strip(AttachField.withId(rsp.toByteArray(), 42));
        IMGetMsgListRsp back = IMGetMsgListRsp.parseFrom(stripped);
        assertThat(back.hasAttachData()).isFalse();
        assertThat(back).isEqualTo(rsp.toBuilder().clearAttachData().build());
        byte[] none = req().toByteArray();
        assertThat(AttachField.strip(none)).isSameAs(none);
        byte[] garbage = {(byte) 0xff, (byte) 0xff};
        assertThat(AttachField.strip(garbage)).isSameAs(garbage);
    }

    @Test
    void aLongAttachValueOfAnotherCallerIsCopiedWholeWithAVarintLength() throws Exception {
        byte[] value = new byte[300];
        value[299] = 7;
        byte[] body = AttachField.withValue(req().toByteArray(), value);
        assertThat(AttachField.find(body)).isEqualTo(value);
        assertThat(IMGetMsgListReq.parseFrom(body).getAttachData().toByteArray()).isEqualTo(value);
    }
}
