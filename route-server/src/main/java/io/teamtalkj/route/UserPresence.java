package io.teamtalkj.route;

import io.teamtalkj.pdu.ClientClass;
import java.util.Arrays;

/**
 * Where one user is connected: per msg-server link, how many PC and mobile connections, plus the
 * user's contacts (who hears about the user's status changes). Immutable: the presence table
 * swaps whole entries atomically, so relays read a consistent entry without locking.
 */
public final class UserPresence {
    private static final int[] NONE = new int[0];

    private final int userId;
    private final RouteLink[] links;
    private final int[] pc;
    private final int[] mobile;
    private final int[] contacts;

    private UserPresence(int userId, RouteLink[] links, int[] pc, int[] mobile, int[] contacts) {
        this.userId = userId;
        this.links = links;
        this.pc = pc;
        this.mobile = mobile;
        this.contacts = contacts;
    }

    static UserPresence empty(int userId) {
        return new UserPresence(userId, new RouteLink[0], NONE, NONE, NONE);
    }

    public int userId() {
        return userId;
    }

    /** Number of links the user is on. */
    public int linkCount() {
        return links.length;
    }

    public RouteLink link(int i) {
        return links[i];
    }

    public int pcOn(int i) {
        return pc[i];
    }

    public int mobileOn(int i) {
        return mobile[i];
    }

    /** Device classes present on link {@code i} ({@link ClientClass} bits). */
    public int classesOn(int i) {
        return (pc[i] > 0 ? ClientClass.PC.bit : 0) | (mobile[i] > 0 ? ClientClass.MOBILE.bit : 0);
    }

    /** Device classes connected anywhere ({@link ClientClass} bits; 0 = none). */
    public int classes() {
        int c = 0;
        for (int i = 0; i < links.length; i++) {
            c |= classesOn(i);
        }
        return c;
    }

    /** Index of {@code link} in this entry, or -1. */
    public int indexOf(RouteLink link) {
        for (int i = 0; i < links.length; i++) {
            if (links[i] == link) {
                return i;
            }
        }
        return -1;
    }

    public int connections() {
        int n = 0;
        for (int i = 0; i < links.length; i++) {
            n += pc[i] + mobile[i];
        }
        return n;
    }

    /** Sorted, distinct; empty when the msg-server did not say. */
    public int[] contacts() {
        return contacts;
    }

    /** This entry with the counts on {@code link} set; (0, 0) takes the link out. Null when no link is left. */
    UserPresence withCounts(RouteLink link, int pcCount, int mobileCount) {
        int i = indexOf(link);
        boolean remove = pcCount <= 0 && mobileCount <= 0;
        RouteLink[] l;
        int[] p;
        int[] m;
        if (i < 0) {
            if (remove) {
                return links.length == 0 ? null : this;
            }
            l = Arrays.copyOf(links, links.length + 1);
            p = Arrays.copyOf(pc, pc.length + 1);
            m = Arrays.copyOf(mobile, mobile.length + 1);
            i = links.length;
            l[i] = link;
        } else if (remove) {
            if (links.length == 1) {
                return null;
            }
            l = new RouteLink[links.length - 1];
            p = new int[l.length];
            m = new int[l.length];
            for (int src = 0, dst = 0; src < links.length; src++) {
                if (src != i) {
                    l[dst] = links[src];
                    p[dst] = pc[src];
                    m[dst] = mobile[src];
                    dst++;
                }
            }
            return new UserPresence(userId, l, p, m, contacts);
        } else {
            l = links;
            p = pc.clone();
            m = mobile.clone();
        }
        p[i] = pcCount;
        m[i] = mobileCount;
        return new UserPresence(userId, l, p, m, contacts);
    }

    UserPresence withContacts(int[] sortedDistinct) {
        return new UserPresence(userId, links, pc, mobile, sortedDistinct);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("user ").append(userId).append(" {");
        for (int i = 0; i < links.length; i++) {
            b.append(i == 0 ? "" : ", ").append(links[i]).append(": pc ").append(pc[i]).append(" mobile ").append(mobile[i]);
        }
        return b.append("}, ").append(contacts.length).append(" contacts").toString();
    }
}
