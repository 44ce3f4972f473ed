package io.teamtalkj.pdu;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * TeamTalk-J group governance commands (issue 18): service 0x0004, ids 0x0420..0x044f, which
 * TeamTalk's clients never send. Each request id is even and its answer (a GroupExtRsp) is the
 * next id. Bodies: teamtalk/group_ext.proto.
 */
public final class GroupExtCommandId {
    public static final int QUIT_REQ = 0x0420;
    public static final int DISMISS_REQ = 0x0422;
    public static final int KICK_REQ = 0x0424;
    public static final int SET_ADMIN_REQ = 0x0426;
    public static final int TRANSFER_OWNER_REQ = 0x0428;
    public static final int MUTE_REQ = 0x042a;
    public static final int UNMUTE_REQ = 0x042c;
    public static final int MUTE_ALL_REQ = 0x042e;
    public static final int LIST_MUTED_REQ = 0x0430;
    public static final int EDIT_REQ = 0x0432;
    public static final int JOIN_REQ = 0x0434;
    public static final int JOIN_DECISION_REQ = 0x0436;
    public static final int INVITE_REQ = 0x0438;
    public static final int SETTINGS_REQ = 0x043a;
    public static final int INFO_REQ = 0x043c;
    /** Server push to a group's owner and admins: a join request waits (GroupJoinRequestNotify). */
    public static final int JOIN_REQUEST_NOTIFY = 0x0440;

    public static final int FIRST = 0x0420;
    public static final int LAST = 0x044f;

    private static final Map<Integer, String> NAMES;

    static {
        Map<Integer, String> n = new LinkedHashMap<>();
        n.put(QUIT_REQ, "quit");
        n.put(DISMISS_REQ, "dismiss");
        n.put(KICK_REQ, "kick");
        n.put(SET_ADMIN_REQ, "set-admin");
        n.put(TRANSFER_OWNER_REQ, "transfer-owner");
        n.put(MUTE_REQ, "mute");
        n.put(UNMUTE_REQ, "unmute");
        n.put(MUTE_ALL_REQ, "mute-all");
        n.put(LIST_MUTED_REQ, "list-muted");
        n.put(EDIT_REQ, "edit");
        n.put(JOIN_REQ, "join");
        n.put(JOIN_DECISION_REQ, "join-decision");
        n.put(INVITE_REQ, "invite");
        n.put(SETTINGS_REQ, "settings");
        n.put(INFO_REQ, "info");
        NAMES = Collections.unmodifiableMap(n);
    }

    private GroupExtCommandId() {
    }

    /** The answer's id for a request id. */
    public static int response(int requestId) {
        return requestId + 1;
    }

    /** Request ids and their short names, in id order. */
    public static Map<Integer, String> requests() {
        return NAMES;
    }

    public static boolean isGroupExt(int commandId) {
        return commandId >= FIRST && commandId <= LAST;
    }
}
