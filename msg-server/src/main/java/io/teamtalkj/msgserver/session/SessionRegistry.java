package io.teamtalkj.msgserver.session;

import io.teamtalkj.pdu.ClientClass;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The authenticated connections of this msg-server by user. Each user's list is an immutable
 * array replaced atomically, so deliveries (the hot path, from any thread) read without locks.
 */
public final class SessionRegistry {
    private static final ClientSession[] NONE = new ClientSession[0];

    private final Map<Integer, ClientSession[]> byUser = new ConcurrentHashMap<>();
    private final AtomicInteger connections = new AtomicInteger();

    /**
     * Adds a newly authenticated connection and removes the user's other connections of the same
     * device class, which the caller kicks: the newcomer wins.
     *
     * @return the displaced connections (empty if none)
     */
    public List<ClientSession> add(ClientSession session) {
        List<ClientSession> displaced = new ArrayList<>(1);
        byUser.compute(session.userId(), (uid, current) -> {
            List<ClientSession> keep = new ArrayList<>();
            if (current != null) {
                for (ClientSession s : current) {
                    if (s.deviceClass() == session.deviceClass()) {
                        displaced.add(s);
                    } else {
                        keep.add(s);
                    }
                }
            }
            keep.add(session);
            return keep.toArray(NONE);
        });
        connections.addAndGet(1 - displaced.size());
        return displaced;
    }

    /** Removes a connection; true if it was registered. */
    public boolean remove(ClientSession session) {
        boolean[] removed = {false};
        byUser.computeIfPresent(session.userId(), (uid, current) -> {
            List<ClientSession> keep = new ArrayList<>(current.length);
            for (ClientSession s : current) {
                if (s == session) {
                    removed[0] = true;
                } else {
                    keep.add(s);
                }
            }
            return keep.isEmpty() ? null : keep.toArray(NONE);
        });
        if (removed[0]) {
            connections.decrementAndGet();
        }
        return removed[0];
    }

    /** Removes and returns the user's connections of one class (e.g. a mobile kicking PCs). */
    public List<ClientSession> removeClass(int userId, ClientClass deviceClass) {
        List<ClientSession> removed = new ArrayList<>(1);
        byUser.computeIfPresent(userId, (uid, current) -> {
            List<ClientSession> keep = new ArrayList<>(current.length);
            for (ClientSession s : current) {
                if (s.deviceClass() == deviceClass) {
                    removed.add(s);
                } else {
                    keep.add(s);
                }
            }
            return keep.isEmpty() ? null : keep.toArray(NONE);
        });
        connections.addAndGet(-removed.size());
        return removed;
    }

    /** The user's connections here (possibly empty); the array must not be modified. */
    public ClientSession[] sessions(int userId) {
        ClientSession[] s = byUser.get(userId);
        return s == null ? NONE : s;
    }

    public boolean isOnline(int userId) {
        return byUser.containsKey(userId);
    }

    /** Authenticated connections. */
    public int connectionCount() {
        return connections.get();
    }

    public int userCount() {
        return byUser.size();
    }

    /** Every authenticated connection (for broadcasts and the ack sweep). */
    public List<ClientSession> all() {
        List<ClientSession> out = new ArrayList<>(connections.get());
        for (ClientSession[] list : byUser.values()) {
            for (ClientSession s : list) {
                out.add(s);
            }
        }
        return out;
    }
}
