package io.teamtalkj.msgserver;

import io.micrometer.core.instrument.Timer;
import io.teamtalkj.control.TierMetrics;
import java.util.concurrent.atomic.LongAdder;

/** Counters and latency histograms of one msg-server (read by tests, the stats service and metrics). */
public final class MsgServerStats {
    public final LongAdder loginsOk = new LongAdder();
    public final LongAdder loginsRefused = new LongAdder();
    /** Password checks asked of the dbproxy (IMValidateReq: PBKDF2 there). */
    public final LongAdder passwordChecks = new LongAdder();
    /** Logins accepted on a session token, without a password check. */
    public final LongAdder loginsByToken = new LongAdder();
    /** Session tokens presented but not accepted (forged, expired, other secret, wrong name). */
    public final LongAdder tokensRefused = new LongAdder();
    /** Session tokens issued (at login and refreshed in heartbeat echoes). */
    public final LongAdder tokensIssued = new LongAdder();
    /** Commands other than heartbeat/login from an unauthenticated or kicked connection. */
    public final LongAdder refusedBeforeLogin = new LongAdder();
    public final LongAdder kicks = new LongAdder();
    public final LongAdder messagesIn = new LongAdder();
    public final LongAdder messagesStored = new LongAdder();
    /** Refused by the dbproxy (msg_id 0) or not answered by it. */
    public final LongAdder messagesNotStored = new LongAdder();
    /** Resends of an already stored client message id: acked again, not delivered again. */
    public final LongAdder messagesResent = new LongAdder();
    public final LongAdder messagesRateLimited = new LongAdder();
    /** Refused at once (STORE_UNAVAILABLE) because no dbproxy could take them; also in messagesNotStored. */
    public final LongAdder messagesStoreUnavailable = new LongAdder();
    /** Frames written to local connections for other users' or devices' messages. */
    public final LongAdder deliveriesLocal = new LongAdder();
    public final LongAdder relaysSent = new LongAdder();
    public final LongAdder relaysReceived = new LongAdder();
    public final LongAdder receiverAcks = new LongAdder();
    /** Deliveries without a receiver ack within the ack timeout (TeamTalk counted these too). */
    public final LongAdder unackedDeliveries = new LongAdder();
    public final LongAdder dbFailures = new LongAdder();
    /** Connections closed because their client stopped reading (SlowReaderGuard). */
    public final LongAdder slowReadersDropped = new LongAdder();
    /** A client's message arriving to its IMMsgDataAck (stored, or refused with a reason) being written. */
    public final Timer ackLatency;
    /** A client's message arriving here to each copy of it written to a recipient's local connection. */
    public final Timer deliveryLatency;
    /** A relay leaving the origin msg-server (its clock) to each copy written to a connection here. */
    public final Timer relayedDeliveryLatency;

    public MsgServerStats(TierMetrics metrics) {
        ackLatency = metrics.latency("teamtalk.msg.ack.latency",
                "From a client's message arriving to its ack (IMMsgDataAck) being written, store round trip included");
        String delivery = "From a message arriving (path=local) or being relayed by the origin msg-server "
                + "(path=relayed) to each copy being written to a recipient's connection";
        deliveryLatency = metrics.latency("teamtalk.msg.delivery.latency", delivery, "path", "local");
        relayedDeliveryLatency = metrics.latency("teamtalk.msg.delivery.latency", delivery, "path", "relayed");
    }
}
