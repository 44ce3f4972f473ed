package io.teamtalkj.route;

import io.teamtalkj.pdu.ClientClass;
import io.netty.channel.ChannelHandlerContext;
import io.teamtalkj.pdu.InternalCommandId;
import io.teamtalkj.pdu.Pdu;
import io.teamtalkj.pdu.PduHandler;
import io.teamtalkj.pdu.internal.RelayEnvelope;
import io.teamtalkj.route.stats.CommandCounters;
import java.util.List;

/**
 * 0x0801 RelayEnvelope from a msg-server: the targeted relay. The origin has delivered to its own
 * connections already; every other msg-server holding at least one recipient (in the requested
 * device class) gets one envelope naming only its own recipients. Nobody else gets anything, and
 * the origin never gets its envelope back. A broadcast envelope goes to every other link.
 */
final class RelayHandler implements PduHandler<RelayEnvelope> {
    private final RouteContext ctx;

    RelayHandler(RouteContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void handle(ChannelHandlerContext channel, Pdu pdu, RelayEnvelope envelope) {
        long arrival = System.nanoTime();
        RouteLink origin = RouteLink.of(channel.channel());
        CommandCounters counters = ctx.stats.command(envelope.getCommandId());
        counters.received(pdu.frameLength());
        origin.envelopesIn.increment();
        origin.bytesIn.add(pdu.frameLength());
        long sentAt = envelope.getSentAtMicros();
        if (envelope.getBroadcast()) {
            Pdu copy = Pdu.ofBody(InternalCommandId.CID_INTERNAL_RELAY, 0, pdu.body());
            int reached = 0;
            for (RouteLink link : ctx.links.iterate()) {
                if (link != origin && ctx.outbox.send(link, copy, counters, arrival, sentAt)) {
                    reached++;
                }
            }
            counters.recipients(reached, 0, 0);
            return;
        }
        int wanted = ClientClass.fromEnvelopeClass(envelope.getClientClass());
        List<Integer> listed = envelope.getRecipientIdsList();
        int[] ids = new int[listed.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = listed.get(i);
        }
        ids = Presence.sortedDistinct(ids, ids.length);
        Targets targets = new Targets();
        int targeted = 0;
        int local = 0;
        int offline = 0;
        for (int userId : ids) {
            UserPresence p = ctx.presence.get(userId);
            boolean matched = false;
            boolean remote = false;
            for (int i = 0; p != null && i < p.linkCount(); i++) {
                if ((p.classesOn(i) & wanted) != 0) {
                    matched = true;
                    if (p.link(i) != origin) {
                        targets.add(p.link(i), userId);
                        remote = true;
                    }
                }
            }
            if (!matched) {
                offline++;
            } else if (remote) {
                targeted++;
            } else {
                local++;
            }
        }
        counters.recipients(targeted, local, offline);
        if (targets.size() == 0) {
            return;
        }
        RelayEnvelope.Builder copy = envelope.toBuilder();
        for (int i = 0; i < targets.size(); i++) {
            copy.clearRecipientIds();
            for (int k = 0; k < targets.count(i); k++) {
                copy.addRecipientIds(targets.id(i, k));
            }
            ctx.outbox.send(targets.link(i), Pdu.push(InternalCommandId.CID_INTERNAL_RELAY, copy.build()), counters,
                    arrival, sentAt);
        }
    }
}
