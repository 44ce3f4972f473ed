package io.teamtalkj.pdu;

/**
 * TeamTalk-J's own commands between tiers, under {@link ServiceId#SID_INTERNAL} (0x0008), which
 * TeamTalk declared and never used, so no TeamTalk command id can collide with them.
 */
public final class InternalCommandId {
    /** {@code teamtalk.internal.RelayEnvelope}: a targeted relay through the route-server. */
    public static final int CID_INTERNAL_RELAY = 0x0801;
    /** {@code teamtalk.internal.ContactsReq}: msg-server asks the dbproxy whom a user's status concerns. */
    public static final int CID_INTERNAL_CONTACTS_REQ = 0x0802;
    /** {@code teamtalk.internal.ContactsRsp}: the answer. */
    public static final int CID_INTERNAL_CONTACTS_RSP = 0x0803;
    /**
     * Empty body: a msg-server's answer to a dbproxy's IMStopReceivePacket (0x0702). It will send
     * that dbproxy no new requests; every request it sent before is ahead of this ack on the link,
     * so once the dbproxy has finished those it may close. 0x0804-0x080f are left for relay and
     * directory commands.
     */
    public static final int CID_INTERNAL_DRAIN_ACK = 0x0810;

    private InternalCommandId() {
    }
}
