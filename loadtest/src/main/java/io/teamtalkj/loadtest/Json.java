package io.teamtalkj.loadtest;

import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** A small JSON writer for the report tree: maps, collections, arrays of long/double, numbers, strings, booleans. */
final class Json {
    private Json() {
    }

    static String write(Object value) {
        StringBuilder b = new StringBuilder(4096);
        write(b, value, 0, true);
        b.append('\n');
        return b.toString();
    }

    /** Compact form for embedding in HTML: '/' is written as "\\/" so no URL appears literally. */
    static String compact(Object value) {
        StringBuilder b = new StringBuilder(4096);
        write(b, value, 0, false);
        return b.toString().replace("/", "\\/");
    }

    private static void write(StringBuilder b, Object v, int indent, boolean pretty) {
        if (v == null) {
            b.append("null");
        } else if (v instanceof String) {
            string(b, (String) v);
        } else if (v instanceof Boolean) {
            b.append(v);
        } else if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                b.append("null");
            } else if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                b.append((long) d);
            } else {
                b.append(String.format(java.util.Locale.ROOT, "%.4f", d).replaceAll("0+$", "").replaceAll("\\.$", ""));
            }
        } else if (v instanceof Number) {
            b.append(v);
        } else if (v instanceof Map) {
            Map<?, ?> m = (Map<?, ?>) v;
            if (m.isEmpty()) {
                b.append("{}");
                return;
            }
            b.append('{');
            Iterator<? extends Map.Entry<?, ?>> it = m.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<?, ?> e = it.next();
                newline(b, indent + 1, pretty);
                string(b, String.valueOf(e.getKey()));
                b.append(pretty ? ": " : ":");
                write(b, e.getValue(), indent + 1, pretty);
                if (it.hasNext()) {
                    b.append(',');
                }
            }
            newline(b, indent, pretty);
            b.append('}');
        } else if (v instanceof long[]) {
            long[] a = (long[]) v;
            b.append('[');
            for (int i = 0; i < a.length; i++) {
                b.append(i == 0 ? "" : ",").append(a[i]);
            }
            b.append(']');
        } else if (v instanceof double[]) {
            double[] a = (double[]) v;
            b.append('[');
            for (int i = 0; i < a.length; i++) {
                if (i > 0) {
                    b.append(',');
                }
                write(b, a[i], indent, pretty);
            }
            b.append(']');
        } else if (v instanceof Collection) {
            Collection<?> c = (Collection<?>) v;
            boolean scalars = c.stream().allMatch(x -> x instanceof long[] || x instanceof double[] || x instanceof Number
                    || x instanceof String);
            b.append('[');
            int i = 0;
            for (Object x : c) {
                if (i++ > 0) {
                    b.append(',');
                }
                if (!scalars) {
                    newline(b, indent + 1, pretty);
                } else if (pretty && i > 1 && (x instanceof long[] || x instanceof double[])) {
                    newline(b, indent + 1, true);
                }
                write(b, x, indent + 1, pretty);
            }
            if (!scalars && !c.isEmpty()) {
                newline(b, indent, pretty);
            }
            b.append(']');
        } else {
            string(b, v.toString());
        }
    }

    private static void newline(StringBuilder b, int indent, boolean pretty) {
        if (!pretty) {
            return;
        }
        b.append('\n');
        for (int i = 0; i < indent; i++) {
            b.append("  ");
        }
    }

    static void string(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '<' -> b.append("\\u003c"); // safe inside an HTML <script>
                case '>' -> b.append("\\u003e");
                case '&' -> b.append("\\u0026");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }

    static List<Object> list(Object... items) {
        return List.of(items);
    }
}
