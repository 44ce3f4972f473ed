package io.teamtalkj.push.dispatch;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.teamtalkj.push.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Push counts per provider lane and origin (IMPushToUserReq.tt_origin: "im" for chat messages,
 * whether sent by a client or through the HTTP API, "api:<app key>" for the api-server's
 * POST /v1/push notifications, "-" for senders that name none), so an operator sees which application spends a provider's quota. Exported as
 * {@code teamtalk_push_origin_*_total{provider,app,origin}}. At most {@link #MAX_ORIGINS} origins
 * are told apart (the rest count as "other"): the label set of the metrics stays bounded.
 */
public final class OriginStats {
    public static final int MAX_ORIGINS = 200;
    public static final String OTHER = "other";

    /** One (lane, origin)'s counts. */
    public static final class Counts {
        public final String provider;
        public final String app;
        public final String origin;
        public final LongAdder attempted = new LongAdder();
        public final LongAdder delivered = new LongAdder();
        public final LongAdder failed = new LongAdder();
        public final LongAdder invalidToken = new LongAdder();
        public final LongAdder dropped = new LongAdder();

        Counts(String provider, String app, String origin) {
            this.provider = provider;
            this.app = app;
            this.origin = origin;
        }
    }

    private final MeterRegistry registry;
    private final Map<String, Counts> byKey = new ConcurrentHashMap<>();
    private final Map<String, Boolean> origins = new ConcurrentHashMap<>();

    public OriginStats(MeterRegistry registry) {
        this.registry = registry;
    }

    /** The origin as counted: printable, at most 64 chars, "-" when empty, "other" past the bound. */
    String label(String origin) {
        if (origin == null || origin.isEmpty()) {
            return "-";
        }
        if (origin.length() > 64 || !origin.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            return OTHER;
        }
        if (origins.containsKey(origin)) {
            return origin;
        }
        if (origins.size() >= MAX_ORIGINS) {
            return OTHER;
        }
        origins.put(origin, Boolean.TRUE);
        return origin;
    }

    /** Counts one push's outcome on the lane (DROPPED was never attempted). */
    public void count(ProviderLane lane, String origin, Outcome outcome) {
        Counts c = counts(lane.provider().name(), lane.provider().app(), label(origin));
        switch (outcome.kind()) {
            case DROPPED -> c.dropped.increment();
            case DELIVERED -> {
                c.attempted.increment();
                c.delivered.increment();
            }
            case INVALID_TOKEN -> {
                c.attempted.increment();
                c.invalidToken.increment();
            }
            default -> {
                c.attempted.increment();
                c.failed.increment();
            }
        }
    }

    private Counts counts(String provider, String app, String origin) {
        return byKey.computeIfAbsent(provider + '\0' + app + '\0' + origin, k -> {
            Counts c = new Counts(provider, app, origin);
            if (registry != null) {
                counter("teamtalk.push.origin.attempted", c, c.attempted);
                counter("teamtalk.push.origin.delivered", c, c.delivered);
                counter("teamtalk.push.origin.failed", c, c.failed);
                counter("teamtalk.push.origin.invalid.token", c, c.invalidToken);
                counter("teamtalk.push.origin.dropped", c, c.dropped);
            }
            return c;
        });
    }

    private void counter(String name, Counts c, LongAdder value) {
        FunctionCounter.builder(name, value, LongAdder::doubleValue)
                .description("pushes per provider and origin (im, api:<app>)")
                .tag("provider", c.provider).tag("app", c.app).tag("origin", c.origin).register(registry);
    }

    /** Every (lane, origin) seen, for PushStats. */
    public List<Counts> all() {
        List<Counts> out = new ArrayList<>(byKey.values());
        out.sort(java.util.Comparator.comparing((Counts c) -> c.provider).thenComparing(c -> c.app).thenComparing(c -> c.origin));
        return out;
    }
}
