package io.teamtalkj.api;

import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import io.netty.channel.EventLoopGroup;
import io.teamtalkj.links.route.RouteClient;
import io.teamtalkj.msgserver.db.DbClient;
import io.teamtalkj.msgserver.db.DbNotSentException;
import io.teamtalkj.net.PduLink;
import io.teamtalkj.pdu.Pdu;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The api-server's links to the other tiers, the same ones a msg-server has (TeamTalk's
 * http_msg_server linked to db_proxy and route_server the same way): the msg-server's
 * {@link DbClient} for stores (messages, group changes) and a {@link RouteClient} that relays
 * to the msg-servers holding the recipients. The api-server reports no users of its own.
 */
public final class TierLinks implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TierLinks.class);

    private final DbClient db;
    private final RouteClient route;
    private final Duration timeout;
    private final io.teamtalkj.msgserver.push.PushServers pushServers;
    private final io.teamtalkj.msgserver.push.OfflinePush pushes;

    TierLinks(ApiServerConfig config, EventLoopGroup loops) {
        io.netty.handler.ssl.SslContext tls = config.linkTls.enabled()
                ? config.linkTls.clientContext("the api-server's links") : null;
        PduLink.Settings settings = PduLink.Settings.DEFAULT.withHeartbeat(config.linkHeartbeat, config.linkTimeout)
                .withTls(tls);
        this.timeout = config.requestTimeout;
        this.db = new DbClient(config.hostName, config.dbProxies, loops, settings, config.requestTimeout);
        this.route = RouteClient.start(config.hostName, config.routeServers, loops,
                RouteClient.RECOMMENDED_SETTINGS.withTls(tls),
                envelope -> log.debug("ignoring relay {} (the api-server has no clients)", envelope.getCommandId()));
        io.teamtalkj.msgserver.push.OfflinePush[] holder = new io.teamtalkj.msgserver.push.OfflinePush[1];
        this.pushServers = config.pushServers.isEmpty() ? io.teamtalkj.msgserver.push.PushServers.NONE
                : io.teamtalkj.msgserver.push.PushServers.over(io.teamtalkj.links.push.PushServerLinks.start(
                        config.hostName, config.pushServers, loops, settings, rsp -> holder[0].onResponse(rsp)));
        holder[0] = new io.teamtalkj.msgserver.push.OfflinePush(new PushEnv(db, route, config.pushTextChars), pushServers);
        this.pushes = holder[0];
    }

    /** The msg-server's offline push decisions, made here for messages the API stored. */
    public io.teamtalkj.msgserver.push.OfflinePush pushes() {
        return pushes;
    }

    /**
     * Sends a request to the dbproxy of {@code orderingKey}'s conversation and waits for the
     * reply. 503 when it cannot be sent; 504 when the outcome is unknown (sent, not answered).
     */
    public <T extends MessageLite> T call(int commandId, MessageLite body, long orderingKey, Parser<T> replyParser) {
        Pdu reply;
        try {
            reply = db.call(commandId, body.toByteArray(), orderingKey).get(timeout.toMillis() + 1000,
                    TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiError.unavailable("interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof DbNotSentException) {
                throw ApiError.unavailable("no dbproxy could take the request: " + e.getCause().getMessage());
            }
            throw new ApiError(504, "outcome_unknown", "the dbproxy did not answer; the request may or may not "
                    + "have been applied (retry with the same Idempotency-Key)");
        } catch (TimeoutException e) {
            throw new ApiError(504, "outcome_unknown", "the dbproxy did not answer in time");
        }
        try {
            return reply.parse(replyParser);
        } catch (Exception e) {
            throw new ApiError(502, "bad_reply", "unreadable dbproxy reply: " + e.getMessage());
        }
    }

    /** Relays a client-facing PDU to every connection of the recipients (in {@code clientClass}). */
    public boolean relay(int commandId, MessageLite body, Collection<Integer> recipients, int clientClass) {
        return route.relay(commandId, body, recipients, clientClass);
    }

    public boolean dbUp() {
        return db.anyUp();
    }

    public boolean routeUp() {
        return route.anyUp();
    }

    @Override
    public void close() {
        pushServers.close();
        route.close();
        db.close();
    }
}
