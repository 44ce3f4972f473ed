package io.teamtalkj.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** JSON and HTML output of a report built by hand. */
class ReportOutputTest {
    static LoadReport sample() {
        LoadReport r = new LoadReport();
        r.scenario = "p2p";
        r.label = "teamtalk loadtest --login http://127.0.0.1:8080 --scenario p2p";
        r.startedAt = "2026-11-23T22:00:00Z";
        r.settings.put("login_url", "http://127.0.0.1:8080/msg_server");
        r.clientsRequested = 10;
        r.clientsConnected = 10;
        r.samePairs = 3;
        r.crossPairs = 2;
        r.trafficSeconds = 2;
        r.sent = 1000;
        r.acked = 1000;
        r.sentMeasured = 1000;
        r.ackedMeasured = 1000;
        r.ackedSame = 600;
        r.ackedCross = 400;
        LatencyHistogram h = new LatencyHistogram();
        for (int i = 1; i <= 1000; i++) {
            h.record(i * 10L);
        }
        r.ackLatency = h.summary();
        r.e2eLatency = h.summary();
        r.accounting = new Ledger.Result(1000, 990, 10, 1000, 0, 0, 0, 0, 0, List.of());
        r.pulled = true;
        r.timeline = new ArrayList<>(List.of(new long[] {0, 400, 380, 370, 0, 0}, new long[] {1, 600, 620, 630, 0, 0},
                new long[] {2, 0, 0, 0, 0, 0}));
        r.resources = new ArrayList<>(List.of(new double[] {1, 1.5, 0.8, 120}, new double[] {2, 1.7, 0.9, 130}));
        r.route.put("envelopes_in", 1000L);
        r.route.put("commands", List.of(Map.of("name", "CID_MSG_DATA", "recipients_targeted", 400L, "recipients_local", 1600L,
                "envelopes_in", 1000L, "envelopes_out", 400L, "bytes_in", 1L, "recipients_offline", 0L, "dropped", 0L)));
        r.ackPerSecond = new ArrayList<>(List.of(new long[] {1, 500, 2_000, 9_000, 12_000},
                new long[] {2, 500, 3_000, 250_000, 300_000}));
        r.disconnects = 3;
        r.reconnects = 2;
        r.notes.add("a note with <html> & \"quotes\"");
        return r;
    }

    @Test
    void jsonHoldsTheFiguresAndTheTimeline() {
        String json = sample().toJson();
        assertThat(json).contains("\"scenario\": \"p2p\"", "\"expected\": 1000", "\"received\": 1000", "\"lost\": 0",
                "\"duplicated\": 0", "\"persisted_rate\": 500", "\"cross_server_rate\": 200", "\"p99\": ");
        assertThat(json).contains("[1,600,620,630,0,0]");
        assertThat(json).contains("\"ack_per_second\"", "[2,500,3000,250000,300000]");
        assertThat(json).contains("\\u003chtml\\u003e").doesNotContain("<html>");
        assertThat(sample().relayedMessageDeliveries()).isEqualTo(400);
        // balanced braces and brackets: a cheap well-formedness check
        assertThat(json.chars().filter(c -> c == '{').count()).isEqualTo(json.chars().filter(c -> c == '}').count());
        assertThat(json.chars().filter(c -> c == '[').count()).isEqualTo(json.chars().filter(c -> c == ']').count());
    }

    @Test
    void htmlIsSelfContainedWithChartsAndTheirData() {
        String html = HtmlReport.render(sample());
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<svg", "polyline", "data-series=\"acked/s\"",
                "<rect", "data-count=", "report-data", "CID_MSG_DATA");
        // the timeline's points and the histogram's bins are in the page
        assertThat(html).contains("[0,400,380,370,0,0]");
        assertThat(html).contains("data-series=\"ack p99\"");
        assertThat(html).contains("\"bins\":[[");
        // nothing to fetch and no literal URL at all
        assertThat(html).doesNotContain("http://", "https://", "<script src", "<link", "@import");
        assertThat(html).contains("a note with &lt;html&gt; &amp; &quot;quotes&quot;");
    }

    @Test
    void tableShowsTheVerdictFigures() {
        String t = sample().toTable();
        assertThat(t).contains("persisted msg/s", "500", "lost", "duplicated", "3 same-server, 2 cross-server",
                "p99");
        assertThat(t).contains("connections dropped", "3 (logged in again 2)");
        assertThat(t).contains("ack p99 each second", "worst 250 ms in second 2; ms: 9 250");
    }

    @Test
    void emptyReportRendersToo() {
        LoadReport r = new LoadReport();
        assertThat(r.toJson()).contains("\"accounting\"");
        assertThat(HtmlReport.render(r)).contains("No traffic");
        assertThat(r.toTable()).isNotEmpty();
    }
}
