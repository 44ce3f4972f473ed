package io.teamtalkj.msgserver;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.teamtalkj.net.ReadThrottle;
import java.util.concurrent.atomic.LongAdder;

/**
 * The msg-server's counters and gauges as Prometheus metrics ({@code teamtalk_msg_*}), registered
 * on the server's {@link io.teamtalkj.control.TierMetrics} (which also holds the JVM meters and the
 * latency histograms of {@link MsgServerStats}). Read when scraped; nothing is added to the hot paths.
 */
final class MsgServerMetrics {
    private final MeterRegistry registry;

    MsgServerMetrics(MsgServer server, MeterRegistry registry) {
        this.registry = registry;
        MsgServerStats s = server.stats();
        String logins = "Client logins by result";
        counter("teamtalk.msg.logins", logins, s.loginsOk, "result", "ok");
        counter("teamtalk.msg.logins", logins, s.loginsRefused, "result", "refused");
        counter("teamtalk.msg.login.password.checks", "Password checks asked of the dbproxy", s.passwordChecks);
        String tokens = "Resumable-login session tokens";
        counter("teamtalk.msg.session.tokens", tokens, s.loginsByToken, "outcome", "login");
        counter("teamtalk.msg.session.tokens", tokens, s.tokensRefused, "outcome", "refused");
        counter("teamtalk.msg.session.tokens", tokens, s.tokensIssued, "outcome", "issued");
        counter("teamtalk.msg.refused.before.login",
                "Commands other than heartbeat and login from connections not logged in (each closes the connection)",
                s.refusedBeforeLogin);
        counter("teamtalk.msg.kicks", "Connections replaced by a newer login of the same user and device class", s.kicks);
        String messages = "Client messages (0x0301) by outcome";
        counter("teamtalk.msg.messages", messages, s.messagesIn, "outcome", "received");
        counter("teamtalk.msg.messages", messages, s.messagesStored, "outcome", "stored");
        counter("teamtalk.msg.messages", messages, s.messagesNotStored, "outcome", "not_stored");
        counter("teamtalk.msg.messages", messages, s.messagesResent, "outcome", "resent");
        counter("teamtalk.msg.messages", messages, s.messagesRateLimited, "outcome", "rate_limited");
        counter("teamtalk.msg.messages", messages, s.messagesStoreUnavailable, "outcome", "store_unavailable");
        counter("teamtalk.msg.deliveries.local", "Copies of messages written to local client connections",
                s.deliveriesLocal);
        String relays = "Envelopes relayed to or received from route-servers";
        counter("teamtalk.msg.relays", relays, s.relaysSent, "direction", "sent");
        counter("teamtalk.msg.relays", relays, s.relaysReceived, "direction", "received");
        counter("teamtalk.msg.receiver.acks", "Receivers' acks (0x0302) of delivered messages", s.receiverAcks);
        counter("teamtalk.msg.unacked.deliveries", "Deliveries without a receiver ack within --receiver-ack-timeout",
                s.unackedDeliveries);
        counter("teamtalk.msg.db.failures", "dbproxy requests that failed or timed out", s.dbFailures);
        counter("teamtalk.msg.slow.readers.dropped",
                "Connections closed because their client stopped reading (over --max-queued-bytes or unwritable past --slow-reader-grace)",
                s.slowReadersDropped);
        FunctionCounter.builder("teamtalk.msg.link.full.pauses", server.readThrottle(), ReadThrottle::pauses)
                .description("Times a dbproxy or route-server link could take no more output, so client connections"
                        + " were not read until it drained").register(registry);
        Gauge.builder("teamtalk.msg.connections", server, m -> m.sessions().connectionCount())
                .description("Authenticated client connections").register(registry);
        Gauge.builder("teamtalk.msg.users", server, m -> m.sessions().userCount())
                .description("Users with at least one authenticated connection").register(registry);
        Gauge.builder("teamtalk.msg.sockets", server, MsgServer::openSockets)
                .description("Client sockets open, logged in or not").register(registry);
        Gauge.builder("teamtalk.msg.db.in.flight", server, m -> m.db().inFlight())
                .description("dbproxy requests sent and not yet answered").register(registry);
        Gauge.builder("teamtalk.msg.dbproxy.links.up", server, m -> m.db().upCount())
                .description("dbproxy links up (the msg-server is ready with at least one)").register(registry);
    }

    private void counter(String name, String description, LongAdder adder, String... tags) {
        FunctionCounter.builder(name, adder, LongAdder::sum).description(description).tags(tags).register(registry);
    }
}
