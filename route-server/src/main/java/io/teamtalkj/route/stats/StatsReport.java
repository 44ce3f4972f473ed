package io.teamtalkj.route.stats;

import io.teamtalkj.control.route.CommandStats;
import io.teamtalkj.control.route.ControlTraffic;
import io.teamtalkj.control.route.LatencyBucket;
import io.teamtalkj.control.route.LinkStats;
import io.teamtalkj.control.route.PresenceStats;
import io.teamtalkj.control.route.RouteStatsReply;
import io.teamtalkj.route.Links;
import io.teamtalkj.route.Presence;
import io.teamtalkj.route.RouteLink;

/** Builds the RouteStats reply: one consistent-enough read of all the counters. */
public final class StatsReport {
    private StatsReport() {
    }

    public static RouteStatsReply build(String instance, RouteStats stats, Presence presence, Links links) {
        long now = System.currentTimeMillis();
        RouteStatsReply.Builder b = RouteStatsReply.newBuilder()
                .setInstance(instance)
                .setStartedAtMillis(stats.startedAtMillis())
                .setUptimeMillis(now - stats.startedAtMillis())
                .setMobileCountsAsOnline(presence.mobileCountsAsOnline())
                .setPresence(PresenceStats.newBuilder()
                        .setOnlineUsers(presence.onlineUsers())
                        .setConnectedUsers(presence.connectedUsers())
                        .setPcUsers(presence.pcUsers())
                        .setConnections(presence.connections())
                        .setPcConnections(presence.pcConnections())
                        .setMobileConnections(presence.mobileConnections()));
        CommandStats.Builder total = CommandStats.newBuilder().setCommandId(0).setName("total");
        for (CommandCounters c : stats.commands()) {
            CommandStats row = CommandStats.newBuilder()
                    .setCommandId(c.commandId())
                    .setName(c.name())
                    .setEnvelopesIn(c.envelopesIn())
                    .setBytesIn(c.bytesIn())
                    .setEnvelopesOut(c.envelopesOut())
                    .setBytesOut(c.bytesOut())
                    .setRecipientsTargeted(c.recipientsTargeted())
                    .setRecipientsLocal(c.recipientsLocal())
                    .setRecipientsOffline(c.recipientsOffline())
                    .setDropped(c.dropped())
                    .build();
            b.addCommands(row);
            total.setEnvelopesIn(total.getEnvelopesIn() + row.getEnvelopesIn())
                    .setBytesIn(total.getBytesIn() + row.getBytesIn())
                    .setEnvelopesOut(total.getEnvelopesOut() + row.getEnvelopesOut())
                    .setBytesOut(total.getBytesOut() + row.getBytesOut())
                    .setRecipientsTargeted(total.getRecipientsTargeted() + row.getRecipientsTargeted())
                    .setRecipientsLocal(total.getRecipientsLocal() + row.getRecipientsLocal())
                    .setRecipientsOffline(total.getRecipientsOffline() + row.getRecipientsOffline())
                    .setDropped(total.getDropped() + row.getDropped());
        }
        b.setTotal(total);
        for (RouteLink l : links.all()) {
            b.addLinks(LinkStats.newBuilder()
                    .setLinkId(l.id())
                    .setName(l.name())
                    .setRemoteAddress(l.remoteAddress())
                    .setConnectedAtMillis(l.connectedAtMillis())
                    .setMaster(l.master())
                    .setUsers(l.userCount())
                    .setPcConnections(l.pcConnections())
                    .setMobileConnections(l.mobileConnections())
                    .setEnvelopesIn(l.envelopesIn())
                    .setBytesIn(l.bytesIn())
                    .setEnvelopesOut(l.envelopesOut())
                    .setBytesOut(l.bytesOut())
                    .setStatusUpdates(l.statusUpdates())
                    .setRejected(l.rejected())
                    .setDropped(l.dropped()));
        }
        b.setRelayLatency(histogram(stats.relayLatency().snapshot()));
        b.setTransitLatency(histogram(stats.transitLatency().snapshot()));
        b.setControl(ControlTraffic.newBuilder()
                .setStatusUpdates(stats.statusUpdates())
                .setSnapshots(stats.snapshots())
                .setUsersStatRequests(stats.usersStatRequests())
                .setMalformed(stats.malformed())
                .setUnknown(stats.unknown())
                .setLinksAccepted(stats.linksAccepted())
                .setLinksOpen(links.size()));
        return b.build();
    }

    static io.teamtalkj.control.route.LatencyHistogram histogram(LatencyHistogram.Snapshot s) {
        io.teamtalkj.control.route.LatencyHistogram.Builder h = io.teamtalkj.control.route.LatencyHistogram.newBuilder()
                .setCount(s.count())
                .setSumMicros(s.sumMicros())
                .setMaxMicros(s.maxMicros())
                .setP50Micros(s.quantileMicros(0.50))
                .setP90Micros(s.quantileMicros(0.90))
                .setP99Micros(s.quantileMicros(0.99));
        long[] counts = s.counts();
        for (int i = 0; i < counts.length; i++) {
            h.addBuckets(LatencyBucket.newBuilder()
                    .setLeMicros(i < LatencyHistogram.BOUNDS_MICROS.length ? LatencyHistogram.BOUNDS_MICROS[i] : 0)
                    .setCount(counts[i]));
        }
        return h.build();
    }
}
