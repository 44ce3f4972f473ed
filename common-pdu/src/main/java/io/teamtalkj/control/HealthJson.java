package io.teamtalkj.control;

import io.teamtalkj.control.proto.ComponentHealth;
import io.teamtalkj.control.proto.HealthCheckResponse;
import io.teamtalkj.control.proto.ServingStatus;

/**
 * The small JSON bodies of HTTP {@code /health} and {@code /ready}, e.g.
 * <pre>{"ready":false,"tier":"msg-server","instance":"msg-server-1","components":[
 *   {"name":"dbproxy","state":"down","detail":"0 of 1 dbproxy links up"},
 *   {"name":"route","state":"degraded","detail":"no route-server link up"}]}</pre>
 * A component's state is {@code up}, {@code down} (the tier is not ready) or {@code degraded}
 * (an advisory dependency is down; the tier still serves).
 */
final class HealthJson {
    private HealthJson() {
    }

    static String liveness(TierHealthService health) {
        return "{\"alive\":true,\"tier\":" + quote(health.tier()) + ",\"instance\":" + quote(health.instance())
                + ",\"uptime_ms\":" + health.uptimeMillis() + "}\n";
    }

    static String readiness(TierHealthService health, HealthCheckResponse rsp) {
        StringBuilder json = new StringBuilder(256)
                .append("{\"ready\":").append(rsp.getStatus() == ServingStatus.SERVING)
                .append(",\"tier\":").append(quote(rsp.getTier()))
                .append(",\"instance\":").append(quote(rsp.getInstance()))
                .append(",\"components\":[");
        String sep = "";
        for (ComponentHealth c : rsp.getComponentsList()) {
            json.append(sep).append("{\"name\":").append(quote(c.getName()))
                    .append(",\"state\":").append(quote(state(health, c)))
                    .append(",\"detail\":").append(quote(c.getDetail())).append('}');
            sep = ",";
        }
        return json.append("]}\n").toString();
    }

    private static String state(TierHealthService health, ComponentHealth c) {
        if (c.getStatus() == ServingStatus.SERVING) {
            return "up";
        }
        return health.isAdvisory(c.getName()) ? "degraded" : "down";
    }

    static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> {
                    if (ch < 0x20) {
                        out.append(String.format("\\u%04x", (int) ch));
                    } else {
                        out.append(ch);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
