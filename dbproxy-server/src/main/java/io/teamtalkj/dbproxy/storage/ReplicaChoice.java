package io.teamtalkj.dbproxy.storage;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Which MySQL replica serves the next read, from each replica's last check: one that answered its
 * last check recently and whose lag was under the bound, taken in turn; none (the primary serves)
 * when every replica is down, lagging or unchecked for too long. Pure logic, no I/O.
 */
final class ReplicaChoice {
    /** A replica's state as the last check left it. */
    record State(boolean answered, long lagMillis, long checkedAtNanos) {
        static final State UNCHECKED = new State(false, Long.MAX_VALUE, Long.MIN_VALUE);
    }

    private final long maxLagMillis;
    private final long staleAfterNanos;
    private final AtomicInteger next = new AtomicInteger();

    /**
     * @param maxLagMillis a replica further behind is skipped
     * @param staleAfterNanos a check older than this no longer counts (the checker itself is stuck
     *                        or the replica hangs): skipped until checked again
     */
    ReplicaChoice(long maxLagMillis, long staleAfterNanos) {
        this.maxLagMillis = maxLagMillis;
        this.staleAfterNanos = staleAfterNanos;
    }

    /** Whether a replica in this state may serve reads at {@code nowNanos}. */
    boolean usable(State s, long nowNanos) {
        return s.answered() && s.lagMillis() >= 0 && s.lagMillis() <= maxLagMillis
                && nowNanos - s.checkedAtNanos() <= staleAfterNanos;
    }

    /** Index of the replica to read from, or -1 for the primary; spreads reads over the usable ones. */
    int pick(List<State> states, long nowNanos) {
        int n = states.size();
        if (n == 0) {
            return -1;
        }
        int start = Math.floorMod(next.getAndIncrement(), n);
        for (int i = 0; i < n; i++) {
            int idx = (start + i) % n;
            if (usable(states.get(idx), nowNanos)) {
                return idx;
            }
        }
        return -1;
    }
}
