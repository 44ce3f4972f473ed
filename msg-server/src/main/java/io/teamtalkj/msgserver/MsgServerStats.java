package io.teamtalkj.msgserver;

import java.util.concurrent.atomic.LongAdder;

/** Counters of one msg-server (read by tests, health and later metrics). */
public final class MsgServerStats {
    public final LongAdder loginsOk = new LongAdder();
    public final LongAdder loginsRefused = new LongAdder();
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
}
