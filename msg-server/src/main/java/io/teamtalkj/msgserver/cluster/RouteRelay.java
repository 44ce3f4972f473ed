package io.teamtalkj.msgserver.cluster;

import com.google.protobuf.MessageLite;
import com.mogujie.tt.protobuf.IMBaseDefine.ClientType;
import com.mogujie.tt.protobuf.IMBuddy.IMUsersStatRsp;
import io.teamtalkj.links.route.RouteClient;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** {@link Relay} over real links to the configured route-servers. */
public final class RouteRelay implements Relay {
    private final RouteClient client;

    public RouteRelay(RouteClient client) {
        this.client = client;
    }

    @Override
    public boolean relay(int commandId, MessageLite body, Collection<Integer> recipientIds, int clientClass) {
        return client.relay(commandId, body, recipientIds, clientClass);
    }

    @Override
    public boolean relayBroadcast(int commandId, MessageLite body) {
        return client.relayBroadcast(commandId, body);
    }

    @Override
    public void userOnline(int userId, ClientType type, Collection<Integer> contactIds) {
        client.userOnline(userId, type, contactIds);
    }

    @Override
    public void userOffline(int userId, ClientType type) {
        client.userOffline(userId, type);
    }

    @Override
    public CompletableFuture<IMUsersStatRsp> usersStatus(int requesterId, List<Integer> userIds) {
        return client.usersStatus(requesterId, userIds);
    }

    @Override
    public boolean available() {
        return client.anyUp();
    }

    public String activeRoute() {
        return client.activeRoute();
    }

    @Override
    public void close() {
        client.close();
    }
}
