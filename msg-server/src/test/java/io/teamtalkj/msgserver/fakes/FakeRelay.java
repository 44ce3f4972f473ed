package io.teamtalkj.msgserver.fakes;

import com.google.protobuf.MessageLite;
import com.mogujie.tt.protobuf.IMBaseDefine.ClientType;
import com.mogujie.tt.protobuf.IMBuddy.IMUsersStatRsp;
import io.teamtalkj.msgserver.cluster.Relay;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A route-server link in memory: records what would be relayed. */
public final class FakeRelay implements Relay {
    /** One relay; {@code recipients} is empty for a broadcast. */
    public record Relayed(int commandId, MessageLite body, List<Integer> recipients, int clientClass, boolean broadcast) {
    }

    public final List<Relayed> relayed = new ArrayList<>();
    public final List<Integer> online = new ArrayList<>();

    @Override
    public boolean relay(int commandId, MessageLite body, Collection<Integer> recipientIds, int clientClass) {
        relayed.add(new Relayed(commandId, body, List.copyOf(recipientIds), clientClass, false));
        return true;
    }

    @Override
    public boolean relayBroadcast(int commandId, MessageLite body) {
        relayed.add(new Relayed(commandId, body, List.of(), 0, true));
        return true;
    }

    @Override
    public void userOnline(int userId, ClientType type, Collection<Integer> contactIds) {
        online.add(userId);
    }

    @Override
    public void userOffline(int userId, ClientType type) {
        online.remove(Integer.valueOf(userId));
    }

    @Override
    public CompletableFuture<IMUsersStatRsp> usersStatus(int requesterId, List<Integer> userIds) {
        return CompletableFuture.failedFuture(new IllegalStateException("not faked"));
    }

    @Override
    public boolean available() {
        return true;
    }

    @Override
    public void close() {
    }
}
