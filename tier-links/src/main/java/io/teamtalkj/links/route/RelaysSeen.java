package io.teamtalkj.links.route;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which relays a msg-server has already been handed, per origin instance, so a relay resent
 * through a second route-server (its first route link dropped with it in flight, see
 * {@link RouteClient}) is delivered once. Relay ids of one origin grow by one per relay; a window
 * of the last {@link #WINDOW} ids per origin is a bitmap (32 KiB). An id older than the window is
 * taken as new: a rare duplicate is better than a lost message (clients de-duplicate by msg_id).
 * The least recently heard origins beyond {@link #MAX_ORIGINS} (restarted msg-servers) are forgotten.
 */
final class RelaysSeen {
    static final int WINDOW = 1 << 18;
    static final int MAX_ORIGINS = 256;

    private final Map<Long, Window> origins = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Window> eldest) {
            return size() > MAX_ORIGINS;
        }
    };

    /** True the first time {@code relayId} of {@code origin} is seen; false for a copy. */
    synchronized boolean firstTime(long origin, long relayId) {
        return origins.computeIfAbsent(origin, o -> new Window()).mark(relayId);
    }

    private static final class Window {
        private final long[] bits = new long[WINDOW / 64];
        private long highest;

        boolean mark(long id) {
            if (id > highest) {
                if (id - highest >= WINDOW) {
                    java.util.Arrays.fill(bits, 0L);
                } else {
                    for (long i = highest + 1; i < id; i++) {
                        clear(i); // slots reused from ids a whole window ago
                    }
                }
                highest = id;
                clear(id);
                set(id);
                return true;
            }
            if (highest - id >= WINDOW) {
                return true;
            }
            if (isSet(id)) {
                return false;
            }
            set(id);
            return true;
        }

        private int slot(long id) {
            return (int) (id & (WINDOW - 1));
        }

        private boolean isSet(long id) {
            int s = slot(id);
            return (bits[s >>> 6] & (1L << (s & 63))) != 0;
        }

        private void set(long id) {
            int s = slot(id);
            bits[s >>> 6] |= 1L << (s & 63);
        }

        private void clear(long id) {
            int s = slot(id);
            bits[s >>> 6] &= ~(1L << (s & 63));
        }
    }
}
