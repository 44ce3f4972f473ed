package io.teamtalkj.route;

import io.teamtalkj.route.stats.RouteStats;

/** What the command handlers share: the presence table, the links, the stats and the senders. */
final class RouteContext {
    final RouteServerConfig config;
    final Presence presence;
    final Links links;
    final RouteStats stats;
    final Outbox outbox;
    final StatusNotifier notifier;

    RouteContext(RouteServerConfig config, Presence presence, Links links, RouteStats stats) {
        this.config = config;
        this.presence = presence;
        this.links = links;
        this.stats = stats;
        this.outbox = new Outbox(stats);
        this.notifier = new StatusNotifier(presence, stats, outbox);
    }
}
