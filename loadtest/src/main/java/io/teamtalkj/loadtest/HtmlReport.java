package io.teamtalkj.loadtest;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A self-contained HTML page for a {@link LoadReport}: the figures as tables, the charts as inline
 * SVG drawn here (throughput over time, latency histograms, CPU and heap), and the whole report as
 * JSON in a {@code <script type="application/json">} element. No scripts, styles or fonts are
 * fetched from anywhere.
 */
public final class HtmlReport {
    private static final String[] COLORS = {"#1f77b4", "#2ca02c", "#d62728", "#9467bd", "#ff7f0e"};

    private HtmlReport() {
    }

    public static String render(LoadReport r) {
        StringBuilder b = new StringBuilder(32_768);
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>TeamTalk-J load test: ")
                .append(esc(r.scenario)).append("</title>\n<style>\n")
                .append("body{font-family:system-ui,sans-serif;margin:2em;max-width:1100px;color:#222}")
                .append("table{border-collapse:collapse;margin:0.5em 0 1.5em}td,th{border:1px solid #ccc;padding:3px 8px;")
                .append("text-align:right}th{background:#f3f3f3}td:first-child,th:first-child{text-align:left}")
                .append("h2{margin-top:1.6em;border-bottom:1px solid #ddd}.bad{color:#b00;font-weight:bold}")
                .append(".ok{color:#070;font-weight:bold}svg{background:#fcfcfc;border:1px solid #e3e3e3}")
                .append("pre{background:#f7f7f7;padding:0.6em;white-space:pre-wrap}\n</style></head><body>\n");
        b.append("<h1>TeamTalk-J load test: ").append(esc(r.scenario)).append("</h1>\n<p>")
                .append(esc(r.startedAt)).append(r.label.isEmpty() ? "" : " &mdash; <code>" + esc(r.label) + "</code>")
                .append("</p>\n");

        b.append("<h2>Summary</h2>\n<pre>").append(esc(r.toTable())).append("</pre>\n");
        verdict(b, r);

        b.append("<h2>Throughput over time</h2>\n");
        b.append(throughputChart(r.timeline));
        b.append("<h2>Latency</h2>\n");
        latencyTable(b, r);
        b.append(histogramChart("Ack latency (send to server ack, after the commit)", r.ackLatency));
        if (!r.ackPerSecond.isEmpty()) {
            b.append(ackPerSecondChart(r.ackPerSecond));
        }
        b.append(histogramChart("End-to-end latency (send to receipt)", r.e2eLatency));
        if (r.loginLatency.count() > 0) {
            b.append(histogramChart("Login latency (discovery, connect, login)", r.loginLatency));
        }
        if (!r.resources.isEmpty()) {
            b.append("<h2>CPU and heap of this JVM</h2>\n").append(resourceChart(r.resources));
        }
        if (!r.cpu.isEmpty()) {
            b.append("<h2>CPU by component while measuring (cores)</h2>\n");
            mapTable(b, r.cpu);
        }
        if (!r.route.isEmpty()) {
            b.append("<h2>Route-servers (during the run)</h2>\n");
            routeTable(b, r.route);
        }
        if (!r.msgServers.isEmpty()) {
            b.append("<h2>msg-servers (during the run)</h2>\n");
            msgTable(b, r.msgServers);
        }
        b.append("<h2>Settings and environment</h2>\n");
        mapTable(b, r.settings);
        mapTable(b, r.environment);
        b.append("<script type=\"application/json\" id=\"report-data\">").append(Json.compact(r.toTree()))
                .append("</script>\n</body></html>\n");
        return b.toString();
    }

    private static void verdict(StringBuilder b, LoadReport r) {
        if (r.accounting == null) {
            return;
        }
        boolean ok = r.lost() == 0 && r.duplicated() == 0 && r.expected() == r.received();
        b.append("<p class=\"").append(ok ? "ok" : "bad").append("\">")
                .append(ok ? "Every acked message arrived exactly once: expected " + r.expected() + " = received " + r.received()
                        : "Delivery problems: expected " + r.expected() + ", received " + r.received() + ", lost " + r.lost()
                        + ", duplicated " + r.duplicated())
                .append(", out of order ").append(r.outOfOrder()).append(".</p>\n");
    }

