package io.teamtalkj.msgserver.delivery;

import com.google.protobuf.MessageLite;
import com.mogujie.tt.protobuf.IMMessage.IMMsgData;
import io.teamtalkj.msgserver.MsgServerStats;
import io.teamtalkj.msgserver.cluster.Relay;
import io.teamtalkj.msgserver.session.ClientSession;
import io.teamtalkj.msgserver.session.SessionRegistry;
import io.teamtalkj.msgserver.session.UnackedDeliveries;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Pdu;
import io.teamtalkj.pdu.internal.RelayEnvelope;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The only writer of pushes to client connections: those on this msg-server directly, those
 * elsewhere through the route-server, and what the route-server relays here. Pushes carry seq 0
 * (TeamTalk clients match replies by seq). Delivered messages are remembered per connection until
 * the receiver acks them; a connection that does not read is dropped by its
 * {@link io.teamtalkj.msgserver.session.SlowReaderGuard}, never buffered without limit. A push is
 * encoded once ({@link SharedFrame}) whatever the number of connections it goes to.
 */
public final class Deliverer {
    /** client_class value that admits every connection. */
    public static final int ALL_CLASSES = 0;
    /** Pushes that no receiver acks (everything but messages). */
    private static final long NOT_ACKED = 0;

    private final SessionRegistry registry;
    private final Relay relay;
    private final MsgServerStats stats;

    public Deliverer(SessionRegistry registry, Relay relay, MsgServerStats stats) {
        this.registry = registry;
        this.relay = relay;
        this.stats = stats;
    }

    /**
     * Sends a push to every local connection of the users except {@code except}, and relays it for
     * the users' connections on other msg-servers.
     */
    public void deliver(int commandId, MessageLite body, Collection<Integer> userIds, ClientSession except, int clientClass) {
        try (SharedFrame frame = new SharedFrame(Pdu.push(commandId, body))) {
            for (int uid : userIds) {
                pushLocal(uid, frame, except, clientClass, NOT_ACKED);
            }
        }
        countRelay(relay.relay(commandId, body, userIds, clientClass));
    }

    /**
     * A stored message (as the dbproxy returned it) to every connection of its recipients (the
     * group's members at store time, or the peer) and the sender's other connections, here and
     * elsewhere, without the server-internal fields.
     *
     * @param arrivedNanos when the message arrived here ({@link System#nanoTime()}), for the delivery latency
     */
    public void deliverMessage(IMMsgData stored, boolean group, ClientSession sender, long arrivedNanos) {
        IMMsgData out = stored.toBuilder().clearAttachData().clearTtGroupMemberIds().clearTtStoreResult()
                .clearTtStoreReason().build();
        int from = stored.getFromUserId();
        Set<Integer> recipients = new LinkedHashSet<>();
        if (group) {
            recipients.addAll(stored.getTtGroupMemberIdsList());
        } else {
            recipients.add(stored.getToSessionId());
        }
        recipients.add(from); // the sender's other devices
        long ackKey = UnackedDeliveries.key(group, group ? stored.getToSessionId() : from, stored.getMsgId());
        int copies = 0;
        try (SharedFrame push = new SharedFrame(Pdu.push(CommandId.CID_MSG_DATA, out))) {
            for (int uid : recipients) {
                copies += pushLocal(uid, push, sender, ALL_CLASSES, uid == from ? NOT_ACKED : ackKey);
            }
        }
        record(stats.deliveryLatency, copies, System.nanoTime() - arrivedNanos);
        countRelay(relay.relay(CommandId.CID_MSG_DATA, out, recipients, ALL_CLASSES));
    }

    /** A push to every connection here but {@code except}, and to every other msg-server's. */
    public void broadcast(int commandId, MessageLite body, ClientSession except) {
        try (SharedFrame frame = new SharedFrame(Pdu.push(commandId, body))) {
            for (ClientSession s : registry.all()) {
                if (s != except) {
                    frame.sendTo(s);
                }
            }
        }
        countRelay(relay.relayBroadcast(commandId, body));
    }

    /**
     * A push the route-server relayed for this server's connections, written as it came. A
     * relayed message is remembered for its receiver's ack like a local one.
     */
    public void deliverRelayed(RelayEnvelope env) throws IOException {
        try (SharedFrame frame = new SharedFrame(Pdu.ofBody(env.getCommandId(), 0, env.getBody().toByteArray()))) {
            if (env.getBroadcast()) {
                for (ClientSession s : registry.all()) {
                    if (s.deviceClass().admittedBy(env.getClientClass())) {
                        frame.sendTo(s);
                    }
                }
                return;
            }
            deliverRelayedTo(env, frame);
        }
    }

    private void deliverRelayedTo(RelayEnvelope env, SharedFrame frame) throws IOException {
        RelayedMsgData msg = env.getCommandId() == CommandId.CID_MSG_DATA ? RelayedMsgData.of(env.getBody()) : null;
        int copies = 0;
        for (int uid : env.getRecipientIdsList()) {
            long ackKey = msg == null || uid == msg.fromUserId() ? NOT_ACKED : msg.ackKey();
            copies += pushLocal(uid, frame, null, env.getClientClass(), ackKey);
        }
        // measured against the origin's wall clock: cross-host skew shows up here, clamped at 0
        long sinceSentMicros = Math.max(0, System.currentTimeMillis() * 1000 - env.getSentAtMicros());
        record(stats.relayedDeliveryLatency, copies, TimeUnit.MICROSECONDS.toNanos(sinceSentMicros));
    }

    /** One latency sample per copy written. */
    private static void record(Timer latency, int copies, long nanos) {
        for (int i = 0; i < copies; i++) {
            latency.record(nanos, TimeUnit.NANOSECONDS);
        }
    }

    /** A push to one user's local connections of a class (for notices the route-server turned into pushes). */
    public int deliverLocal(int userId, Pdu pdu, int clientClass) {
        try (SharedFrame frame = new SharedFrame(pdu)) {
            return pushLocal(userId, frame, null, clientClass, NOT_ACKED);
        }
    }

    private int pushLocal(int userId, SharedFrame frame, ClientSession except, int clientClass, long ackKey) {
        int sent = 0;
        for (ClientSession s : registry.sessions(userId)) {
            if (s == except || !s.deviceClass().admittedBy(clientClass) || !frame.sendTo(s)) {
                continue;
            }
            sent++;
            if (ackKey != NOT_ACKED) {
                s.unacked().delivered(ackKey, System.nanoTime());
            }
        }
        stats.deliveriesLocal.add(sent);
        return sent;
    }

    private void countRelay(boolean relayed) {
        if (relayed) {
            stats.relaysSent.increment();
        }
    }
}
