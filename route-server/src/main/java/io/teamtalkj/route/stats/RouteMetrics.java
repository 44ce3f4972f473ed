package io.teamtalkj.route.stats;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.teamtalkj.route.Links;
import io.teamtalkj.route.Presence;
import io.teamtalkj.route.RouteLink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * The route stats as Prometheus metrics (Micrometer). The meters read the same LongAdders the
 * gRPC service reads, so both always agree; only the latency timer keeps its own copy, with the
 * same bucket bounds as {@link LatencyHistogram}.
 *
 * <p>Names (Prometheus form): {@code teamtalk_route_envelopes_total{command,direction}},
 * {@code teamtalk_route_bytes_total{command,direction}},
 * {@code teamtalk_route_recipients_total{command,outcome=targeted|local|offline}},
 * {@code teamtalk_route_dropped_total{command}}, {@code teamtalk_route_relay_latency_seconds},
 * {@code teamtalk_route_online_users}, {@code teamtalk_route_connections{class}},
 * {@code teamtalk_route_links}, {@code teamtalk_route_link_*{msg_server,link}} and the control
 * counters {@code teamtalk_route_status_updates_total} and friends.
 */
public final class RouteMetrics implements Links.Listener {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<RouteLink, List<Meter>> linkMeters = new ConcurrentHashMap<>();

    public RouteMetrics(RouteStats stats, Presence presence, Links links) {
        stats.onNewCommand(this::registerCommand);
        Gauge.builder("teamtalk.route.online.users", presence, Presence::onlineUsers)
                .description("Users ONLINE by the route-server's policy").register(registry);
        Gauge.builder("teamtalk.route.connected.users", presence, Presence::connectedUsers)
                .description("Users with any connection").register(registry);
        Gauge.builder("teamtalk.route.connections", presence, Presence::pcConnections)
                .tag("class", "pc").description("Client connections on all msg-servers").register(registry);
        Gauge.builder("teamtalk.route.connections", presence, Presence::mobileConnections)
                .tag("class", "mobile").description("Client connections on all msg-servers").register(registry);
        Gauge.builder("teamtalk.route.links", links, Links::size)
                .description("Open msg-server links").register(registry);
        counter("teamtalk.route.status.updates", "Presence updates (IMUserStatusUpdate) from msg-servers",
                stats, RouteStats::statusUpdates, Tags.empty());
        counter("teamtalk.route.snapshots", "Online-user snapshots (IMOnlineUserInfo frames) from msg-servers",
                stats, RouteStats::snapshots, Tags.empty());
        counter("teamtalk.route.users.stat.requests", "User status queries (IMUsersStatReq) answered",
                stats, RouteStats::usersStatRequests, Tags.empty());
        String rejected = "Frames from msg-servers refused: malformed bodies or unknown commands";
        counter("teamtalk.route.rejected", rejected, stats, RouteStats::malformed, Tags.of("reason", "malformed"));
        counter("teamtalk.route.rejected", rejected, stats, RouteStats::unknown, Tags.of("reason", "unknown"));
        Duration[] slos = new Duration[LatencyHistogram.BOUNDS_MICROS.length];
        for (int i = 0; i < slos.length; i++) {
            slos[i] = Duration.ofNanos(LatencyHistogram.BOUNDS_MICROS[i] * 1000);
        }
        Timer relay = Timer.builder("teamtalk.route.relay.latency")
                .description("From an envelope's arrival to the write of each copy completing")
                .serviceLevelObjectives(slos).register(registry);
        stats.relayLatency().mirrorTo(micros -> relay.record(micros, TimeUnit.MICROSECONDS));
        links.listener(this);
        links.all().forEach(this::opened);
    }

    private <T> void counter(String name, String description, T obj, ToDoubleFunction<T> f, Tags tags) {
        FunctionCounter.builder(name, obj, f).description(description).tags(tags).register(registry);
    }