    private static void latencyTable(StringBuilder b, LoadReport r) {
        b.append("<table><tr><th>latency</th><th>count</th><th>p50 ms</th><th>p90 ms</th><th>p99 ms</th><th>p99.9 ms</th>"
                + "<th>max ms</th><th>mean ms</th></tr>\n");
        lrow(b, "ack", r.ackLatency);
        lrow(b, "end to end", r.e2eLatency);
        lrow(b, "end to end, same server", r.e2eSame);
        lrow(b, "end to end, cross server", r.e2eCross);
        lrow(b, "end to end, group", r.e2eGroup);
        lrow(b, "login", r.loginLatency);
        b.append("</table>\n");
    }

    private static void lrow(StringBuilder b, String name, LatencyHistogram.Summary s) {
        if (s.count() == 0) {
            return;
        }
        b.append("<tr><td>").append(esc(name)).append("</td><td>").append(s.count()).append("</td>");
        for (long v : new long[] {s.p50(), s.p90(), s.p99(), s.p999(), s.max()}) {
            b.append("<td>").append(fmt(v / 1000.0)).append("</td>");
        }
        b.append("<td>").append(fmt(s.mean() / 1000.0)).append("</td></tr>\n");
    }

    private static void routeTable(StringBuilder b, Map<String, Object> route) {
        Object cmds = route.get("commands");
        b.append("<table><tr><th>command</th><th>envelopes in</th><th>envelopes out</th><th>bytes in</th>"
                + "<th>recipients relayed</th><th>recipients local</th><th>recipients offline</th><th>dropped</th></tr>\n");
        if (cmds instanceof List) {
            for (Object o : (List<?>) cmds) {
                Map<?, ?> m = (Map<?, ?>) o;
                b.append("<tr><td>").append(esc(String.valueOf(m.get("name")))).append("</td>");
                for (String k : new String[] {"envelopes_in", "envelopes_out", "bytes_in", "recipients_targeted",
                    "recipients_local", "recipients_offline", "dropped"}) {
                    b.append("<td>").append(m.get(k)).append("</td>");
                }
                b.append("</tr>\n");
            }
        }
        b.append("</table>\n");
        Map<String, Object> rest = new java.util.LinkedHashMap<>(route);
        rest.remove("commands");
        mapTable(b, rest);
    }

    @SuppressWarnings("unchecked")
    private static void msgTable(StringBuilder b, Map<String, Object> msg) {
        Object per = msg.get("instances");
        if (per instanceof Map && !((Map<?, ?>) per).isEmpty()) {
            Map<String, Map<String, Object>> inst = (Map<String, Map<String, Object>>) per;
            List<String> names = List.copyOf(inst.keySet());
            b.append("<table><tr><th>counter</th>");
            names.forEach(n -> b.append("<th>").append(esc(n)).append("</th>"));
            b.append("</tr>\n");
            for (String key : inst.get(names.get(0)).keySet()) {
                b.append("<tr><td>").append(esc(key)).append("</td>");
                for (String n : names) {
                    b.append("<td>").append(esc(String.valueOf(inst.get(n).get(key)))).append("</td>");
                }
                b.append("</tr>\n");
            }
            b.append("</table>\n");
        }
        Map<String, Object> rest = new java.util.LinkedHashMap<>(msg);
        rest.remove("instances");
        mapTable(b, rest);
    }

    private static void mapTable(StringBuilder b, Map<String, Object> m) {
        if (m.isEmpty()) {
            return;
        }
        b.append("<table>");
        m.forEach((k, v) -> b.append("<tr><td>").append(esc(k)).append("</td><td>")
                .append(esc(v instanceof Double ? fmt((Double) v) : String.valueOf(v))).append("</td></tr>\n"));
        b.append("</table>\n");
    }

    // ---------------------------------------------------------------------------------------------
    // charts

    private static final int W = 960;
    private static final int H = 300;
    private static final int L = 70;
    private static final int R = 20;
    private static final int T = 48;
    private static final int B = 40;

