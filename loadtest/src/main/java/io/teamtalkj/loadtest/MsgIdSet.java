package io.teamtalkj.loadtest;

import java.util.BitSet;
import java.util.HashSet;
import java.util.Set;
import java.util.function.IntConsumer;

/**
 * A set of msg_ids of one conversation: a bit set offset by the smallest id seen, so a run that
 * continues a long conversation (msg_id 1,000,000 onwards) costs one bit per message of this run.
 * Ids far away from the others (which a healthy server never hands out) go to a plain set.
 * Not thread-safe.
 */
final class MsgIdSet {
    /** Widest id range kept as bits (32 MiB of bits at most). */
    static final long MAX_SPAN = 1L << 28;

    private BitSet bits = new BitSet();
    private long base = -1;
    private int size;
    private Set<Long> far;

    /** Adds {@code msgId} (unsigned); false if it was there already. */
    boolean add(int msgId) {
        long id = Integer.toUnsignedLong(msgId);
        if (base < 0) {
            base = id;
        } else if (id < base && base - id + bits.length() <= MAX_SPAN) {
            // leave room below: history pulls add ids newest first, and a rebase per id would be quadratic
            long room = Math.max(64, bits.length());
            rebase(Math.max(0, Math.max(id - room, base - MAX_SPAN + bits.length())));
        }
        boolean added;
        if (id < base || id - base >= MAX_SPAN) {
            if (far == null) {
                far = new HashSet<>();
            }
            added = far.add(id);
        } else {
            int at = (int) (id - base);
            added = !bits.get(at);
            bits.set(at);
        }
        if (added) {
            size++;
        }
        return added;
    }

    boolean contains(int msgId) {
        long id = Integer.toUnsignedLong(msgId);
        if (base < 0) {
            return false;
        }
        if (id < base || id - base >= MAX_SPAN) {
            return far != null && far.contains(id);
        }
        return bits.get((int) (id - base));
    }

    private void rebase(long newBase) {
        int shift = (int) (base - newBase);
        BitSet moved = new BitSet(bits.length() + shift);
        for (int i = bits.nextSetBit(0); i >= 0; i = bits.nextSetBit(i + 1)) {
            moved.set(i + shift);
        }
        bits = moved;
        base = newBase;
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** Smallest id, or -1 when empty. */
    long min() {
        long min = -1;
        int first = bits.nextSetBit(0);
        if (first >= 0) {
            min = base + first;
        }
        if (far != null) {
            for (long id : far) {
                min = min < 0 ? id : Math.min(min, id);
            }
        }
        return min;
    }

    void forEach(IntConsumer action) {
        if (base < 0) {
            return;
        }
        for (int i = bits.nextSetBit(0); i >= 0; i = bits.nextSetBit(i + 1)) {
            action.accept((int) (base + i));
        }
        if (far != null) {
            for (long id : far) {
                action.accept((int) id);
            }
        }
    }
}
