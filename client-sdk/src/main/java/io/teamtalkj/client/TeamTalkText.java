package io.teamtalkj.client;

import com.google.protobuf.ByteString;

/**
 * TeamTalk's text encoding of {@code msg_data}; see {@link io.teamtalkj.pdu.TeamTalkText}, which
 * holds it since the dbproxy also writes text (group notices). Kept here for SDK users.
 */
public final class TeamTalkText {
    /** The 32-byte AES key hard-coded in TeamTalk's clients and servers. */
    public static final String KEY = io.teamtalkj.pdu.TeamTalkText.KEY;

    private TeamTalkText() {
    }

    public static byte[] encode(String text) {
        return io.teamtalkj.pdu.TeamTalkText.encode(text);
    }

    public static ByteString encodeToByteString(String text) {
        return io.teamtalkj.pdu.TeamTalkText.encodeToByteString(text);
    }

    public static String decode(byte[] msgData) {
        return io.teamtalkj.pdu.TeamTalkText.decode(msgData);
    }

    public static String decode(ByteString msgData) {
        return io.teamtalkj.pdu.TeamTalkText.decode(msgData);
    }

    public static String decodeOrRaw(byte[] msgData) {
        return io.teamtalkj.pdu.TeamTalkText.decodeOrRaw(msgData);
    }

    public static String decodeOrRaw(ByteString msgData) {
        return io.teamtalkj.pdu.TeamTalkText.decodeOrRaw(msgData);
    }
}
