package io.teamtalkj.msgserver;

import io.teamtalkj.pdu.Pdu;
import java.util.concurrent.CompletableFuture;

/**
 * What the handlers ask of the dbproxies: a narrow interface ({@code db.DbClient} over real links)
 * so handlers can be tested with an in-memory fake.
 */
public interface DbRequests {
    /**
     * Sends a request on the dbproxy link chosen by {@code orderingKey} (one conversation, one
     * link, in order); completes with the reply, or fails when no link is up or no reply came in time.
     */
    CompletableFuture<Pdu> call(int commandId, byte[] body, long orderingKey);

    /** Sends a request without waiting for a reply; false when no link is up. */
    boolean send(int commandId, byte[] body, long orderingKey);

    /** Whether any dbproxy link is up. */
    boolean anyUp();
}
