package io.teamtalkj.dbproxy.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forgets clients' message ids (TTClientMsg) older than the retention: a client resends within
 * seconds or minutes, not weeks, and the table would otherwise grow by one row per message.
 * Deletes in bounded chunks on its own thread, off the storage workers.
 */
public final class ClientMsgIdPurger implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ClientMsgIdPurger.class);
    static final int CHUNK = 10_000;

    private final Storage storage;
    private final Duration retention;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "dbproxy-purge");
        t.setDaemon(true);
        return t;
    });

    public ClientMsgIdPurger(Storage storage, Duration retention, Duration interval) {
        this.storage = storage;
        this.retention = retention;
        long every = Math.max(1, interval.toMillis());
        timer.scheduleWithFixedDelay(this::purgeQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    private void purgeQuietly() {
        try {
            long removed = purge((int) (System.currentTimeMillis() / 1000 - retention.toSeconds()));
            if (removed > 0) {
                log.info("forgot {} client message ids older than {}", removed, retention);
            }
        } catch (SQLException | RuntimeException e) {
            log.warn("purging old client message ids failed: {}", e.getMessage());
        }
    }

    /** Deletes rows created before {@code cutoff} (unix seconds); returns how many. */
    public long purge(int cutoff) throws SQLException {
        long total = 0;
        try (Connection c = storage.connection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM TTClientMsg WHERE created < ? LIMIT " + CHUNK)) {
            ps.setInt(1, cutoff);
            int n;
            do {
                n = ps.executeUpdate();
                total += n;
            } while (n == CHUNK);
        }
        return total;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
