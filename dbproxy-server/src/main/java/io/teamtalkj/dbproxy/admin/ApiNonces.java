package io.teamtalkj.dbproxy.admin;

import io.grpc.Status;
import io.teamtalkj.control.api.UseNonceRequest;
import io.teamtalkj.dbproxy.core.DbContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * TTApiNonce: the nonces signed requests used, one row each, kept until the request's timestamp
 * would be refused as stale anyway. The primary key (app, nonce) turns a replay into a duplicate
 * key, whichever api-server and dbproxy it reaches. Expired rows are deleted every
 * {@link #PURGE_EVERY_SECONDS} by the insert that comes along then, so no extra thread is needed.
 */
final class ApiNonces {
    static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9_-]{16,64}");
    static final int PURGE_EVERY_SECONDS = 30;

    private final DbContext ctx;
    private final AtomicInteger lastPurge = new AtomicInteger();

    ApiNonces(DbContext ctx) {
        this.ctx = ctx;
    }

    void use(UseNonceRequest r) throws SQLException {
        if (!FORMAT.matcher(r.getNonce()).matches()) {
            throw AdminErrors.invalid("a nonce is 16-64 characters A-Z a-z 0-9 _ -");
        }
        int now = ctx.now();
        try (Connection c = ctx.storage().connection()) {
            purgeNowAndThen(c, now);
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO TTApiNonce (appId, nonce, expiresAt) VALUES (?,?,?)")) {
                ps.setInt(1, r.getAppId());
                ps.setString(2, r.getNonce());
                ps.setLong(3, Integer.toUnsignedLong(r.getExpiresAt()));
                ps.executeUpdate();
            } catch (SQLException e) {
                if (!AdminErrors.isDuplicateKey(e)) {
                    throw e;
                }
                if (!expiredRowReplaced(c, r, now)) {
                    throw Status.ALREADY_EXISTS.withDescription("nonce already used").asRuntimeException();
                }
            }
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

    private void purgeNowAndThen(Connection c, int now) throws SQLException {
        int last = lastPurge.get();
        if (now - last < PURGE_EVERY_SECONDS || !lastPurge.compareAndSet(last, now)) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM TTApiNonce WHERE expiresAt < ? LIMIT 10000")) {
            ps.setLong(1, Integer.toUnsignedLong(now));
            ps.executeUpdate();
        }
    }
}
