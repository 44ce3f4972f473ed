package io.teamtalkj.msgserver.delivery;

import com.google.protobuf.MessageLite;
import io.teamtalkj.msgserver.MsgServerStats;
import io.teamtalkj.msgserver.cluster.Relay;
import io.teamtalkj.msgserver.session.ClientSession;
import io.teamtalkj.msgserver.session.SessionRegistry;
import io.teamtalkj.pdu.Pdu;
import java.util.Collection;

/**
 * Puts pushes on users' connections: those on this msg-server directly, those elsewhere through
 * the route-server. Pushes carry seq 0 (TeamTalk clients match replies by seq).
 */
public final class Deliverer {
    /** client_class value that admits every connection. */
    public static final int ALL_CLASSES = 0;

    private final SessionRegistry registry;
    private final Relay relay;
    private final MsgServerStats stats;

    public Deliverer(SessionRegistry registry, Relay relay, MsgServerStats stats) {
        this.registry = registry;
        this.relay = relay;
        this.stats = stats;
    }

    /**
     * Sends {@code push} to every local connection of the users except {@code except}, and relays
     * it for the users' connections on other msg-servers.
     */
    public void deliver(int commandId, MessageLite body, Collection<Integer> userIds, ClientSession except, int clientClass) {
        Pdu pdu = Pdu.push(commandId, body);
        for (int uid : userIds) {
            deliverLocal(uid, pdu, except, clientClass);
        }
        if (relay.relay(commandId, body, userIds, clientClass)) {
            stats.relaysSent.increment();
        }
    }

    /** Local connections only (for what arrived through the route-server). */
    public int deliverLocal(int userId, Pdu pdu, ClientSession except, int clientClass) {
        int sent = 0;
        for (ClientSession s : registry.sessions(userId)) {
            if (s != except && s.deviceClass().admittedBy(clientClass) && s.send(pdu) != null) {
                sent++;
            }
        }
        stats.deliveriesLocal.add(sent);
        return sent;
    }

    public Relay relay() {
        return relay;
    }
}
