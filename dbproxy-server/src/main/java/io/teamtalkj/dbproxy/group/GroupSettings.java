package io.teamtalkj.dbproxy.group;

import io.teamtalkj.pdu.groupext.InviteMode;
import io.teamtalkj.pdu.groupext.JoinMode;

/** TTGroupSettings of one group; a group without a row has {@link #DEFAULTS}. */
public record GroupSettings(boolean muteAll, JoinMode joinMode, InviteMode inviteMode, boolean dismissed,
                            String announcement) {
    public static final GroupSettings DEFAULTS =
            new GroupSettings(false, JoinMode.JOIN_APPROVAL, InviteMode.INVITE_ANYONE, false, "");

    public GroupSettings withMuteAll(boolean on) {
        return new GroupSettings(on, joinMode, inviteMode, dismissed, announcement);
    }

    public GroupSettings withJoinMode(JoinMode mode) {
        return new GroupSettings(muteAll, mode, inviteMode, dismissed, announcement);
    }

    public GroupSettings withInviteMode(InviteMode mode) {
        return new GroupSettings(muteAll, joinMode, mode, dismissed, announcement);
    }

    public GroupSettings dismiss() {
        return new GroupSettings(muteAll, joinMode, inviteMode, true, announcement);
    }

    public GroupSettings withAnnouncement(String text) {
        return new GroupSettings(muteAll, joinMode, inviteMode, dismissed, text);
    }
}
