package io.teamtalkj.launcher.chat;

import com.mogujie.tt.protobuf.IMBaseDefine.SessionType;

/**
 * The selected conversation (a user or a group) and how far back /history has paged in it.
 * Only the input thread changes the cursor.
 */
final class Conversation {
    final SessionType type;
    final int id;
    /** "bob" or "#lunch". */
    final String label;
    /** The msg_id the next /history page starts from (inclusive); 0 = the newest. */
    int historyFrom;
    /** The previous page reached the first message. */
    boolean historyDone;

    Conversation(SessionType type, int id, String label) {
        this.type = type;
        this.id = id;
        this.label = label;
    }

    boolean isGroup() {
        return type == SessionType.SESSION_TYPE_GROUP;
    }

    boolean is(SessionType otherType, int otherId) {
        return type == otherType && id == otherId;
    }
}
