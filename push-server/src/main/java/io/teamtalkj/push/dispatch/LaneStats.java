package io.teamtalkj.push.dispatch;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts of one provider lane since start, also exported as {@code teamtalk_push_*_total{provider,app}}.
 * A push is attempted once however often it is retried; it ends delivered, failed, invalid-token
 * or dropped (queue full, never attempted).
 */
public final class LaneStats {
    public final LongAdder attempted = new LongAdder();
    public final LongAdder delivered = new LongAdder();
    public final LongAdder failed = new LongAdder();
    public final LongAdder invalidToken = new LongAdder();
    public final LongAdder retried = new LongAdder();
    public final LongAdder dropped = new LongAdder();

    void register(MeterRegistry registry, String provider, String app, ProviderLane lane) {
        counter(registry, "teamtalk.push.attempted", "pushes handed to the provider (retries not counted)", provider, app, attempted);
        counter(registry, "teamtalk.push.delivered", "pushes the provider accepted", provider, app, delivered);
        counter(registry, "teamtalk.push.failed", "pushes refused for good or given up after retries", provider, app, failed);
        counter(registry, "teamtalk.push.invalid.token", "pushes whose token the provider called invalid (token removed)",
                provider, app, invalidToken);
        counter(registry, "teamtalk.push.retried", "retries after 429, 5xx or I/O errors", provider, app, retried);
        counter(registry, "teamtalk.push.dropped", "pushes refused because the provider's queue was full", provider, app, dropped);
        Gauge.builder("teamtalk.push.queued", lane, ProviderLane::queued).description("pushes waiting for the provider")
                .tag("provider", provider).tag("app", app).register(registry);
        Gauge.builder("teamtalk.push.in.flight", lane, ProviderLane::inFlight).description("pushes sent and not yet answered")
                .tag("provider", provider).tag("app", app).register(registry);
    }

    private static void counter(MeterRegistry registry, String name, String description, String provider, String app,
                                LongAdder value) {
        FunctionCounter.builder(name, value, LongAdder::doubleValue).description(description)
                .tag("provider", provider).tag("app", app).register(registry);
    }
}
