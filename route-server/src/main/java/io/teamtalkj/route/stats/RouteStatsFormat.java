package io.teamtalkj.route.stats;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Message;
import io.teamtalkj.control.route.CommandStats;
import io.teamtalkj.control.route.LatencyHistogram;
import io.teamtalkj.control.route.LinkStats;
import io.teamtalkj.control.route.PresenceStats;
import io.teamtalkj.control.route.RouteStatsReply;
import java.util.List;
import java.util.Locale;

/** Renders a RouteStats reply for people (a table) and for scripts (JSON). */
public final class RouteStatsFormat {
    private RouteStatsFormat() {
    }

    /** A plain-text report: presence, a row per command, a row per msg-server link, latency. */
    public static String table(RouteStatsReply r) {
        StringBuilder out = new StringBuilder();
        out.append("route-server ").append(r.getInstance())
                .append("   up ").append(duration(r.getUptimeMillis()))
                .append("   mobile sessions count as online: ").append(r.getMobileCountsAsOnline() ? "yes" : "no")
                .append('\n');
        PresenceStats p = r.getPresence();
        out.append(String.format(Locale.ROOT, "presence: %d online users (%d connected, %d with a PC session), "
                        + "%d connections (%d PC, %d mobile)%n",
                p.getOnlineUsers(), p.getConnectedUsers(), p.getPcUsers(), p.getConnections(), p.getPcConnections(),
                p.getMobileConnections()));
        out.append(String.format(Locale.ROOT, "control: %d status updates, %d snapshots, %d status queries, "
                        + "%d malformed and %d unknown PDUs dropped; %d links open, %d accepted since start%n",
                r.getControl().getStatusUpdates(), r.getControl().getSnapshots(), r.getControl().getUsersStatRequests(),
                r.getControl().getMalformed(), r.getControl().getUnknown(), r.getControl().getLinksOpen(),
                r.getControl().getLinksAccepted()));
        out.append('\n');
        String cmdFormat = "%-38s %10s %12s %10s %12s %10s %10s %10s %8s%n";
        out.append(String.format(Locale.ROOT, cmdFormat, "COMMAND", "IN", "IN BYTES", "OUT", "OUT BYTES", "TARGETED",
                "LOCAL", "OFFLINE", "DROPPED"));
        List<CommandStats> rows = r.getCommandsList();
        if (rows.isEmpty()) {
            out.append("(nothing relayed yet)\n");
        }
        for (CommandStats c : rows) {
            commandRow(out, cmdFormat, String.format(Locale.ROOT, "%s (0x%04x)", c.getName(), c.getCommandId()), c);
        }
        if (!rows.isEmpty()) {
            commandRow(out, cmdFormat, "total", r.getTotal());
        }
        out.append('\n');
        String linkFormat = "%-24s %-22s %-8s %10s %8s %8s %8s %10s %10s %8s %8s%n";
        out.append(String.format(Locale.ROOT, linkFormat, "MSG-SERVER LINK", "ADDRESS", "ROLE", "UP", "USERS", "PC",
                "MOBILE", "IN", "OUT", "REJECTED", "DROPPED"));
        if (r.getLinksCount() == 0) {
            out.append("(no msg-server linked)\n");
        }
        long now = r.getStartedAtMillis() + r.getUptimeMillis();
        for (LinkStats l : r.getLinksList()) {
            out.append(String.format(Locale.ROOT, linkFormat, l.getName() + " #" + l.getLinkId(), l.getRemoteAddress(),
                    l.getMaster() ? "active" : "standby", duration(now - l.getConnectedAtMillis()), l.getUsers(),
                    l.getPcConnections(), l.getMobileConnections(), l.getEnvelopesIn(), l.getEnvelopesOut(),
                    l.getRejected(), l.getDropped()));
        }
        out.append('\n');
        out.append(latency("relay latency  ", r.getRelayLatency()));
        out.append(latency("transit latency", r.getTransitLatency()));
        return out.toString();
    }

