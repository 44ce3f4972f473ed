package io.teamtalkj.pdu;

import com.mogujie.tt.protobuf.IMBaseDefine.ClientType;

/**
 * TeamTalk's two classes of client: PC (Windows 0x01, Mac 0x02) and mobile (iOS 0x11, Android
 * 0x12), told apart by bit 0x10 of the client type. A user may be online once per class. Each
 * class has a bit; the bits are the values of RelayEnvelope.client_class (where 0 means both)
 * and of UserStat.tt_online_classes, and the route-server keeps presence as a set of them.
 */
public enum ClientClass {
    PC(1),
    MOBILE(2);

    /** Both bits: every class. */
    public static final int ANY = PC.bit | MOBILE.bit;

    /** This class's bit (also the RelayEnvelope.client_class value that selects only it). */
    public final int bit;

    ClientClass(int bit) {
        this.bit = bit;
    }

    public static ClientClass of(ClientType type) {
        return (type.getNumber() & 0x10) != 0 ? MOBILE : PC;
    }

    /** Whether a RelayEnvelope.client_class filter (0 = all) admits this class. */
    public boolean admittedBy(int filter) {
        return filter == 0 || filter == bit;
    }

    /** The classes, as bits, that a RelayEnvelope.client_class value asks for (0 = all). */
    public static int fromEnvelopeClass(int clientClass) {
        int bits = clientClass & ANY;
        return bits == 0 ? ANY : bits;
    }
}
