package io.teamtalkj.dbproxy.admin;

import io.teamtalkj.control.api.NonceResult;
import io.teamtalkj.control.api.UseNonceRequest;
import io.teamtalkj.dbproxy.core.DbContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * TTApiNonce: the nonces signed requests used, one row each, kept until the request's timestamp
 * would be refused as stale anyway ({@link ApiUseNonceHandler}). The primary key (app, nonce)
 * turns a replay into a duplicate key, whichever api-server and dbproxy it reaches. Expired rows
 * are deleted every {@link #PURGE_EVERY_SECONDS} by the request that comes along then, so no extra
 * thread is needed.
 */
final class ApiNonces {
    static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9_-]{16,64}");
    static final int PURGE_EVERY_SECONDS = 30;
    /** One purge every period per process. */
    private static final AtomicInteger lastPurge = new AtomicInteger();

    private final DbContext ctx;

    ApiNonces(DbContext ctx) {
        this.ctx = ctx;
    }

    /**
     * Records the nonces a worker found queued together. One alone is a single autocommit insert
     * (one round trip); several go in one transaction on a manual-commit connection, so one log
     * flush covers the lot (the profile showed the commit's flush and SET autocommit round trips as
     * most of a nonce's cost). A duplicate key fails only its own statement; the results hold once
     * the commit succeeded, else the exception says none did.
     */
    List<NonceResult> useAll(List<UseNonceRequest> requests) throws SQLException {
        List<NonceResult> out = new ArrayList<>(requests.size());
        int now = ctx.now();
        purgeNowAndThen(now);
        boolean one = requests.size() == 1;
        try (Connection c = one ? ctx.storage().connection() : ctx.storage().transactionConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO TTApiNonce (appId, nonce, expiresAt) VALUES (?,?,?)")) {
            try {
                for (UseNonceRequest r : requests) {
                    out.add(record(c, ps, r, now));
                }
                if (!one) {
                    c.commit();
                }
            } catch (SQLException | RuntimeException e) {
                if (!one) {
                    c.rollback();
                }
                throw e;
            }
        }
        return out;
    }

    private static NonceResult record(Connection c, PreparedStatement ps, UseNonceRequest r, int now) throws SQLException {
        if (!FORMAT.matcher(r.getNonce()).matches()) {
            return NonceResult.NONCE_INVALID;
        }
        ps.setInt(1, r.getAppId());
        ps.setString(2, r.getNonce());
        ps.setLong(3, Integer.toUnsignedLong(r.getExpiresAt()));
        try {
            ps.executeUpdate();
            return NonceResult.NONCE_FRESH;
        } catch (SQLException e) {
            if (!AdminErrors.isDuplicateKey(e)) {
                throw e;
            }
            return expiredRowReplaced(c, r, now) ? NonceResult.NONCE_FRESH : NonceResult.NONCE_REPLAYED;
        }
    }

    /** A row past its expiry that the purge has not reached yet does not make a fresh use a replay. */
    private static boolean expiredRowReplaced(Connection c, UseNonceRequest r, int now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE TTApiNonce SET expiresAt = ? WHERE appId = ? AND nonce = ? AND expiresAt < ?")) {
            ps.setLong(1, Integer.toUnsignedLong(r.getExpiresAt()));
            ps.setInt(2, r.getAppId());
            ps.setString(3, r.getNonce());
            ps.setLong(4, Integer.toUnsignedLong(now));
            return ps.executeUpdate() == 1;
        }
    }

    private void purgeNowAndThen(int now) throws SQLException {
        int last = lastPurge.get();
        if (now - last < PURGE_EVERY_SECONDS || !lastPurge.compareAndSet(last, now)) {
            return;
        }
        try (Connection c = ctx.storage().connection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM TTApiNonce WHERE expiresAt < ? LIMIT 10000")) {
            ps.setLong(1, Integer.toUnsignedLong(now));
            ps.executeUpdate();
        }
    }
}
