package io.teamtalkj.dbproxy.storage;

import com.google.protobuf.ByteString;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Recognises a resend from a TeamTalk client, which sets no client message id: the same content
 * from the same sender to the same receiver or group within a short window is taken as the same
 * message (the client did not get its ack in time and sent it again), answered with the stored
 * msg_id instead of being stored twice. Bounded ({@link #MAX_ENTRIES}, oldest forgotten first);
 * content is kept as a 64-bit hash, not the text. Worker threads share it, so it is synchronized:
 * one short lookup and one insert per message.
 */
public final class ResendWindow {
    public static final int MAX_ENTRIES = 100_000;

    /** Sender, conversation (group or receiver), message type and a hash of the content. */
    public record Key(int from, boolean group, int to, int msgType, long contentHash, int length) {
        public static Key of(int from, boolean group, int to, int msgType, ByteString content) {
            return new Key(from, group, to, msgType, fnv1a64(content), content.size());
        }
    }

    private record Stored(long msgId, long atNanos) {
    }

    private final long windowNanos;
    private final int maxEntries;
    private final LongSupplier nanoClock;
    private final LinkedHashMap<Key, Stored> recent;

    /** @param window 0 turns the window off (everything is stored) */
    public ResendWindow(Duration window, int maxEntries, LongSupplier nanoClock) {
        this.windowNanos = window.toNanos();
        this.maxEntries = maxEntries;
        this.nanoClock = nanoClock;
        this.recent = new LinkedHashMap<>(1024, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Stored> eldest) {
                return size() > ResendWindow.this.maxEntries;
            }
        };
    }

    public ResendWindow(Duration window) {
        this(window, MAX_ENTRIES, System::nanoTime);
    }

    public boolean enabled() {
        return windowNanos > 0;
    }

    /** The msg_id stored for the same message within the window, or 0. */
    public synchronized long find(Key key) {
        if (!enabled()) {
            return 0;
        }
        Stored s = recent.get(key);
        if (s == null) {
            return 0;
        }
        if (nanoClock.getAsLong() - s.atNanos >= windowNanos) {
            recent.remove(key);
            return 0;
        }
        return s.msgId;
    }

    /** Remembers a committed message (the window starts now). */
    public synchronized void remember(Key key, long msgId) {
        if (enabled()) {
            recent.remove(key); // re-inserted at the young end
            recent.put(key, new Stored(msgId, nanoClock.getAsLong()));
        }
    }

    public synchronized int size() {
        return recent.size();
    }

    private static long fnv1a64(ByteString content) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < content.size(); i++) {
            h ^= content.byteAt(i) & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }
}