    private static void commandRow(StringBuilder out, String format, String label, CommandStats c) {
        out.append(String.format(Locale.ROOT, format, label, c.getEnvelopesIn(), c.getBytesIn(), c.getEnvelopesOut(),
                c.getBytesOut(), c.getRecipientsTargeted(), c.getRecipientsLocal(), c.getRecipientsOffline(),
                c.getDropped()));
    }

    private static String latency(String label, LatencyHistogram h) {
        if (h.getCount() == 0) {
            return label + ": no samples\n";
        }
        return String.format(Locale.ROOT, "%s: %d copies, mean %s, p50 <= %s, p90 <= %s, p99 <= %s, max %s%n", label,
                h.getCount(), micros(h.getSumMicros() / h.getCount()), micros(h.getP50Micros()),
                micros(h.getP90Micros()), micros(h.getP99Micros()), micros(h.getMaxMicros()));
    }

    static String micros(long us) {
        if (us < 1_000) {
            return us + " us";
        }
        if (us < 1_000_000) {
            return String.format(Locale.ROOT, "%.1f ms", us / 1000.0);
        }
        return String.format(Locale.ROOT, "%.2f s", us / 1_000_000.0);
    }

    static String duration(long millis) {
        long s = Math.max(0, millis) / 1000;
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return (s / 60) + "m" + String.format(Locale.ROOT, "%02d", s % 60) + "s";
        }
        if (s < 86_400) {
            return (s / 3600) + "h" + String.format(Locale.ROOT, "%02d", (s % 3600) / 60) + "m";
        }
        return (s / 86_400) + "d" + String.format(Locale.ROOT, "%02d", (s % 86_400) / 3600) + "h";
    }

    /**
     * JSON with the proto field names and every field present (zeros included), numbers as JSON
     * numbers (protobuf's own JSON mapping quotes 64-bit ones, which is awkward in jq).
     */
    public static String json(Message message) {
        StringBuilder out = new StringBuilder();
        writeMessage(out, message, 0);
        return out.append('\n').toString();
    }

    private static void writeMessage(StringBuilder out, Message m, int indent) {
        List<FieldDescriptor> fields = m.getDescriptorForType().getFields();
        out.append('{');
        boolean first = true;
        for (FieldDescriptor f : fields) {
            out.append(first ? "\n" : ",\n");
            first = false;
            pad(out, indent + 1);
            string(out, f.getName());
            out.append(": ");
            if (f.isRepeated()) {
                int n = m.getRepeatedFieldCount(f);
                if (n == 0) {
                    out.append("[]");
                    continue;
                }
                out.append('[');
                for (int i = 0; i < n; i++) {
                    out.append(i == 0 ? "\n" : ",\n");
                    pad(out, indent + 2);
                    value(out, f, m.getRepeatedField(f, i), indent + 2);
                }
                out.append('\n');
                pad(out, indent + 1);
                out.append(']');
            } else {
                value(out, f, m.getField(f), indent + 1);
            }
        }
        if (!first) {
            out.append('\n');
            pad(out, indent);
        }
        out.append('}');
    }

    private static void value(StringBuilder out, FieldDescriptor f, Object v, int indent) {
        switch (f.getJavaType()) {
            case MESSAGE -> writeMessage(out, (Message) v, indent);
            case STRING -> string(out, (String) v);
            case ENUM -> string(out, ((EnumValueDescriptor) v).getName());
            case BOOLEAN -> out.append(v);
            case BYTE_STRING -> string(out, java.util.Base64.getEncoder().encodeToString(((com.google.protobuf.ByteString) v).toByteArray()));
            case LONG -> out.append(f.getType() == FieldDescriptor.Type.UINT64 || f.getType() == FieldDescriptor.Type.FIXED64
                    ? Long.toUnsignedString((Long) v) : v.toString());
            case INT -> out.append(f.getType() == FieldDescriptor.Type.UINT32 || f.getType() == FieldDescriptor.Type.FIXED32
                    ? Integer.toUnsignedString((Integer) v) : v.toString());
            case FLOAT, DOUBLE -> {
                double d = ((Number) v).doubleValue();
                out.append(Double.isFinite(d) ? v.toString() : "null");
            }
        }
    }

    private static void pad(StringBuilder out, int indent) {
        out.append("  ".repeat(indent));
    }

    private static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
