package io.teamtalkj.pdu.group;

import io.teamtalkj.pdu.MiniJson;
import io.teamtalkj.pdu.groupext.NoticeAction;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The structured body of a group system notice (issue 18): who did what to whom, why, and the
 * text the server rendered (third person, in the server's notice language). It travels as the
 * text of a MSG_TYPE_GROUP_TEXT message, encoded as one JSON object starting with
 * {@code {"tt_notice":1}, so it is stored, paged and counted as unread like any group message;
 * TeamTalk clients show the JSON, ours render it per viewer ({@link GroupNoticeText}).
 *
 * @param operatorId 0 for the operator service
 * @param value      the new name, or the announcement text; empty otherwise
 * @param untilTime  mute end (unix seconds), 0 = forever; or the new mode for mode changes
 * @param targetTotal how many users the change acted on; {@code targets} lists at most
 *                    {@link #MAX_LISTED} of them, so a notice always fits in a message
 */
public record GroupNotice(NoticeAction action, int operatorId, String operatorName, List<Target> targets, int targetTotal,
                          String value, long untilTime, String reason, String lang, String text) {

    /** A user the notice is about, with the name it had when the notice was written. */
    public record Target(int id, String name) {
    }

    public static final String MARKER = "{\"tt_notice\":1,";
    /** Targets named in a notice; the rest are counted ("and 1,998 others"). */
    public static final int MAX_LISTED = 20;

    public GroupNotice {
        targets = List.copyOf(targets.size() > MAX_LISTED ? targets.subList(0, MAX_LISTED) : targets);
        targetTotal = Math.max(targetTotal, targets.size());
        value = value == null ? "" : value;
        reason = reason == null ? "" : reason;
        lang = lang == null ? GroupNoticeText.EN : lang;
        text = text == null ? "" : text;
        operatorName = operatorName == null ? "" : operatorName;
    }

    public List<Integer> targetIds() {
        List<Integer> out = new ArrayList<>(targets.size());
        for (Target t : targets) {
            out.add(t.id());
        }
        return out;
    }

    /** The same notice with its rendered text set. */
    public GroupNotice withText(String rendered) {
        return new GroupNotice(action, operatorId, operatorName, targets, targetTotal, value, untilTime, reason, lang, rendered);
    }

    /** The notice in a message's msg_data (TeamTalk's text encoding), or empty if it is not one. */
    public static Optional<GroupNotice> fromMsgData(com.google.protobuf.ByteString msgData) {
        String text = io.teamtalkj.pdu.TeamTalkText.decode(msgData);
        return text == null ? Optional.empty() : parse(text);
    }

    /** The msg_data of a notice message: its JSON in TeamTalk's text encoding, as every text message. */
    public com.google.protobuf.ByteString toMsgData() {
        return io.teamtalkj.pdu.TeamTalkText.encodeToByteString(toJson());
    }

    public static boolean isNotice(String content) {
        return content != null && content.startsWith(MARKER);
    }

    /** The notice in a message text, or empty if the text is not one (or not readable). */
    public static Optional<GroupNotice> parse(String content) {
        if (!isNotice(content)) {
            return Optional.empty();
        }
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> o = (Map<String, Object>) MiniJson.parse(content);
            List<Target> targets = new ArrayList<>();
            Object list = o.get("targets");
            if (list instanceof List<?> l) {
                for (Object t : l) {
                    if (t instanceof Map<?, ?> m) {
                        targets.add(new Target((int) num(m.get("id")), str(m.get("name"))));
                    }
                }
            }
            NoticeAction action;
            try {
                action = NoticeAction.valueOf("NOTICE_" + str(o.get("action")).toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                action = NoticeAction.NOTICE_NONE;
            }
            return Optional.of(new GroupNotice(action, (int) num(o.get("op")), str(o.get("op_name")), targets,
                    (int) num(o.get("total")), str(o.get("value")), num(o.get("until")), str(o.get("reason")), str(o.get("lang")), str(o.get("text"))));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The JSON text stored as the message content. */
    public String toJson() {
        StringBuilder b = new StringBuilder(MARKER);
        b.append("\"action\":");
        quote(b, action.name().substring("NOTICE_".length()).toLowerCase(Locale.ROOT));
        b.append(",\"op\":").append(Integer.toUnsignedLong(operatorId)).append(",\"op_name\":");
        quote(b, operatorName);
        b.append(",\"targets\":[");
        for (int i = 0; i < targets.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append("{\"id\":").append(Integer.toUnsignedLong(targets.get(i).id())).append(",\"name\":");
            quote(b, targets.get(i).name());
            b.append('}');
        }
        b.append("],\"total\":").append(targetTotal).append(",\"value\":");
        quote(b, value);
        b.append(",\"until\":").append(untilTime).append(",\"reason\":");
        quote(b, reason);
        b.append(",\"lang\":");
        quote(b, lang);
        b.append(",\"text\":");
        quote(b, text);
        return b.append('}').toString();
    }

    private static long num(Object o) {
        return o instanceof Number n ? n.longValue() : 0;
    }

    private static String str(Object o) {
        return o == null ? "" : o.toString();
    }

    private static void quote(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }
}
