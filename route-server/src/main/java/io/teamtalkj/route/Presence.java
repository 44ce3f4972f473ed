package io.teamtalkj.route;

import io.teamtalkj.pdu.ClientClass;
import com.mogujie.tt.protobuf.IMBaseDefine.UserStatType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The presence table (design.md §3): user → {msg-server link → PC and mobile connection counts},
 * plus each connected user's contacts.
 *
 * <p>Thread model: entries are immutable and replaced with {@link ConcurrentHashMap#compute}, so
 * an update of one user is atomic and relays on any event loop read entries without locks. The
 * counts a link contributes are changed only by that link's updates, snapshots and removal, which
 * all run on the link's own event loop; callers must keep it so (the route-server does).
 */
public final class Presence {
    private final ConcurrentHashMap<Integer, UserPresence> users = new ConcurrentHashMap<>();
    private final boolean mobileCountsAsOnline;
    private final LongAdder pcConnections = new LongAdder();
    private final LongAdder mobileConnections = new LongAdder();
    private final LongAdder pcUsers = new LongAdder();

    public Presence(boolean mobileCountsAsOnline) {
        this.mobileCountsAsOnline = mobileCountsAsOnline;
    }

    /** The entry of a connected user, or null when the user has no connection anywhere. */
    public UserPresence get(int userId) {
        return users.get(userId);
    }

    public boolean mobileCountsAsOnline() {
        return mobileCountsAsOnline;
    }

    /** The status clients see for someone connected with {@code classes} (see the README's route-server section). */
    public boolean isOnline(int classes) {
        return mobileCountsAsOnline ? classes != 0 : (classes & ClientClass.PC.bit) != 0;
    }

    public UserStatType status(int userId) {
        return statusOf(classes(userId));
    }

    /** ONLINE or OFFLINE for someone connected with {@code classes}. */
    public UserStatType statusOf(int classes) {
        return isOnline(classes) ? UserStatType.USER_STATUS_ONLINE : UserStatType.USER_STATUS_OFFLINE;
    }

    /** Device classes the user has connected anywhere ({@link ClientClass} bits, 0 = none). */
    public int classes(int userId) {
        UserPresence p = users.get(userId);
        return p == null ? 0 : p.classes();
    }

    /** Users with at least one connection of any class. */
    public long connectedUsers() {
        return users.mappingCount();
    }

    /** Users with at least one PC connection. */
    public long pcUsers() {
        return pcUsers.sum();
    }

    /** Users ONLINE by this route-server's policy. */
    public long onlineUsers() {
        return mobileCountsAsOnline ? connectedUsers() : pcUsers();
    }

    public long pcConnections() {
        return pcConnections.sum();
    }

    public long mobileConnections() {
        return mobileConnections.sum();
    }

    public long connections() {
        return pcConnections() + mobileConnections();
    }

    /**
     * One connection of {@code deviceClass} came up on {@code link} (IMUserStatusUpdate ONLINE).
     *
     * @param contacts sorted distinct contact ids; empty keeps the ones already known
     */
    public StatusChange connect(RouteLink link, int userId, int deviceClass, int[] contacts) {
        return update(link, userId, deviceClass == ClientClass.PC.bit ? 1 : 0, deviceClass == ClientClass.MOBILE.bit ? 1 : 0,
                false, contacts, true);
    }

    /** One connection of {@code deviceClass} on {@code link} went away; null if none was known. */
    public StatusChange disconnect(RouteLink link, int userId, int deviceClass) {
        UserPresence p = users.get(userId);
        int i = p == null ? -1 : p.indexOf(link);
        if (i < 0 || (deviceClass == ClientClass.PC.bit ? p.pcOn(i) : p.mobileOn(i)) == 0) {
            return null; // only this link's loop changes its counts, so the check above still holds
        }
        return update(link, userId, deviceClass == ClientClass.PC.bit ? -1 : 0, deviceClass == ClientClass.MOBILE.bit ? -1 : 0,
                false, null, false);
    }

    /**
     * Sets the user's counts on {@code link} to exactly these (a snapshot entry); (0, 0) takes the
     * user off the link. Repeating a snapshot, or one overlapping updates already applied, does not
     * count a connection twice.
     */
    public StatusChange set(RouteLink link, int userId, int pc, int mobile, int[] contacts) {
        return update(link, userId, pc, mobile, true, contacts, false);
    }

    /** Takes every user off a link that closed; returns the changes to notify. */
    public List<StatusChange> removeLink(RouteLink link) {
        List<StatusChange> changes = new ArrayList<>(link.users.size());
        for (Integer userId : link.users.toArray(new Integer[0])) {
            StatusChange c = update(link, userId, 0, 0, true, null, false);
            if (c != null) {
                changes.add(c);
            }
        }
        link.users.clear();
        link.userCount = 0;
        return changes;
    }

    private StatusChange update(RouteLink link, int userId, int pcArg, int mobileArg, boolean absolute,
                                int[] contacts, boolean arrival) {
        UserPresence[] beforeAfter = new UserPresence[2];
        users.compute(userId, (id, old) -> {
            beforeAfter[0] = old;
            UserPresence base = old != null ? old : UserPresence.empty(id);
            int i = base.indexOf(link);
            int pc = absolute ? pcArg : Math.max(0, (i < 0 ? 0 : base.pcOn(i)) + pcArg);
            int mobile = absolute ? mobileArg : Math.max(0, (i < 0 ? 0 : base.mobileOn(i)) + mobileArg);
            UserPresence next = base.withCounts(link, pc, mobile);
            if (next != null && contacts != null && contacts.length > 0) {
                next = next.withContacts(contacts);
            }
            beforeAfter[1] = next;
            return next;
        });
        UserPresence before = beforeAfter[0];
        UserPresence after = beforeAfter[1];
        int ib = before == null ? -1 : before.indexOf(link);
        int ia = after == null ? -1 : after.indexOf(link);
        int dPc = (ia < 0 ? 0 : after.pcOn(ia)) - (ib < 0 ? 0 : before.pcOn(ib));
        int dMobile = (ia < 0 ? 0 : after.mobileOn(ia)) - (ib < 0 ? 0 : before.mobileOn(ib));
        pcConnections.add(dPc);
        mobileConnections.add(dMobile);
        link.pcConnections += dPc; // single writer: the link's loop
        link.mobileConnections += dMobile;
        if (ib < 0 && ia >= 0) {
            link.users.add(userId);
        } else if (ib >= 0 && ia < 0) {
            link.users.remove(userId);
        }
        link.userCount = link.users.size();
        int classesBefore = before == null ? 0 : before.classes();
        int classesAfter = after == null ? 0 : after.classes();
        boolean pcBefore = (classesBefore & ClientClass.PC.bit) != 0;
        boolean pcAfter = (classesAfter & ClientClass.PC.bit) != 0;
        if (pcBefore != pcAfter) {
            pcUsers.add(pcAfter ? 1 : -1);
        }
        if (dPc == 0 && dMobile == 0 && !arrival) {
            return null;
        }
        int[] known = after != null ? after.contacts() : before != null ? before.contacts() : new int[0];
        return new StatusChange(userId, classesBefore, classesAfter, arrival, known);
    }

    /** Sorted distinct ids, without {@code self}. */
    public static int[] sortedDistinct(Collection<Integer> ids, int self) {
        int[] a = new int[ids.size()];
        int n = 0;
        for (Integer id : ids) {
            if (id != null && id != self) {
                a[n++] = id;
            }
        }
        return sortedDistinct(a, n);
    }

    /** The first {@code n} values of {@code a}, sorted and distinct (sorts {@code a} in place). */
    public static int[] sortedDistinct(int[] a, int n) {
        Arrays.sort(a, 0, n);
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (m == 0 || a[i] != a[m - 1]) {
                a[m++] = a[i];
            }
        }
        return m == a.length ? a : Arrays.copyOf(a, m);
    }
}
