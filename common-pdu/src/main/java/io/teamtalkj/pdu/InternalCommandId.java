package io.teamtalkj.pdu;

/**
 * TeamTalk-J's own commands between tiers, under {@link ServiceId#SID_INTERNAL} (0x0008), which
 * TeamTalk declared and never used, so no TeamTalk command id can collide with them.
 */
public final class InternalCommandId {
    /** {@code teamtalk.internal.RelayEnvelope}: a targeted relay through the route-server. */
    public static final int CID_INTERNAL_RELAY = 0x0801;

    private InternalCommandId() {
    }
}
