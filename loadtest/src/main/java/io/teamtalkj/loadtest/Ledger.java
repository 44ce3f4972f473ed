package io.teamtalkj.loadtest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Exact delivery accounting. Senders record each acked (conversation, msg_id); each receiving
 * connection records what it got online and, after the run, what it found by pulling history.
 * {@link #reconcile()} then compares, per receiver and conversation, what every other member had
 * acked with what arrived: lost = acked by the server but reaching the receiver neither online
 * nor by pull. Duplicates (the same conversation and msg_id twice on one connection) and
 * out-of-order arrivals (a message of a sender arriving after a later one of the same sender:
 * a lower running number or a lower msg_id) are counted as they happen, and so are msg_id
 * inversions between different senders of a group ({@link #interleaved()}).
 *
 * <p>Conversations are keyed as the server keys them: a pair of users or a group. Methods are
 * safe to call from any thread; each receiver's calls normally come from its own event loop.
 */
public final class Ledger {
    /** What an online arrival was. */
    public enum Arrival { NEW, OUT_OF_ORDER, DUPLICATE }

    private final Map<Long, Conversation> conversations = new ConcurrentHashMap<>();
    private final Map<Integer, Receiver> receivers = new ConcurrentHashMap<>();
    private final LongAdder duplicated = new LongAdder();
    private final LongAdder outOfOrder = new LongAdder();
    private final LongAdder interleaved = new LongAdder();
    private final LongAdder onlineUnique = new LongAdder();
    private final LongAdder expectedSoFar = new LongAdder();

    /** The key of a one-to-one conversation (either order of users gives the same key). */
    public static long pairKey(int userA, int userB) {
        long lo = Integer.toUnsignedLong(Math.min(userA, userB));
        long hi = Integer.toUnsignedLong(Math.max(userA, userB));
        return (lo << 32) | hi | (1L << 63);
    }

    public static long groupKey(int groupId) {
        return Integer.toUnsignedLong(groupId);
    }

    /** Registers a conversation and its members (who all receive what any other member sends). */
    public Conversation conversation(long key, int... memberUserIds) {
        Conversation c = conversations.computeIfAbsent(key, k -> new Conversation(k, memberUserIds.clone()));
        for (int m : memberUserIds) {
            receiver(m);
        }
        return c;
    }

    public Conversation conversation(long key) {
        return conversations.get(key);
    }

    /** The accounting of one receiving connection (one per user in a run). */
    public Receiver receiver(int userId) {
        return receivers.computeIfAbsent(userId, Receiver::new);
    }

    public long duplicated() {
        return duplicated.sum();
    }

    public long outOfOrder() {
        return outOfOrder.sum();
    }

    /**
     * Arrivals in the right order for their sender but below a msg_id already seen in the
     * conversation: in a group, messages of different senders took different paths (local
     * delivery vs. a route-server hop). Not counted as out of order.
     */
    public long interleaved() {
        return interleaved.sum();
    }

    /** Distinct messages received online so far (any conversation, acked or not yet). */
    public long onlineUnique() {
        return onlineUnique.sum();
    }

    /** Deliveries owed for the acks seen so far (each ack times the other members). */
    public long expectedSoFar() {
        return expectedSoFar.sum();
    }

    /** One conversation: who is in it and which msg_ids each sender got acked. */
    public final class Conversation {
        final long key;
        final int[] members;
        private final Map<Integer, MsgIdSet> ackedBySender = new HashMap<>();
        private long lowest = -1;

        Conversation(long key, int[] members) {
            this.key = key;
            this.members = members;
        }

        public long key() {
            return key;
        }

        /** The server acked {@code msgId} to {@code senderUserId}; false for an ack seen before. */
        public boolean acked(int senderUserId, int msgId) {
            boolean fresh;
            synchronized (this) {
                fresh = ackedBySender.computeIfAbsent(senderUserId, s -> new MsgIdSet()).add(msgId);
                long id = Integer.toUnsignedLong(msgId);
                if (fresh && (lowest < 0 || id < lowest)) {
                    lowest = id;
                }
            }
            if (fresh) {
                expectedSoFar.add(recipientsOf(senderUserId));
            }
            return fresh;
        }

        int recipientsOf(int senderUserId) {
            int n = 0;
            for (int m : members) {
                if (m != senderUserId) {
                    n++;
                }
            }
            return n;
        }

        /** The lowest msg_id acked in this run, or -1. History pulls stop below it. */
        public synchronized long lowestAcked() {
            return lowest;
        }

        synchronized boolean isAcked(int msgId) {
            for (MsgIdSet s : ackedBySender.values()) {
                if (s.contains(msgId)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** What one connection received, per conversation. */
    public final class Receiver {
        final int userId;
        private final Map<Long, Inbox> inboxes = new HashMap<>();

        Receiver(int userId) {
            this.userId = userId;
        }

        /**
         * A message arrived on the connection. {@code senderSeq} is the sender's own running number
         * (negative when unknown).
         */
        public synchronized Arrival online(long conversationKey, int msgId, int senderUserId, long senderSeq) {
            Inbox in = inboxes.computeIfAbsent(conversationKey, k -> new Inbox());
            if (!in.online.add(msgId)) {
                duplicated.increment();
                return Arrival.DUPLICATE;
            }
            onlineUnique.increment();
            long id = Integer.toUnsignedLong(msgId);
            boolean belowHighest = id < in.highest;
            in.highest = Math.max(in.highest, id);
            // the sender's own order: its running number and the msg_ids the server gave its messages
            long[] last = in.bySender.get(senderUserId);
            boolean late = last != null && (id < last[1] || (senderSeq >= 0 && senderSeq < last[0]));
            if (last == null) {
                in.bySender.put(senderUserId, new long[] {senderSeq, id});
            } else {
                last[0] = Math.max(last[0], senderSeq);
                last[1] = Math.max(last[1], id);
            }
            if (late) {
                outOfOrder.increment();
                return Arrival.OUT_OF_ORDER;
            }
            if (belowHighest) {
                interleaved.increment();
            }
            return Arrival.NEW;
        }

        /** A message of this run found in the history after the run. */
        public synchronized void pulled(long conversationKey, int msgId) {
            inboxes.computeIfAbsent(conversationKey, k -> new Inbox()).pulled.add(msgId);
        }

        synchronized Inbox inbox(long conversationKey) {
            return inboxes.get(conversationKey);
        }
    }

    static final class Inbox {
        final MsgIdSet online = new MsgIdSet();
        final MsgIdSet pulled = new MsgIdSet();
        long highest;
        /** Per sender: {highest running number, highest msg_id} seen. */
        final Map<Integer, long[]> bySender = new HashMap<>();
    }

    /** Compares everything acked with everything received; call once traffic and pulls are done. */
    public Result reconcile() {
        long expected = 0;
        long online = 0;
        long byPull = 0;
        long lost = 0;
        long notAcked = 0;
        List<String> lostSamples = new ArrayList<>();
        for (Conversation c : conversations.values()) {
            Map<Integer, MsgIdSet> acked;
            synchronized (c) {
                acked = new HashMap<>(c.ackedBySender);
            }
            for (int member : c.members) {
                Receiver r = receivers.get(member);
                Inbox in = r == null ? null : r.inbox(c.key);
                for (Map.Entry<Integer, MsgIdSet> e : acked.entrySet()) {
                    if (e.getKey() == member) {
                        continue;
                    }
                    long[] counts = new long[3];
                    e.getValue().forEach(id -> {
                        if (in != null && in.online.contains(id)) {
                            counts[0]++;
                        } else if (in != null && in.pulled.contains(id)) {
                            counts[1]++;
                        } else {
                            counts[2]++;
                            if (lostSamples.size() < 20) {
                                lostSamples.add("conversation " + Long.toHexString(c.key) + " msg_id "
                                        + Integer.toUnsignedString(id) + " from " + e.getKey() + " to " + member);
                            }
                        }
                    });
                    expected += e.getValue().size();
                    online += counts[0];
                    byPull += counts[1];
                    lost += counts[2];
                }
                if (in != null) {
                    long[] extra = new long[1];
                    in.online.forEach(id -> extra[0] += c.isAcked(id) ? 0 : 1);
                    in.pulled.forEach(id -> extra[0] += c.isAcked(id) || in.online.contains(id) ? 0 : 1);
                    notAcked += extra[0];
                }
            }
        }
        return new Result(expected, online, byPull, online + byPull, lost, duplicated.sum(), outOfOrder.sum(),
                interleaved.sum(), notAcked, lostSamples);
    }

    /**
     * Reconciled figures, in deliveries (a group message to k-1 other members counts k-1 times).
     * {@code receivedNotAcked}: deliveries of messages the sender never saw acked (e.g. the ack
     * timed out after the store), found online or by pull; they are not part of {@code expected}.
     */
    public record Result(long expected, long receivedOnline, long receivedByPull, long received, long lost,
                         long duplicated, long outOfOrder, long interleaved, long receivedNotAcked,
                         List<String> lostSamples) {
    }
}
