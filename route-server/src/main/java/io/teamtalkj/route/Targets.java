package io.teamtalkj.route;

import java.util.Arrays;

/**
 * Recipients grouped by the msg-server link that holds them: one envelope per link. A cluster has
 * a handful of msg-servers, so a linear scan over the links beats a hash map here.
 */
final class Targets {
    private RouteLink[] links = new RouteLink[4];
    private int[][] ids = new int[4][];
    private int[] counts = new int[4];
    private int size;

    void add(RouteLink link, int userId) {
        int i = 0;
        while (i < size && links[i] != link) {
            i++;
        }
        if (i == size) {
            if (size == links.length) {
                links = Arrays.copyOf(links, size * 2);
                ids = Arrays.copyOf(ids, size * 2);
                counts = Arrays.copyOf(counts, size * 2);
            }
            links[size] = link;
            ids[size] = new int[8];
            counts[size] = 0;
            size++;
        }
        int[] a = ids[i];
        if (counts[i] == a.length) {
            a = Arrays.copyOf(a, a.length * 2);
            ids[i] = a;
        }
        a[counts[i]++] = userId;
    }

    int size() {
        return size;
    }

    RouteLink link(int i) {
        return links[i];
    }

    int count(int i) {
        return counts[i];
    }

    int id(int i, int k) {
        return ids[i][k];
    }
}
