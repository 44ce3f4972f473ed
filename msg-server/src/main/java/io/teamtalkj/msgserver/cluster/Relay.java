package io.teamtalkj.msgserver.cluster;

import com.google.protobuf.MessageLite;
import com.mogujie.tt.protobuf.IMBaseDefine.ClientType;
import com.mogujie.tt.protobuf.IMBuddy.IMUsersStatRsp;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What the msg-server needs from the route-servers: presence reports, targeted relay to users on
 * other msg-servers, and status queries. A narrow interface so the msg-server runs alone (no
 * route-server configured) and tests can fake it.
 */
public interface Relay extends AutoCloseable {
    /** Relays a client-facing PDU to the recipients' connections on other msg-servers. */
    boolean relay(int commandId, MessageLite body, Collection<Integer> recipientIds, int clientClass);

    /** Relays to every connection on every other msg-server. */
    boolean relayBroadcast(int commandId, MessageLite body);

    void userOnline(int userId, ClientType type, Collection<Integer> contactIds);

    void userOffline(int userId, ClientType type);

    /** Statuses from the cluster-wide presence table; fails when no route-server is up. */
    CompletableFuture<IMUsersStatRsp> usersStatus(int requesterId, List<Integer> userIds);

    /** Whether a route-server is reachable (false for a msg-server running alone). */
    boolean available();

    @Override
    void close();

    /** A msg-server without route-servers: everything is local. */
    Relay NONE = new Relay() {
        @Override
        public boolean relay(int commandId, MessageLite body, Collection<Integer> recipientIds, int clientClass) {
            return false;
        }

        @Override
        public boolean relayBroadcast(int commandId, MessageLite body) {
            return false;
        }

        @Override
        public void userOnline(int userId, ClientType type, Collection<Integer> contactIds) {
        }

        @Override
        public void userOffline(int userId, ClientType type) {
        }

        @Override
        public CompletableFuture<IMUsersStatRsp> usersStatus(int requesterId, List<Integer> userIds) {
            return CompletableFuture.failedFuture(new IllegalStateException("no route-server configured"));
        }

        @Override
        public boolean available() {
            return false;
        }

        @Override
        public void close() {
        }
    };
}
