package io.teamtalkj.launcher.chat;

import com.google.protobuf.ByteString;
import com.mogujie.tt.protobuf.IMBaseDefine.MsgType;
import com.mogujie.tt.protobuf.IMBaseDefine.UserStatType;
import io.teamtalkj.client.TeamTalkText;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/** How message bodies, times and statuses look on the terminal. */
final class Render {
    /** TeamTalk clients send an image as a text message wrapping its URL in these markers. */
    static final String IMAGE_START = "&$#@~^@[{:";
    static final String IMAGE_END = ":}]&$~@#@";

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final ZoneId zone;

    Render(ZoneId zone) {
        this.zone = zone;
    }

    /** "[HH:mm]" for live messages. */
    String time(int epochSeconds) {
        return "[" + TIME.format(at(epochSeconds)) + "]";
    }

    /** "[HH:mm]" today, "[yyyy-MM-dd HH:mm]" on other days (history, recent sessions). */
    String timeOrDate(int epochSeconds) {
        ZonedDateTime t = at(epochSeconds);
        boolean today = t.toLocalDate().equals(LocalDate.now(zone));
        return "[" + (today ? TIME : DATE_TIME).format(t) + "]";
    }

    private ZonedDateTime at(int epochSeconds) {
        return Instant.ofEpochSecond(epochSeconds & 0xffffffffL).atZone(zone);
    }

    /**
     * The readable form of a message body: decoded text, "[image URL]", or "[audio N s]" (audio
     * is a 4-byte big-endian duration followed by the sound).
     */
    static String body(MsgType type, ByteString data) {
        if (type == MsgType.MSG_TYPE_SINGLE_AUDIO || type == MsgType.MSG_TYPE_GROUP_AUDIO) {
            // summaries (recent sessions, unread) carry an encoded "[语音]" text instead of the sound
            String text = TeamTalkText.decode(data);
            if (text != null) {
                return text;
            }
            return data.size() >= 4 ? "[audio " + (data.substring(0, 4).asReadOnlyByteBuffer().getInt() & 0xffffffffL) + " s]"
                    : "[audio]";
        }
        String text = TeamTalkText.decodeOrRaw(data);
        var notice = io.teamtalkj.pdu.group.GroupNotice.parse(text);
        if (notice.isPresent()) {
            return "*** " + notice.get().text(); // a group notice: its rendered text, not the JSON body
        }
        if (text.startsWith(IMAGE_START) && text.endsWith(IMAGE_END) && text.length() >= IMAGE_START.length() + IMAGE_END.length()) {
            return "[image " + text.substring(IMAGE_START.length(), text.length() - IMAGE_END.length()) + "]";
        }
        return text;
    }

    /** One line, at most {@code max} characters, for previews. */
    static String preview(String text, int max) {
        String line = text.replaceAll("\\s*\\R\\s*", " ").strip();
        return line.length() <= max ? line : line.substring(0, Math.max(0, max - 3)) + "...";
    }

    static String status(UserStatType status) {
        if (status == null) {
            return "?";
        }
        return switch (status) {
            case USER_STATUS_ONLINE -> "online";
            case USER_STATUS_LEAVE -> "away";
            default -> "offline";
        };
    }

    /** Left-aligned in a column of {@code width} (longer values are kept whole). */
    static String pad(String s, int width) {
        StringBuilder b = new StringBuilder(s);
        while (b.length() < width) {
            b.append(' ');
        }
        return b.toString();
    }
}
