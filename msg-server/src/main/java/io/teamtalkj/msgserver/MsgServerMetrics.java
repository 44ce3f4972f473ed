package io.teamtalkj.msgserver;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.atomic.LongAdder;

/**
 * The msg-server's counters and gauges as Prometheus metrics ({@code teamtalk_msg_*}), plus the
 * JVM's memory, GC, threads and CPU. Read when scraped; nothing is added to the hot paths.
 */
final class MsgServerMetrics implements AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();

    MsgServerMetrics(MsgServer server) {
        registry.config().commonTags("instance", server.config().hostName);
        MsgServerStats s = server.stats();
        counter("teamtalk.msg.logins", s.loginsOk, "result", "ok");
        counter("teamtalk.msg.logins", s.loginsRefused, "result", "refused");
        counter("teamtalk.msg.refused.before.login", s.refusedBeforeLogin);
        counter("teamtalk.msg.kicks", s.kicks);
        counter("teamtalk.msg.messages", s.messagesIn, "outcome", "received");
        counter("teamtalk.msg.messages", s.messagesStored, "outcome", "stored");
        counter("teamtalk.msg.messages", s.messagesNotStored, "outcome", "not_stored");
        counter("teamtalk.msg.messages", s.messagesResent, "outcome", "resent");
        counter("teamtalk.msg.messages", s.messagesRateLimited, "outcome", "rate_limited");
        counter("teamtalk.msg.deliveries.local", s.deliveriesLocal);
        counter("teamtalk.msg.relays", s.relaysSent, "direction", "sent");
        counter("teamtalk.msg.relays", s.relaysReceived, "direction", "received");
        counter("teamtalk.msg.receiver.acks", s.receiverAcks);
        counter("teamtalk.msg.unacked.deliveries", s.unackedDeliveries);
        counter("teamtalk.msg.db.failures", s.dbFailures);
        counter("teamtalk.msg.slow.readers.dropped", s.slowReadersDropped);
        Gauge.builder("teamtalk.msg.connections", server, m -> m.sessions().connectionCount())
                .description("authenticated connections").register(registry);
        Gauge.builder("teamtalk.msg.users", server, m -> m.sessions().userCount()).register(registry);
        Gauge.builder("teamtalk.msg.sockets", server, MsgServer::openSockets)
                .description("client sockets open, logged in or not").register(registry);
        Gauge.builder("teamtalk.msg.db.in.flight", server, m -> m.db().inFlight()).register(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
    }

    private void counter(String name, LongAdder adder, String... tags) {
        FunctionCounter.builder(name, adder, LongAdder::sum).tags(tags).register(registry);
    }

    String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
