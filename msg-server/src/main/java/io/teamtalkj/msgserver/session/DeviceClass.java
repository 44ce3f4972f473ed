package io.teamtalkj.msgserver.session;

import com.mogujie.tt.protobuf.IMBaseDefine.ClientType;

/**
 * TeamTalk's two device classes: PC (Windows 0x01, Mac 0x02) and mobile (iOS 0x11, Android
 * 0x12), told apart by the high nibble. A user may be online once per class.
 */
public enum DeviceClass {
    PC(1),
    MOBILE(2);

    /** The value of RelayEnvelope.client_class that selects this class. */
    public final int relayFilter;

    DeviceClass(int relayFilter) {
        this.relayFilter = relayFilter;
    }

    public static DeviceClass of(ClientType type) {
        return (type.getNumber() & 0x10) != 0 ? MOBILE : PC;
    }

    /** Whether a RelayEnvelope.client_class filter (0 = all) admits this class. */
    public boolean admittedBy(int filter) {
        return filter == 0 || filter == relayFilter;
    }
}
