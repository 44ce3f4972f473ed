package io.teamtalkj.pdu;

import static org.assertj.core.api.Assertions.assertThat;

import com.mogujie.tt.protobuf.IMBaseDefine.MsgType;
import org.junit.jupiter.api.Test;

class MsgTypesTest {
    @Test
    void onlyTheGroupTypesAreGroup() {
        assertThat(MsgTypes.isGroup(MsgType.MSG_TYPE_GROUP_TEXT)).isTrue();
        assertThat(MsgTypes.isGroup(MsgType.MSG_TYPE_GROUP_AUDIO)).isTrue();
        assertThat(MsgTypes.isGroup(MsgType.MSG_TYPE_SINGLE_TEXT)).isFalse();
        assertThat(MsgTypes.isGroup(MsgType.MSG_TYPE_SINGLE_AUDIO)).isFalse();
    }
}