    /** Lines of sent, acked and received per second (received counts deliveries). */
    static String throughputChart(List<long[]> rows) {
        if (rows.isEmpty()) {
            return "<p>No traffic.</p>\n";
        }
        String[] names = {"sent/s", "acked/s", "received/s", "logins/s", "failed/s"};
        double maxY = 1;
        for (long[] row : rows) {
            for (int i = 1; i < row.length; i++) {
                maxY = Math.max(maxY, row[i]);
            }
        }
        double maxX = Math.max(1, rows.size() - 1);
        StringBuilder s = svgStart("Throughput per second", "second of the run", "per second");
        axes(s, maxX, maxY, false);
        for (int series = 1; series <= 5; series++) {
            boolean any = false;
            for (long[] row : rows) {
                any |= row[series] != 0;
            }
            if (!any) {
                continue;
            }
            s.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"").append(COLORS[series - 1])
                    .append("\" data-series=\"").append(names[series - 1]).append("\" points=\"");
            for (long[] row : rows) {
                s.append(fmt(x(row[0], maxX))).append(',').append(fmt(y(row[series], maxY))).append(' ');
            }
            s.append("\"/>\n");
            s.append("<text x=\"").append(L + 10 + (series - 1) * 110).append("\" y=\"").append(T - 12)
                    .append("\" fill=\"").append(COLORS[series - 1]).append("\" font-size=\"13\">&#9632; ")
                    .append(names[series - 1]).append("</text>\n");
        }
        return s.append("</svg>\n").toString();
    }

    /** Ack p50 and p99 (ms) of each second of the measured part: queueing shows as a rising p99. */
    static String ackPerSecondChart(List<long[]> rows) {
        double maxX = 1;
        double maxY = 1;
        for (long[] r : rows) {
            maxX = Math.max(maxX, r[0]);
            maxY = Math.max(maxY, r[3] / 1000.0);
        }
        StringBuilder s = svgStart("Ack latency each second (ms): p50 blue, p99 orange", "second of the measured part", "ms");
        axes(s, maxX, maxY, true);
        String[] names = {"ack p50", "ack p99"};
        for (int q = 0; q < 2; q++) {
            s.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"").append(q == 0 ? COLORS[0] : COLORS[4])
                    .append("\" data-series=\"").append(names[q]).append("\" points=\"");
            for (long[] r : rows) {
                s.append(fmt(x(r[0], maxX))).append(',').append(fmt(y(r[2 + q] / 1000.0, maxY))).append(' ');
            }
            s.append("\"/>\n");
        }
        return s.append("</svg>\n").toString();
    }

    /** Bars per latency bin (four per power of two), x on a log scale. */
    static String histogramChart(String title, LatencyHistogram.Summary h) {
        if (h.count() == 0) {
            return "";
        }
        List<long[]> bins = h.bins();
        long maxCount = 1;
        for (long[] bin : bins) {
            maxCount = Math.max(maxCount, bin[1]);
        }
        StringBuilder s = svgStart(title + String.format(Locale.ROOT, "  (p50 %s, p99 %s, max %s)", LoadReport.ms(h.p50()),
                LoadReport.ms(h.p99()), LoadReport.ms(h.max())), "latency (log scale)", "messages");
        int n = bins.size();
        double bw = (double) (W - L - R) / Math.max(1, n);
        s.append("<line x1=\"").append(L).append("\" y1=\"").append(H - B).append("\" x2=\"").append(W - R)
                .append("\" y2=\"").append(H - B).append("\" stroke=\"#444\"/>\n");
        s.append("<line x1=\"").append(L).append("\" y1=\"").append(T).append("\" x2=\"").append(L).append("\" y2=\"")
                .append(H - B).append("\" stroke=\"#444\"/>\n");
        for (int i = 0; i <= 4; i++) {
            long c = Math.round(maxCount * i / 4.0);
            double yy = y(c, maxCount);
            s.append("<text x=\"").append(L - 6).append("\" y=\"").append(fmt(yy + 4))
                    .append("\" text-anchor=\"end\" font-size=\"11\">").append(c).append("</text>\n");
        }
        for (int i = 0; i < n; i++) {
            long[] bin = bins.get(i);
            double x0 = L + i * bw;
            double yy = y(bin[1], maxCount);
            s.append("<rect x=\"").append(fmt(x0 + 1)).append("\" y=\"").append(fmt(yy)).append("\" width=\"")
                    .append(fmt(Math.max(1, bw - 2))).append("\" height=\"").append(fmt(H - B - yy))
                    .append("\" fill=\"#1f77b4\" data-from-micros=\"").append(bin[0]).append("\" data-count=\"")
                    .append(bin[1]).append("\"><title>&#8805; ").append(LoadReport.ms(bin[0])).append(": ").append(bin[1])
                    .append("</title></rect>\n");
            if (i % Math.max(1, n / 10) == 0) {
                s.append("<text x=\"").append(fmt(x0 + bw / 2)).append("\" y=\"").append(H - B + 16)
                        .append("\" text-anchor=\"middle\" font-size=\"11\">").append(LoadReport.ms(bin[0])).append("</text>\n");
            }
        }
        return s.append("</svg>\n").toString();
    }

    /** Process CPU (cores) and heap (MB, right-hand scale). */
    static String resourceChart(List<double[]> samples) {
        double maxX = 1;
        double maxCpu = 0.1;
        double maxHeap = 1;
        for (double[] s : samples) {
            maxX = Math.max(maxX, s[0]);
            maxCpu = Math.max(maxCpu, s[1]);
            maxHeap = Math.max(maxHeap, s[3]);
        }
        StringBuilder s = svgStart("CPU of this JVM (cores, blue) and heap used (MB, orange, right scale)", "second of the run",
                "cores");
        axes(s, maxX, maxCpu, true);
        s.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"#1f77b4\" data-series=\"cpu\" points=\"");
        for (double[] p : samples) {
            s.append(fmt(x(p[0], maxX))).append(',').append(fmt(y(p[1], maxCpu))).append(' ');
        }
        s.append("\"/>\n<polyline fill=\"none\" stroke-width=\"2\" stroke=\"#ff7f0e\" data-series=\"heap\" points=\"");
        for (double[] p : samples) {
            s.append(fmt(x(p[0], maxX))).append(',').append(fmt(y(p[3], maxHeap))).append(' ');
        }
        s.append("\"/>\n");
        for (int i = 0; i <= 4; i++) {
            s.append("<text x=\"").append(W - R + 2).append("\" y=\"").append(fmt(y(maxHeap * i / 4, maxHeap) + 4))
                    .append("\" font-size=\"11\" fill=\"#ff7f0e\">").append(fmt(maxHeap * i / 4)).append("</text>\n");
        }
        return s.append("</svg>\n").toString();
    }

    private static StringBuilder svgStart(String title, String xLabel, String yLabel) {
        StringBuilder s = new StringBuilder();
        s.append("<svg width=\"").append(W + 40).append("\" height=\"").append(H)
                .append("\" viewBox=\"0 0 ").append(W + 40).append(' ').append(H).append("\" font-family=\"sans-serif\">\n");
        s.append("<text x=\"").append(L).append("\" y=\"14\" font-size=\"14\" font-weight=\"bold\">").append(esc(title))
                .append("</text>\n");
        s.append("<text x=\"").append((W + L) / 2).append("\" y=\"").append(H - 6)
                .append("\" text-anchor=\"middle\" font-size=\"12\">").append(esc(xLabel)).append("</text>\n");
        s.append("<text x=\"14\" y=\"").append(H / 2).append("\" font-size=\"12\" transform=\"rotate(-90 14 ")
                .append(H / 2).append(")\" text-anchor=\"middle\">").append(esc(yLabel)).append("</text>\n");
        return s;
    }

    private static void axes(StringBuilder s, double maxX, double maxY, boolean fractional) {
        s.append("<line x1=\"").append(L).append("\" y1=\"").append(H - B).append("\" x2=\"").append(W - R)
                .append("\" y2=\"").append(H - B).append("\" stroke=\"#444\"/>\n");
        s.append("<line x1=\"").append(L).append("\" y1=\"").append(T).append("\" x2=\"").append(L).append("\" y2=\"")
                .append(H - B).append("\" stroke=\"#444\"/>\n");
        for (int i = 0; i <= 4; i++) {
            double v = maxY * i / 4;
            double yy = y(v, maxY);
            s.append("<line x1=\"").append(L).append("\" y1=\"").append(fmt(yy)).append("\" x2=\"").append(W - R)
                    .append("\" y2=\"").append(fmt(yy)).append("\" stroke=\"#eee\"/>\n");
            s.append("<text x=\"").append(L - 6).append("\" y=\"").append(fmt(yy + 4))
                    .append("\" text-anchor=\"end\" font-size=\"11\">")
                    .append(fractional ? fmt(v) : String.valueOf(Math.round(v))).append("</text>\n");
        }
        for (int i = 0; i <= 10; i++) {
            double v = maxX * i / 10;
            s.append("<text x=\"").append(fmt(x(v, maxX))).append("\" y=\"").append(H - B + 16)
                    .append("\" text-anchor=\"middle\" font-size=\"11\">").append(Math.round(v)).append("</text>\n");
        }
    }

    private static double x(double v, double maxX) {
        return L + (W - L - R) * v / maxX;
    }

    private static double y(double v, double maxY) {
        return H - B - (H - B - T) * v / maxY;
    }

    private static String fmt(double d) {
        return String.format(Locale.ROOT, "%.2f", d).replaceAll("\\.?0+$", "");
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        // '/' as an entity: addresses in the settings never read as links or fetchable URLs
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("/", "&#47;");
    }
}
