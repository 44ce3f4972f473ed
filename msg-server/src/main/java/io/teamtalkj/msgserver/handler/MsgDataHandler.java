package io.teamtalkj.msgserver.handler;

import com.mogujie.tt.protobuf.IMBaseDefine.SessionType;
import com.mogujie.tt.protobuf.IMMessage.IMMsgData;
import com.mogujie.tt.protobuf.IMMessage.IMMsgDataAck;
import io.netty.channel.ChannelHandlerContext;
import io.teamtalkj.msgserver.MsgServerContext;
import io.teamtalkj.msgserver.db.DbNotSentException;
import io.teamtalkj.net.IntervalLog;
import io.teamtalkj.pdu.Conversations;
import io.teamtalkj.msgserver.session.ClientSession;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.MsgTypes;
import io.teamtalkj.pdu.Pdu;
import io.teamtalkj.pdu.PduHandler;
import io.teamtalkj.pdu.ext.MsgStoreResult;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CID_MSG_DATA (0x0301) from a client: sender id and time are the session's and the server's,
 * the dbproxy stores it, and only after the commit does the sender get IMMsgDataAck (with the
 * request's seq). Then the message goes, with seq 0 and without server-internal fields, to every
 * connection of the recipients (the group's members at store time) and the sender's other
 * connections, here and through the route-server.
 *
 * <p>A resend with a client message id that was stored before is acked with the first msg_id
 * and not delivered again. What was not stored is never acked as stored: clients that identify themselves by setting
 * tt_client_msg_id get an ack with msg_id 0 and the reason (rate limit, not a member, ...);
 * TeamTalk's own clients get nothing, as from the original, and resend (the Android client takes
 * any ack with msg_id <= 0 badly). When no dbproxy can take the message at all, the refusal
 * (STORE_UNAVAILABLE) is sent at once; only a request that was sent and then lost (link broke,
 * timeout) has an unknown outcome and gets no ack.
 */
final class MsgDataHandler implements PduHandler<IMMsgData> {
    private static final Logger log = LoggerFactory.getLogger(MsgDataHandler.class);
    /** Store failures come per message during an outage: one line per 10 s per kind, with counts. */
    private static final IntervalLog FAULTS = new IntervalLog(log);

    private final MsgServerContext ctx;
    private long lastRateLog;

    MsgDataHandler(MsgServerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void handle(ChannelHandlerContext channel, Pdu pdu, IMMsgData msg) {
        long arrived = System.nanoTime();
        ClientSession session = ClientSession.of(channel.channel());
        ctx.stats().messagesIn.increment();
        long now = ctx.millis();
        if (!session.rate().tryAcquire(now, ctx.config().messageRateLimit)) {
            ctx.stats().messagesRateLimited.increment();
            if (now - lastRateLog > 1000) { // one line a second is enough to see it happen
                lastRateLog = now;
                log.warn("user {} at {} over {} messages/s; refusing (total refused so far: {})", session.userId(),
                        session.peer(), ctx.config().messageRateLimit, ctx.stats().messagesRateLimited.sum());
            }
            refuse(session, pdu, msg, MsgStoreResult.STORE_RATE_LIMITED,
                    "more than " + ctx.config().messageRateLimit + " messages per second");
            return;
        }
        boolean group = MsgTypes.isGroup(msg.getMsgType());
        IMMsgData toStore = msg.toBuilder()
                .setFromUserId(session.userId())
                .setCreateTime(ctx.now())
                .setMsgId(0)
                .clearAttachData()
                .clearTtStoreResult()
                .clearTtStoreReason()
                .clearTtGroupMemberIds()
                .build();
        long key = group ? Conversations.group(msg.getToSessionId()) : Conversations.pair(session.userId(), msg.getToSessionId());
        ctx.db().call(CommandId.CID_MSG_DATA, toStore.toByteArray(), key).whenComplete((reply, err) -> {
            if (err != null) {
                Throwable cause = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
                ctx.stats().messagesNotStored.increment();
                ctx.stats().dbFailures.increment();
                if (cause instanceof DbNotSentException) {
                    // nothing reached a dbproxy: say so now rather than let the client wait its timeout
                    ctx.stats().messagesStoreUnavailable.increment();
                    FAULTS.hit("messages refused, no dbproxy could take them", "user " + session.userId() + " to "
                            + msg.getToSessionId() + ": " + cause.getMessage());
                    refuse(session, pdu, msg, MsgStoreResult.STORE_UNAVAILABLE, cause.getMessage());
                    return;
                }
                // the outcome is unknown (the link may have died after the commit): no ack either way
                FAULTS.hit("messages not confirmed by the dbproxy (no ack sent)", "user " + session.userId() + " to "
                        + msg.getToSessionId() + ": " + cause.getMessage());
                return;
            }
            IMMsgData stored;
            try {
                stored = reply.parse(IMMsgData.parser());
            } catch (Exception e) {
                log.warn("unreadable store reply for user {}: {}", session.userId(), e.toString());
                return;
            }
            if (stored.getMsgId() == 0) {
                ctx.stats().messagesNotStored.increment();
                MsgStoreResult result = MsgStoreResult.forNumber(stored.getTtStoreResult());
                refuse(session, pdu, msg, result == null ? MsgStoreResult.STORE_FAILED : result, stored.getTtStoreReason());
                return;
            }
            acknowledge(session, pdu, msg, stored, group);
            ctx.stats().ackLatency.record(System.nanoTime() - arrived, TimeUnit.NANOSECONDS);
            if (stored.getTtStoreResult() == MsgStoreResult.STORE_DUPLICATE_VALUE) {
                ctx.stats().messagesResent.increment(); // stored and delivered the first time
                return;
            }
            ctx.stats().messagesStored.increment();
            ctx.deliverer().deliverMessage(stored, group, session, arrived);
            // after the ack and the online delivery: pushes never delay either
            ctx.pushes().afterStored(stored, group, session);
        });
    }

    private void acknowledge(ClientSession session, Pdu pdu, IMMsgData msg, IMMsgData stored, boolean group) {
        IMMsgDataAck.Builder ack = IMMsgDataAck.newBuilder()
                .setUserId(stored.getFromUserId())
                .setSessionId(stored.getToSessionId())
                .setMsgId(stored.getMsgId())
                .setSessionType(group ? SessionType.SESSION_TYPE_GROUP : SessionType.SESSION_TYPE_SINGLE);
        if (msg.hasTtClientMsgId()) {
            ack.setTtClientMsgId(msg.getTtClientMsgId());
        }
        session.send(Pdu.of(CommandId.CID_MSG_DATA_ACK, pdu.seq(), ack.build()));
    }

    private void refuse(ClientSession session, Pdu pdu, IMMsgData msg, MsgStoreResult result, String reason) {
        if (!msg.hasTtClientMsgId()) {
            return; // a TeamTalk client would take any ack as "stored"
        }
        boolean group = MsgTypes.isGroup(msg.getMsgType());
        session.send(Pdu.of(CommandId.CID_MSG_DATA_ACK, pdu.seq(), IMMsgDataAck.newBuilder()
                .setUserId(session.userId())
                .setSessionId(msg.getToSessionId())
                .setMsgId(0)
                .setSessionType(group ? SessionType.SESSION_TYPE_GROUP : SessionType.SESSION_TYPE_SINGLE)
                .setTtStoreResult(result.getNumber())
                .setTtStoreReason(reason == null ? "" : reason)
                .setTtClientMsgId(msg.getTtClientMsgId())
                .build()));
    }
}
