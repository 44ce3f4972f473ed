package io.teamtalkj.pdu;

import static org.assertj.core.api.Assertions.assertThat;

import com.mogujie.tt.protobuf.IMBaseDefine.ClientType;
import org.junit.jupiter.api.Test;

class ClientClassTest {
    @Test
    void theHighNibbleOfTheClientTypeTellsPcFromMobile() {
        assertThat(ClientClass.of(ClientType.CLIENT_TYPE_WINDOWS)).isEqualTo(ClientClass.PC);
        assertThat(ClientClass.of(ClientType.CLIENT_TYPE_MAC)).isEqualTo(ClientClass.PC);
        assertThat(ClientClass.of(ClientType.CLIENT_TYPE_IOS)).isEqualTo(ClientClass.MOBILE);
        assertThat(ClientClass.of(ClientType.CLIENT_TYPE_ANDROID)).isEqualTo(ClientClass.MOBILE);
    }

    @Test
    void bitsAreTheEnvelopeFilterValuesAndZeroMeansEveryClass() {
        assertThat(ClientClass.PC.bit).isEqualTo(1);
        assertThat(ClientClass.MOBILE.bit).isEqualTo(2);
        assertThat(ClientClass.PC.admittedBy(0)).isTrue();
        assertThat(ClientClass.PC.admittedBy(1)).isTrue();
        assertThat(ClientClass.PC.admittedBy(2)).isFalse();
        assertThat(ClientClass.MOBILE.admittedBy(2)).isTrue();
        assertThat(ClientClass.fromEnvelopeClass(0)).isEqualTo(ClientClass.ANY);
        assertThat(ClientClass.fromEnvelopeClass(1)).isEqualTo(ClientClass.PC.bit);
        assertThat(ClientClass.fromEnvelopeClass(2)).isEqualTo(ClientClass.MOBILE.bit);
    }
}
