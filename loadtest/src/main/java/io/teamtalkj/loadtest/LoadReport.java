package io.teamtalkj.loadtest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The outcome of a run: counts, reconciled delivery figures, latencies, the per-second timeline,
 * route-server and msg-server statistics. Written as JSON ({@link #toJson()}), as a
 * self-contained HTML page ({@link HtmlReport}) and as a console table ({@link #toTable()}).
 * Latencies are in microseconds.
 */
public final class LoadReport {
    public String label = "";
    public String scenario = "";
    /** tcp, ws or mixed (issue 19). */
    public String transport = "tcp";
    /** Clients that logged in over WebSocket. */
    public int webSocketClients;
    public String startedAt = "";
    public Map<String, Object> settings = new LinkedHashMap<>();
    public Map<String, Object> environment = new LinkedHashMap<>();

    // clients
    public int clientsRequested;
    public int clientsConnected;
    public int loginsFailed;
    /** Connections that dropped during the run, and logins again after a drop (--no-reconnect: none). */
    public long disconnects;
    public long reconnects;
    /** --stop-msg-server-after: the control port stopped, its clients that dropped, those back, and when (from the stop). */
    public String rehomeServer;
    public int rehomeDropped;
    public int rehomeBack;
    public double rehomeP50Seconds;
    public double rehomeAllSeconds;
    public double connectSeconds;
    public double loginRate;
    public int samePairs;
    public int crossPairs;
    public int groups;
    public int idleClients;

    // traffic
    /** Seconds of the measured traffic (after the warm-up). */
    public double trafficSeconds;
    public double warmupSeconds;
    /** Sent and acked during the measured part. */
    public long sentMeasured;
    public long ackedMeasured;
    public double drainSeconds;
    public double pullSeconds;
    public long sent;
    public long acked;
    public long ackFailed;
    /** Failed acks, logins and lost connections, by cause. */
    public Map<String, Long> ackFailures = new LinkedHashMap<>();
    public long ackedSame;
    public long ackedCross;
    public long ackedGroup;
    public long receivedOnlineTotal;
    public long unreadReported;
    public long foreignMessages;

    // reconciliation
    public Ledger.Result accounting;
    public boolean pulled;

    // latencies
    public LatencyHistogram.Summary ackLatency = LatencyHistogram.Summary.EMPTY;
    public LatencyHistogram.Summary e2eLatency = LatencyHistogram.Summary.EMPTY;
    public LatencyHistogram.Summary e2eSame = LatencyHistogram.Summary.EMPTY;
    public LatencyHistogram.Summary e2eCross = LatencyHistogram.Summary.EMPTY;
    public LatencyHistogram.Summary e2eGroup = LatencyHistogram.Summary.EMPTY;
    public LatencyHistogram.Summary loginLatency = LatencyHistogram.Summary.EMPTY;

    /** The measured part second by second: {second, acks, ack p50 µs, p99 µs, max µs}. */
    public List<long[]> ackPerSecond = new ArrayList<>();

    // over time: {second, sent, acked, received, logins, failed}; samples {second, cpu cores, system cpu, heap MB}
    public List<long[]> timeline = new ArrayList<>();
    public List<double[]> resources = new ArrayList<>();
    /** Cores used during the measured traffic by component (threads of this JVM, child processes), GC figures. */
    public Map<String, Object> cpu = new LinkedHashMap<>();
    public double avgProcessCores;
    public double avgSystemCpu;

    // servers
    /** Route-servers' counters during the run (after minus before), summed over route-servers. */
    public Map<String, Object> route = new LinkedHashMap<>();
    /** msg-servers' counters during the run, per instance, plus heap figures. */
    public Map<String, Object> msgServers = new LinkedHashMap<>();
    /** Idle scenario: heap growth per authenticated connection in bytes (-1 when not measured). */
    public long heapPerConnection = -1;

    public List<String> notes = new ArrayList<>();

    /** Acks per second of the traffic phase: messages persisted (the server acks after the commit). */
    public double persistedRate() {
        return trafficSeconds <= 0 ? 0 : ackedMeasured / trafficSeconds;
    }

    public double sendRate() {
        return trafficSeconds <= 0 ? 0 : sentMeasured / trafficSeconds;
    }

    /** The figures the integration test and CI read: exact loss and duplicates. */
    public long expected() {
        return accounting == null ? 0 : accounting.expected();
    }

    public long received() {
        return accounting == null ? 0 : accounting.received();
    }

    public long lost() {
        return accounting == null ? 0 : accounting.lost();
    }

    public long duplicated() {
        return accounting == null ? 0 : accounting.duplicated();
    }

    public long outOfOrder() {
        return accounting == null ? 0 : accounting.outOfOrder();
    }

    /** Route-servers' recipients reached on another msg-server for CID_MSG_DATA during the run. */
    public long relayedMessageDeliveries() {
        Object cmds = route.get("commands");
        if (cmds instanceof List) {
            for (Object o : (List<?>) cmds) {
                Map<?, ?> m = (Map<?, ?>) o;
                if ("CID_MSG_DATA".equals(m.get("name"))) {
                    return ((Number) m.get("recipients_targeted")).longValue();
                }
            }
        }
        return 0;
    }

    /** The report as an ordered tree of maps and lists (what {@link #toJson()} writes). */
    public Map<String, Object> toTree() {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("label", label);
        t.put("scenario", scenario);
        t.put("transport", transport);
        t.put("web_socket_clients", webSocketClients);
        t.put("started_at", startedAt);
        t.put("settings", settings);
        t.put("environment", environment);
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("requested", clientsRequested);
        c.put("connected", clientsConnected);
        c.put("logins_failed", loginsFailed);
        c.put("disconnects", disconnects);
        c.put("reconnects", reconnects);
        c.put("connect_seconds", connectSeconds);
        c.put("login_rate", loginRate);
        c.put("same_server_pairs", samePairs);
        c.put("cross_server_pairs", crossPairs);
        c.put("groups", groups);
        c.put("idle", idleClients);
        if (rehomeServer != null) {
            Map<String, Object> rh = new LinkedHashMap<>();
            rh.put("stopped_msg_server", rehomeServer);
            rh.put("dropped", rehomeDropped);
            rh.put("back", rehomeBack);
            rh.put("p50_seconds", rehomeP50Seconds);
            rh.put("all_seconds", rehomeAllSeconds);
            c.put("rehome", rh);
        }
        t.put("clients", c);
        Map<String, Object> tr = new LinkedHashMap<>();
        tr.put("warmup_seconds", warmupSeconds);
        tr.put("traffic_seconds", trafficSeconds);
        tr.put("drain_seconds", drainSeconds);
        tr.put("pull_seconds", pullSeconds);
        tr.put("sent", sent);
        tr.put("acked", acked);
        tr.put("sent_measured", sentMeasured);
        tr.put("acked_measured", ackedMeasured);
        tr.put("ack_failed", ackFailed);
        tr.put("failures", ackFailures);
        tr.put("acked_same_server", ackedSame);
        tr.put("acked_cross_server", ackedCross);
        tr.put("acked_group", ackedGroup);
        tr.put("send_rate", sendRate());
        tr.put("persisted_rate", persistedRate());
        tr.put("same_server_rate", trafficSeconds <= 0 ? 0.0 : ackedSame / trafficSeconds);
        tr.put("cross_server_rate", trafficSeconds <= 0 ? 0.0 : ackedCross / trafficSeconds);
        tr.put("received_online_total", receivedOnlineTotal);
        tr.put("foreign_messages", foreignMessages);
        tr.put("unread_reported", unreadReported);
        t.put("traffic", tr);
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("pulled", pulled);
        if (accounting != null) {
            a.put("expected", accounting.expected());
            a.put("received", accounting.received());
            a.put("received_online", accounting.receivedOnline());
            a.put("received_by_pull", accounting.receivedByPull());
            a.put("lost", accounting.lost());
            a.put("duplicated", accounting.duplicated());
            a.put("out_of_order", accounting.outOfOrder());
            a.put("interleaved_between_senders", accounting.interleaved());
            a.put("received_not_acked", accounting.receivedNotAcked());
            a.put("lost_samples", accounting.lostSamples());
        }
        t.put("accounting", a);
        Map<String, Object> lat = new LinkedHashMap<>();
        lat.put("ack", summary(ackLatency));
        lat.put("end_to_end", summary(e2eLatency));
        lat.put("end_to_end_same_server", summary(e2eSame));
        lat.put("end_to_end_cross_server", summary(e2eCross));
        lat.put("end_to_end_group", summary(e2eGroup));
        lat.put("login", summary(loginLatency));
        t.put("latency_micros", lat);
        t.put("ack_per_second_columns", List.of("second", "acks", "p50_micros", "p99_micros", "max_micros"));
        t.put("ack_per_second", ackPerSecond);
        t.put("timeline_columns", List.of("second", "sent", "acked", "received", "logins", "failed"));
        t.put("timeline", timeline);
        t.put("resources_columns", List.of("second", "process_cpu_cores", "system_cpu", "heap_used_mb"));
        t.put("resources", resources);
        t.put("cpu_cores_during_traffic", cpu);
        t.put("avg_process_cpu_cores", avgProcessCores);
        t.put("avg_system_cpu", avgSystemCpu);
        t.put("route_servers", route);
        t.put("msg_servers", msgServers);
        t.put("heap_per_connection_bytes", heapPerConnection);
        t.put("notes", notes);
        return t;
    }

    static Map<String, Object> summary(LatencyHistogram.Summary s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", s.count());
        m.put("min", s.min());
        m.put("p50", s.p50());
        m.put("p90", s.p90());
        m.put("p99", s.p99());
        m.put("p999", s.p999());
        m.put("max", s.max());
        m.put("mean", s.mean());
        m.put("bins", s.bins());
        return m;
    }

    public String toJson() {
        return Json.write(toTree());
    }

    public void writeJson(Path file) throws IOException {
        Files.writeString(file, toJson(), StandardCharsets.UTF_8);
    }

    public void writeHtml(Path file) throws IOException {
        Files.writeString(file, HtmlReport.render(this), StandardCharsets.UTF_8);
    }

    /** The final table printed at the end of a run. */
    public String toTable() {
        StringBuilder b = new StringBuilder();
        row(b, "scenario", scenario + (label.isEmpty() ? "" : "  (" + label + ")")
                + ("tcp".equals(transport) ? "" : ", transport " + transport));
        row(b, "clients", clientsConnected + " of " + clientsRequested + " connected in " + f1(connectSeconds) + " s ("
                + f1(loginRate) + " logins/s, " + loginsFailed + " failed)");
        if (disconnects > 0 || reconnects > 0) {
            row(b, "connections dropped", disconnects + " (logged in again " + reconnects + ")");
        }
        if (rehomeServer != null) {
            row(b, "re-home", rehomeDropped + " clients of the stopped msg-server " + rehomeServer + ", " + rehomeBack
                    + " logged in again" + (rehomeBack == 0 ? "" : ": half within " + f1(rehomeP50Seconds) + " s, "
                    + (rehomeBack == rehomeDropped ? "all" : "the last of them") + " within " + f1(rehomeAllSeconds)
                    + " s of the stop"));
        }
        if (samePairs + crossPairs > 0) {
            row(b, "pairs", samePairs + " same-server, " + crossPairs + " cross-server");
        }
        if (groups > 0) {
            row(b, "groups", String.valueOf(groups));
        }
        if (idleClients > 0) {
            row(b, "idle connections", String.valueOf(idleClients));
        }
        if (sent > 0 || trafficSeconds > 0) {
            row(b, "traffic phase", (warmupSeconds > 0 ? "warm-up " + f1(warmupSeconds) + " s, then " : "")
                    + f1(trafficSeconds) + " s measured (+ drain " + f1(drainSeconds) + " s, pull " + f1(pullSeconds) + " s)");
            row(b, "sent / acked", sent + " / " + acked + " (" + ackFailed + " failed" + (ackFailures.isEmpty() ? ""
                    : " " + ackFailures) + ")");
            row(b, "persisted msg/s", f0(persistedRate()) + " (sent " + f0(sendRate()) + "/s)");
            if (ackedSame + ackedCross > 0) {
                row(b, "  same / cross msg/s", f0(ackedSame / Math.max(1e-9, trafficSeconds)) + " / "
                        + f0(ackedCross / Math.max(1e-9, trafficSeconds)));
            }
            if (accounting != null) {
                row(b, "expected deliveries", String.valueOf(accounting.expected()));
                row(b, "received", accounting.received() + " (online " + accounting.receivedOnline() + ", by pull "
                        + accounting.receivedByPull() + (pulled ? "" : "; no pull") + ")");
                row(b, "lost", String.valueOf(accounting.lost()));
                row(b, "duplicated", String.valueOf(accounting.duplicated()));
                row(b, "out of order", accounting.outOfOrder() + (accounting.interleaved() == 0 ? ""
                        : " (plus " + accounting.interleaved() + " msg_id inversions between different senders)"));
                if (accounting.receivedNotAcked() > 0) {
                    row(b, "received, never acked", String.valueOf(accounting.receivedNotAcked()));
                }
            }
            latency(b, "ack latency", ackLatency);
            ackEachSecond(b);
            latency(b, "end-to-end latency", e2eLatency);
            if (e2eSame.count() > 0 && e2eCross.count() > 0) {
                latency(b, "  same-server", e2eSame);
                latency(b, "  cross-server", e2eCross);
            }
            if (e2eGroup.count() > 0 && e2eGroup.count() != e2eLatency.count()) {
                latency(b, "  group", e2eGroup);
            }
        }
        latency(b, "login latency", loginLatency);
        long relayed = relayedMessageDeliveries();
        if (!route.isEmpty()) {
            row(b, "route: msg relayed/local", relayed + " / " + longOf(route, "msg_recipients_local")
                    + " (envelopes in " + longOf(route, "envelopes_in") + ", out " + longOf(route, "envelopes_out")
                    + ", dropped " + longOf(route, "dropped") + ")");
        }
        if (heapPerConnection >= 0) {
            row(b, "heap / idle connection", heapPerConnection + " bytes");
        }
        row(b, "CPU (this JVM)", f2(avgProcessCores) + " cores avg; machine " + f0(100 * avgSystemCpu) + "% busy");
        if (!cpu.isEmpty()) {
            StringBuilder parts = new StringBuilder();
            cpu.forEach((k, v) -> {
                if (v instanceof Double) {
                    parts.append(parts.length() == 0 ? "" : ", ").append(k).append(' ').append(f2((Double) v));
                }
            });
            row(b, "cores while measuring", parts.toString());
            row(b, "GC while measuring", cpu.get("gc_collections") + " collections, " + cpu.get("gc_millis") + " ms");
        }
        for (String n : notes) {
            row(b, "note", n);
        }
        return b.toString();
    }

    private static long longOf(Map<String, Object> m, String key) {
        Object v = m.get(key);
        return v instanceof Number ? ((Number) v).longValue() : 0;
    }

    private static void latency(StringBuilder b, String name, LatencyHistogram.Summary s) {
        if (s.count() == 0) {
            return;
        }
        row(b, name, String.format(Locale.ROOT, "p50 %s  p90 %s  p99 %s  max %s  (n=%d)", ms(s.p50()), ms(s.p90()),
                ms(s.p99()), ms(s.max()), s.count()));
    }

    /** The per-second p99s in ms, so queueing that builds up (or a stall) shows in the text report. */
    private void ackEachSecond(StringBuilder b) {
        if (ackPerSecond.size() < 2) {
            return;
        }
        long[] worst = ackPerSecond.get(0);
        StringBuilder series = new StringBuilder();
        for (long[] r : ackPerSecond) {
            if (r[3] > worst[3]) {
                worst = r;
            }
            series.append(series.length() == 0 ? "" : " ").append(Math.round(r[3] / 1000.0));
        }
        row(b, "ack p99 each second", "worst " + ms(worst[3]) + " in second " + worst[0] + "; ms: " + series);
    }

    static String ms(long micros) {
        return micros >= 100_000 ? f0(micros / 1000.0) + " ms" : String.format(Locale.ROOT, "%.2f ms", micros / 1000.0);
    }

    private static void row(StringBuilder b, String name, String value) {
        b.append(String.format(Locale.ROOT, "  %-24s %s%n", name, value));
    }

    static String f0(double d) {
        return String.format(Locale.ROOT, "%.0f", d);
    }

    static String f1(double d) {
        return String.format(Locale.ROOT, "%.1f", d);
    }

    static String f2(double d) {
        return String.format(Locale.ROOT, "%.2f", d);
    }
}