    private void registerCommand(CommandCounters c) {
        Tags cmd = Tags.of("command", c.name());
        String envelopes = "Relay envelopes by command, in from origins and out to target msg-servers";
        counter("teamtalk.route.envelopes", envelopes, c, CommandCounters::envelopesIn, cmd.and("direction", "in"));
        counter("teamtalk.route.envelopes", envelopes, c, CommandCounters::envelopesOut, cmd.and("direction", "out"));
        String bytes = "Relay envelope bytes by command and direction";
        FunctionCounter.builder("teamtalk.route.bytes", c, CommandCounters::bytesIn).baseUnit("bytes")
                .description(bytes).tags(cmd.and("direction", "in")).register(registry);
        FunctionCounter.builder("teamtalk.route.bytes", c, CommandCounters::bytesOut).baseUnit("bytes")
                .description(bytes).tags(cmd.and("direction", "out")).register(registry);
        String recipients = "Relay recipients: targeted at another msg-server, local to the origin, or offline";
        counter("teamtalk.route.recipients", recipients, c, CommandCounters::recipientsTargeted,
                cmd.and("outcome", "targeted"));
        counter("teamtalk.route.recipients", recipients, c, CommandCounters::recipientsLocal, cmd.and("outcome", "local"));
        counter("teamtalk.route.recipients", recipients, c, CommandCounters::recipientsOffline,
                cmd.and("outcome", "offline"));
        counter("teamtalk.route.dropped", "Envelope copies dropped because a msg-server link's backlog was full",
                c, CommandCounters::dropped, cmd);
    }

    @Override
    public void opened(RouteLink link) {
        Tags tags = Tags.of("msg_server", link.name(), "link", Integer.toString(link.id()));
        List<Meter> meters = new ArrayList<>();
        meters.add(Gauge.builder("teamtalk.route.link.users", link, RouteLink::userCount)
                .description("Users connected through this msg-server link").tags(tags).register(registry));
        String connections = "Client connections on this msg-server link by device class";
        meters.add(Gauge.builder("teamtalk.route.link.connections", link, RouteLink::pcConnections)
                .description(connections).tags(tags.and("class", "pc")).register(registry));
        meters.add(Gauge.builder("teamtalk.route.link.connections", link, RouteLink::mobileConnections)
                .description(connections).tags(tags.and("class", "mobile")).register(registry));
        String envelopes = "Relay envelopes on this msg-server link by direction";
        meters.add(FunctionCounter.builder("teamtalk.route.link.envelopes", link, RouteLink::envelopesIn)
                .description(envelopes).tags(tags.and("direction", "in")).register(registry));
        meters.add(FunctionCounter.builder("teamtalk.route.link.envelopes", link, RouteLink::envelopesOut)
                .description(envelopes).tags(tags.and("direction", "out")).register(registry));
        String bytes = "Bytes on this msg-server link by direction";
        meters.add(FunctionCounter.builder("teamtalk.route.link.bytes", link, RouteLink::bytesIn).baseUnit("bytes")
                .description(bytes).tags(tags.and("direction", "in")).register(registry));
        meters.add(FunctionCounter.builder("teamtalk.route.link.bytes", link, RouteLink::bytesOut).baseUnit("bytes")
                .description(bytes).tags(tags.and("direction", "out")).register(registry));
        meters.add(FunctionCounter.builder("teamtalk.route.link.dropped", link, RouteLink::dropped)
                .description("Envelope copies to this msg-server dropped because its backlog was full").tags(tags)
                .register(registry));
        meters.add(FunctionCounter.builder("teamtalk.route.link.rejected", link, RouteLink::rejected)
                .description("Frames from this msg-server refused (malformed or unknown)").tags(tags)
                .register(registry));
        List<Meter> old = linkMeters.put(link, meters);
        removeAll(old);
    }

    @Override
    public void renamed(RouteLink link) {
        removeAll(linkMeters.remove(link));
        opened(link);
    }

    @Override
    public void closed(RouteLink link) {
        removeAll(linkMeters.remove(link));
    }

    private void removeAll(List<Meter> meters) {
        if (meters != null) {
            meters.forEach(registry::remove);
        }
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** The Prometheus text exposition of every meter. */
    public String scrape() {
        return registry.scrape();
    }
}
