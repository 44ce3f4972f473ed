package io.teamtalkj.login;

import java.nio.charset.StandardCharsets;

/**
 * The body of {@code GET /msg_server}, written by hand: eight fixed keys need no JSON library.
 * Compact, keys in TeamTalk's order, {@code port} as a JSON string (clients expect "8000"), text
 * as raw UTF-8 like the original:
 *
 * <pre>
 * {"code":0,"msg":"","priorIP":"10.0.0.5","backupIP":"10.0.0.6","port":"8000","msfsPrior":"http://…/","msfsBackup":"http://…/","discovery":"http://…","wsUrl":"ws://…:8003/ws"}
 * {"code":1,"msg":"没有msg_server"}
 * {"code":2,"msg":"负载过高"}
 * </pre>
 */
public final class MsgServerJson {
    static final String NO_MSG_SERVER = "没有msg_server";
    static final String OVERLOADED = "负载过高";

    private MsgServerJson() {
    }

    public static byte[] body(MsgServerChoice choice, String msfsPrior, String msfsBackup, String discovery) {
        return text(choice, msfsPrior, msfsBackup, discovery).getBytes(StandardCharsets.UTF_8);
    }

    static String text(MsgServerChoice choice, String msfsPrior, String msfsBackup, String discovery) {
        StringBuilder sb = new StringBuilder(256);
        sb.append("{\"code\":").append(choice.code()).append(",\"msg\":");
        switch (choice.code()) {
            case MsgServerChoice.NO_MSG_SERVER -> string(sb, NO_MSG_SERVER).append('}');
            case MsgServerChoice.ALL_FULL -> string(sb, OVERLOADED).append('}');
            default -> {
                MsgServerEntry s = choice.server();
                string(sb, "");
                string(sb.append(",\"priorIP\":"), s.ip1());
                string(sb.append(",\"backupIP\":"), s.ip2());
                string(sb.append(",\"port\":"), Integer.toString(s.port()));
                string(sb.append(",\"msfsPrior\":"), msfsPrior);
                string(sb.append(",\"msfsBackup\":"), msfsBackup);
                string(sb.append(",\"discovery\":"), discovery);
                if (!s.wsUrl().isEmpty()) {
                    // our extension (issue 19): the web client's msg-server; TeamTalk clients ignore unknown keys
                    string(sb.append(",\"wsUrl\":"), s.wsUrl());
                }
                sb.append('}');
            }
        }
        return sb.toString();
    }

    /** Appends {@code value} as a JSON string: quotes, backslashes and control characters escaped. */
    static StringBuilder string(StringBuilder sb, String value) {
        sb.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    // U+2028/2029 are valid JSON but end a line in JavaScript; escape them too
                    if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029') {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"');
    }
}
