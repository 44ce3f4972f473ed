package io.teamtalkj.api.routes;

import io.teamtalkj.api.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Replies of TeamTalk's http_msg_server, byte for byte: JsonCpp's Value::toStyledString() of a
 * flat object (keys sorted, three-space indent, " : ", a newline at the end), with its
 * HTTP_ERROR_CODE values and messages.
 */
public final class LegacyReplies {
    public static final int SUCCESS = 0;
    public static final int PARAM = 1;
    public static final int APPKEY = 2;
    public static final int INTERFACE = 5;
    public static final int SERVER_EXCEPTION = 10;
    public static final int CREATE_GROUP = 11;
    public static final int CHANGE_MEMBER = 12;
    static final Map<Integer, String> MESSAGES = Map.of(SUCCESS, "成功", PARAM, "参数错误", APPKEY, "appKey不存在",
            INTERFACE, "未授权的接口", SERVER_EXCEPTION, "服务器异常", CREATE_GROUP, "创建群失败", CHANGE_MEMBER, "更改群成员失败");

    private LegacyReplies() {
    }

    /** PackSendCreateGroupResult: error_code, error_msg, group_id. */
    public static String createGroup(int code, int groupId) {
        Map<String, Object> f = fields(code, MESSAGES.get(code));
        f.put("group_id", Integer.toUnsignedLong(groupId));
        return styled(f);
    }

    /** PackSendResult: error_code, error_msg. */
    public static String result(int code) {
        return styled(fields(code, MESSAGES.get(code)));
    }

    static Map<String, Object> fields(int code, String message) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("error_code", code);
        f.put("error_msg", message);
        return f;
    }

    static String styled(Map<String, Object> fields) {
        StringBuilder b = new StringBuilder("{\n");
        List<String> keys = new ArrayList<>(fields.keySet());
        keys.sort(null);
        for (int i = 0; i < keys.size(); i++) {
            Object v = fields.get(keys.get(i));
            b.append("   ").append(Json.write(keys.get(i))).append(" : ")
                    .append(v instanceof String s ? Json.write(s) : String.valueOf(v));
            b.append(i + 1 < keys.size() ? ",\n" : "\n");
        }
        return b.append("}\n").toString();
    }
}
