package io.teamtalkj.msgserver.fakes;

import io.teamtalkj.msgserver.DbRequests;
import io.teamtalkj.msgserver.db.DbNotSentException;
import io.teamtalkj.pdu.Pdu;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** The dbproxies in memory: records every request; the test answers calls when it wants to. */
public final class FakeDb implements DbRequests {
    /** One request the handler made; {@code reply} is null for a send. */
    public record Request(int commandId, byte[] body, long orderingKey, CompletableFuture<Pdu> reply) {
        /** Completes the call with {@code body} as the dbproxy's reply of the same command. */
        public void answer(int replyCommandId, byte[] replyBody) {
            reply.complete(Pdu.ofBody(replyCommandId, 0, replyBody));
        }
    }

    public final List<Request> requests = new ArrayList<>();
    /** false: calls fail at once with DbNotSentException and are not recorded, sends return false. */
    public boolean up = true;

    @Override
    public CompletableFuture<Pdu> call(int commandId, byte[] body, long orderingKey) {
        if (!up) {
            return CompletableFuture.failedFuture(new DbNotSentException("no dbproxy link is up")); // as DbClient
        }
        CompletableFuture<Pdu> reply = new CompletableFuture<>();
        requests.add(new Request(commandId, body, orderingKey, reply));
        return reply;
    }

    @Override
    public boolean send(int commandId, byte[] body, long orderingKey) {
        requests.add(new Request(commandId, body, orderingKey, null));
        return up;
    }

    @Override
    public boolean anyUp() {
        return up;
    }

    /** The only request made so far. */
    public Request only() {
        if (requests.size() != 1) {
            throw new AssertionError("expected one dbproxy request, got " + requests.size());
        }
        return requests.get(0);
    }

    public Request last() {
        return requests.get(requests.size() - 1);
    }
}
