package io.teamtalkj.msgserver.handler;

import com.google.protobuf.Message;
import io.teamtalkj.msgserver.MsgServerContext;
import io.teamtalkj.pdu.AttachField;
import io.teamtalkj.msgserver.session.ClientSession;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Pdu;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Forwarding a client's request to the dbproxy and its answer back, with the client's seq. */
final class ClientReplies {
    private static final Logger log = LoggerFactory.getLogger(ClientReplies.class);

    private ClientReplies() {
    }

    /**
     * Sends the request to the dbproxy; the reply goes to the client with its seq and without
     * attach_data, after {@code onReply} saw it (null for none). Returns the reply future.
     */
    static CompletableFuture<Pdu> forward(MsgServerContext ctx, ClientSession session, Pdu request, Message body,
                                          long orderingKey, Consumer<Pdu> onReply) {
        CompletableFuture<Pdu> reply = ctx.db().call(request.commandId(), body.toByteArray(), orderingKey);
        reply.whenComplete((pdu, err) -> {
            if (err != null) {
                ctx.stats().dbFailures.increment();
                log.warn("{} for {} not answered: {}", CommandId.name(request.commandId()), session, err.getMessage());
                return;
            }
            session.send(Pdu.ofBody(pdu.commandId(), request.seq(), AttachField.strip(pdu.body())));
            if (onReply != null) {
                try {
                    onReply.accept(pdu);
                } catch (RuntimeException e) {
                    log.warn("after {} for {}: {}", CommandId.name(pdu.commandId()), session, e.toString(), e);
                }
            }
        });
        return reply;
    }
}
