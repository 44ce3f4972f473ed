package io.teamtalkj.api.auth;

import io.teamtalkj.api.StoreClient;
import io.teamtalkj.control.api.AddUsageRequest;
import io.teamtalkj.control.api.App;
import io.teamtalkj.control.api.ListAppsRequest;
import io.teamtalkj.control.api.ListAppsResponse;
import io.teamtalkj.control.api.UsageRow;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The applications by app key, read from MySQL (through the dbproxy) at start and every
 * app-reload period, so a quota or expiry changed with `teamtalk admin app set` applies without a
 * restart. Each reload first writes the pending usage batch, then reads the apps with today's
 * totals, which therefore include everything this server counted.
 */
public final class Apps {
    private static final Logger log = LoggerFactory.getLogger(Apps.class);

    private final StoreClient store;
    private final Usage usage;
    private volatile Map<String, AppEntry> byKey = Map.of();
    private volatile boolean loaded;
    private final AtomicLong flushes = new AtomicLong();
    private final AtomicLong reloads = new AtomicLong();

    public Apps(StoreClient store, Usage usage) {
        this.store = store;
        this.usage = usage;
    }

    public AppEntry byKey(String appKey) {
        return byKey.get(appKey);
    }

    public boolean loaded() {
        return loaded;
    }

    public long reloads() {
        return reloads.get();
    }

    public long flushes() {
        return flushes.get();
    }

    /**
     * For a key not known yet: reloads now, at most once a second, so an app added a moment ago
     * works at once and a flood of made-up keys costs at most one reload a second.
     */
    public AppEntry byKeyReloading(String appKey) {
        AppEntry app = byKey(appKey);
        if (app != null) {
            return app;
        }
        synchronized (this) {
            long now = System.nanoTime();
            if (now - lastMissReload >= 1_000_000_000L) {
                lastMissReload = now;
                reload();
            }
        }
        return byKey(appKey);
    }

    private long lastMissReload = System.nanoTime() - 2_000_000_000L;

    /** Writes what was counted since the last flush as one batch; false (rows kept) if it failed. */
    public synchronized boolean flush() {
        List<UsageRow> rows = usage.drain();
        if (rows.isEmpty()) {
            return true;
        }
        try {
            StoreClient.call(() -> store.store().addUsage(AddUsageRequest.newBuilder().addAllRows(rows).build()));
            flushes.incrementAndGet();
            return true;
        } catch (RuntimeException e) {
            usage.restore(rows);
            log.warn("could not write {} usage rows (kept for the next flush): {}", rows.size(), e.getMessage());
            return false;
        }
    }

    /** Flushes, then reads every app and today's totals. */
    public synchronized void reload() {
        if (!flush()) {
            return; // totals read now would miss the rows not written
        }
        int day = Usage.today();
        try {
            ListAppsResponse r = StoreClient.call(() -> store.store().listApps(ListAppsRequest.newBuilder().setDay(day).build()));
            Map<String, AppEntry> next = new HashMap<>();
            Map<Integer, long[]> totals = new HashMap<>();
            for (App a : r.getAppsList()) {
                next.put(a.getAppKey(), AppEntry.of(a));
                totals.put(a.getId(), new long[] {a.getCallsToday(), a.getPushesToday()});
            }
            byKey = Map.copyOf(next);
            usage.rebase(day, totals);
            if (!loaded) {
                log.info("loaded {} api applications", next.size());
            }
            loaded = true;
            reloads.incrementAndGet();
        } catch (RuntimeException e) {
            log.warn("could not reload api applications (keeping the {} known): {}", byKey.size(), e.getMessage());
        }
    }
}
