package io.teamtalkj.route;

import com.mogujie.tt.protobuf.IMBaseDefine.ClientType;

/**
 * Device classes as bits: TeamTalk allows one PC session (Windows, Mac) and one mobile session
 * (iOS, Android) per user, and tells them apart by bit 0x10 of the client type. The bit values
 * equal RelayEnvelope.client_class (1 PC only, 2 mobile only; 0 there means both) and
 * UserStat.tt_online_classes.
 */
public final class DeviceClass {
    public static final int PC = 1;
    public static final int MOBILE = 2;
    public static final int ANY = PC | MOBILE;

    private DeviceClass() {
    }

    public static int of(ClientType type) {
        return (type.getNumber() & 0x10) != 0 ? MOBILE : PC;
    }

    /** The classes a RelayEnvelope.client_class value asks for (0 = all). */
    public static int fromEnvelopeClass(int clientClass) {
        int bits = clientClass & ANY;
        return bits == 0 ? ANY : bits;
    }
}
