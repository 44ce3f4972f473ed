package io.teamtalkj.route;

import io.netty.channel.Channel;
import io.netty.channel.ChannelPromise;
import io.teamtalkj.net.CoalescingWriter;
import io.teamtalkj.pdu.Pdu;
import io.teamtalkj.route.stats.CommandCounters;
import io.teamtalkj.route.stats.RouteStats;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes relay copies to msg-server links: counts them, refuses to queue past a link's backlog
 * limit (the channel turns unwritable at {@link RouteServerConfig#maxLinkBacklog}), and records
 * the relay latency when the write completes.
 */
final class Outbox {
    private static final Logger log = LoggerFactory.getLogger(Outbox.class);

    private final RouteStats stats;

    Outbox(RouteStats stats) {
        this.stats = stats;
    }

    /**
     * @param arrivalNanos when the envelope arrived ({@link System#nanoTime()}), 0 for generated ones
     * @param sentAtMicros the origin's sent_at_micros, 0 if unknown
     * @return whether the copy was queued
     */
    boolean send(RouteLink target, Pdu pdu, CommandCounters counters, long arrivalNanos, long sentAtMicros) {
        Channel ch = target.channel();
        if (!ch.isActive() || !ch.isWritable()) {
            counters.droppedCopy();
            target.dropped.increment();
            long n = target.dropped.sum();
            if (n <= 10 || n % 1000 == 0) {
                log.warn("dropping {} to msg-server {} ({}): {} ({} dropped so far)", counters.name(), target,
                        target.remoteAddress(), ch.isActive() ? "backlog full" : "link closed", n);
            }
            return false;
        }
        int bytes = pdu.frameLength();
        counters.sent(bytes);
        target.envelopesOut.increment();
        target.bytesOut.add(bytes);
        // the envelopes of one read from a msg-server leave for each target in one flush
        CoalescingWriter writer = CoalescingWriter.of(ch);
        if (arrivalNanos == 0) {
            writer.write(pdu);
            return true;
        }
        ChannelPromise written = ch.newPromise();
        writer.write(pdu, written);
        written.addListener(f -> {
            if (f.isSuccess()) {
                stats.relayLatency().record((System.nanoTime() - arrivalNanos) / 1000);
                if (sentAtMicros > 0) {
                    stats.transitLatency().record(nowMicros() - sentAtMicros);
                }
            }
        });
        return true;
    }

    static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
    }
}
