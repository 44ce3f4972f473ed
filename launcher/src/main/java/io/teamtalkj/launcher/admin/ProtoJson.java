package io.teamtalkj.launcher.admin;

import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.MessageOrBuilder;
import java.util.List;

/**
 * A protobuf message as one line of JSON, every field included (zeros too, so scripts need no
 * defaults), names in the proto3 JSON form (lowerCamelCase), uint32 as unsigned numbers and
 * enums by name. Small on purpose: the admin messages hold only scalars, strings, enums,
 * repeated fields and nested messages, and this avoids a JSON dependency.
 */
final class ProtoJson {
    private ProtoJson() {
    }

    static String print(MessageOrBuilder message) {
        StringBuilder sb = new StringBuilder();
        message(sb, message);
        return sb.toString();
    }

    private static void message(StringBuilder sb, MessageOrBuilder m) {
        sb.append('{');
        boolean first = true;
        for (FieldDescriptor f : m.getDescriptorForType().getFields()) {
            if (f.hasPresence() && !f.isRepeated() && !m.hasField(f)) {
                continue; // optional fields that are unset, and unset sub-messages
            }
            if (!first) {
                sb.append(',');
            }
            first = false;
            string(sb, f.getJsonName());
            sb.append(':');
            if (f.isRepeated()) {
                sb.append('[');
                List<?> values = (List<?>) m.getField(f);
                for (int i = 0; i < values.size(); i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    value(sb, f, values.get(i));
                }
                sb.append(']');
            } else {
                value(sb, f, m.getField(f));
            }
        }
        sb.append('}');
    }

    private static void value(StringBuilder sb, FieldDescriptor f, Object v) {
        switch (f.getType()) {
            case UINT32, FIXED32 -> sb.append(Integer.toUnsignedString((Integer) v));
            case UINT64, FIXED64 -> sb.append(Long.toUnsignedString((Long) v));
            case STRING -> string(sb, (String) v);
            case ENUM -> string(sb, ((EnumValueDescriptor) v).getName());
            case MESSAGE, GROUP -> message(sb, (MessageOrBuilder) v);
            case BYTES -> string(sb, java.util.Base64.getEncoder().encodeToString(((com.google.protobuf.ByteString) v).toByteArray()));
            default -> sb.append(v); // signed ints, bool, floats
        }
    }

    static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
