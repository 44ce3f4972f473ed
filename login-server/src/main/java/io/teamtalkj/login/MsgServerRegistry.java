package io.teamtalkj.login;

import io.teamtalkj.pdu.UserCountAction;
import com.mogujie.tt.protobuf.IMServer.IMMsgServInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The msg-servers currently linked to this login-server, keyed by their link. Each link's
 * entry only changes on that link's event loop; HTTP and legacy requests read from theirs, so
 * the map is concurrent and nothing here blocks.
 */
public final class MsgServerRegistry {
    private static final Logger log = LoggerFactory.getLogger(MsgServerRegistry.class);

    private final ConcurrentHashMap<Object, MsgServerEntry> entries = new ConcurrentHashMap<>();
    private final AtomicLong nextOrder = new AtomicLong();

    /**
     * Registers the msg-server on {@code link}, or replaces what that link announced before
     * (keeping its place in the tie-break order, as TeamTalk's map keyed by connection does).
     */
    public MsgServerEntry register(Object link, String peer, IMMsgServInfo info) {
        MsgServerEntry[] previous = new MsgServerEntry[1];
        MsgServerEntry entry = entries.compute(link, (k, old) -> {
            previous[0] = old;
            return new MsgServerEntry(info, peer, old != null ? old.order() : nextOrder.getAndIncrement());
        });
        if (previous[0] == null) {
            log.info("msg-server registered: {}", entry);
        } else {
            log.info("msg-server re-announced: {} (was {})", entry, previous[0]);
        }
        return entry;
    }

    /**
     * Applies an IMUserCntUpdate from {@code link}.
     *
     * @return the updated entry, or null if the link registered nothing or the action is unknown
     */
    public MsgServerEntry userCountChanged(Object link, int userAction) {
        MsgServerEntry entry = entries.get(link);
        if (entry == null) {
            log.warn("user count update from {} before its IMMsgServInfo: ignored", link);
            return null;
        }
        int delta;
        if (userAction == UserCountAction.ADD) {
            delta = 1;
        } else if (userAction == UserCountAction.REMOVE) {
            delta = -1;
        } else {
            log.warn("unknown user_action {} from {}: ignored", userAction, entry.peer());
            return null;
        }
        long now = entry.adjust(delta);
        log.debug("msg-server {} now has {} users", entry.hostName(), now);
        return entry;
    }

    /** Forgets the msg-server on {@code link} (its link closed). */
    public MsgServerEntry remove(Object link) {
        MsgServerEntry removed = entries.remove(link);
        if (removed != null) {
            log.info("msg-server gone: {}", removed);
        }
        return removed;
    }

    /**
     * The least-loaded msg-server: fewest users among those below their maximum, ties to the one
     * registered first. Code 1 when none is registered, 2 when all are full.
     */
    public MsgServerChoice choose() {
        MsgServerEntry best = null;
        long bestCount = 0;
        boolean any = false;
        for (MsgServerEntry e : entries.values()) {
            any = true;
            long count = e.curConnCnt();
            if (count >= e.maxConnCnt()) {
                continue;
            }
            if (best == null || count < bestCount || (count == bestCount && e.order() < best.order())) {
                best = e;
                bestCount = count;
            }
        }
        if (best != null) {
            return MsgServerChoice.of(best);
        }
        return any ? MsgServerChoice.full() : MsgServerChoice.none();
    }

    /** The registered msg-servers in registration order. */
    public List<MsgServerEntry> entries() {
        List<MsgServerEntry> list = new ArrayList<>(entries.values());
        list.sort(Comparator.comparingLong(MsgServerEntry::order));
        return list;
    }

    public int size() {
        return entries.size();
    }

    /** Users on all registered msg-servers. */
    public long totalUsers() {
        long total = 0;
        for (MsgServerEntry e : entries.values()) {
            total += e.curConnCnt();
        }
        return total;
    }
}
