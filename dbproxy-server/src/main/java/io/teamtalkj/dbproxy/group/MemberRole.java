package io.teamtalkj.dbproxy.group;

/**
 * A member's TTGroupMemberRole row: admin flag and mute end. {@code muteUntil} is unix seconds
 * (unsigned), 0 = not muted, {@link #FOREVER} = until unmuted.
 */
public record MemberRole(boolean admin, long muteUntil) {
    public static final long FOREVER = 0xFFFF_FFFFL;
    public static final MemberRole NONE = new MemberRole(false, 0);

    /** Muted at {@code now} (a mute whose end has passed is over by itself, nobody has to lift it). */
    public boolean mutedAt(long now) {
        return muteUntil == FOREVER || muteUntil > now;
    }

    public boolean isEmpty() {
        return !admin && muteUntil == 0;
    }
}
