package io.teamtalkj.api.auth;

import io.teamtalkj.control.api.UsageKind;
import io.teamtalkj.control.api.UsageRow;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Calls and pushes counted in memory per app, api and UTC day, and written to MySQL in batches
 * ({@link #drain}). Quotas compare today's total: what MySQL had at the last reload
 * ({@link #rebase}, done right after a flush, so it includes everything flushed) plus what was
 * counted here since. Counting takes a read lock and draining the write lock, so a count is
 * either in the drained batch or left for the next one, never both.
 */
public final class Usage {
    private record Key(int appId, int day, UsageKind kind, String api) {
    }

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<Key, AtomicLong> pending = new ConcurrentHashMap<>();
    /** app id → [calls, pushes] counted since the last drain, for {@link #pendingDay}. */
    private final Map<Integer, AtomicLong[]> pendingTotals = new ConcurrentHashMap<>();
    private volatile int pendingDay = today();
    /** app id → [calls, pushes] in MySQL at the last rebase, for {@link #baseDay}. */
    private volatile Map<Integer, long[]> base = Map.of();
    private volatile int baseDay;
    private final AtomicLong counted = new AtomicLong();

    public static int today() {
        LocalDate d = LocalDate.now(ZoneOffset.UTC);
        return d.getYear() * 10_000 + d.getMonthValue() * 100 + d.getDayOfMonth();
    }

    /**
     * Counts one call or push and returns the app's total of that kind today before it.
     */
    public long count(int appId, UsageKind kind, String api) {
        int day = today();
        lock.readLock().lock();
        try {
            if (day != pendingDay) {
                rollDay(day);
            }
            pending.computeIfAbsent(new Key(appId, day, kind, api), k -> new AtomicLong()).incrementAndGet();
            counted.incrementAndGet();
            long before = pendingTotals.computeIfAbsent(appId, k -> new AtomicLong[] {new AtomicLong(), new AtomicLong()})
                    [kind == UsageKind.CALL ? 0 : 1].getAndIncrement();
            return before + baseOf(appId, kind, day);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Today's total of {@code kind} for the app (MySQL at the last reload plus counted since). */
    public long today(int appId, UsageKind kind) {
        int day = today();
        AtomicLong[] p = pendingTotals.get(appId);
        long local = p == null || day != pendingDay ? 0 : p[kind == UsageKind.CALL ? 0 : 1].get();
        return local + baseOf(appId, kind, day);
    }

    private long baseOf(int appId, UsageKind kind, int day) {
        if (day != baseDay) {
            return 0;
        }
        long[] b = base.get(appId);
        return b == null ? 0 : b[kind == UsageKind.CALL ? 0 : 1];
    }

    private synchronized void rollDay(int day) {
        if (day != pendingDay) {
            pendingTotals.clear(); // yesterday's rows stay in pending until drained
            pendingDay = day;
        }
    }

    /** Takes everything counted so far as rows to write; counting goes on into a fresh batch. */
    public List<UsageRow> drain() {
        lock.writeLock().lock();
        try {
            List<UsageRow> rows = new ArrayList<>(pending.size());
            pending.forEach((k, v) -> {
                if (v.get() > 0) {
                    rows.add(UsageRow.newBuilder().setAppId(k.appId).setDay(k.day).setKind(k.kind).setApi(k.api)
                            .setCount(v.get()).build());
                }
            });
            pending.clear();
            // the drained counts move to MySQL: keep them in the quota until the rebase that follows
            Map<Integer, long[]> merged = new HashMap<>();
            if (baseDay == pendingDay) {
                base.forEach((id, b) -> merged.put(id, b.clone()));
            }
            pendingTotals.forEach((id, p) -> {
                long[] b = merged.computeIfAbsent(id, k -> new long[2]);
                b[0] += p[0].get();
                b[1] += p[1].get();
            });
            pendingTotals.clear();
            base = merged;
            baseDay = pendingDay;
            return rows;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Puts rows back after a failed write, to go with the next batch. */
    public void restore(List<UsageRow> rows) {
        lock.readLock().lock();
        try {
            for (UsageRow r : rows) {
                pending.computeIfAbsent(new Key(r.getAppId(), r.getDay(), r.getKind(), r.getApi()), k -> new AtomicLong())
                        .addAndGet(r.getCount());
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Today's totals as MySQL has them (read right after a successful flush, so they include every
     * drained count; other api-servers' counts come in here too).
     */
    public void rebase(int day, Map<Integer, long[]> totals) {
        lock.writeLock().lock();
        try {
            base = Map.copyOf(totals);
            baseDay = day;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Calls and pushes counted by this server since it started. */
    public long counted() {
        return counted.get();
    }
}
