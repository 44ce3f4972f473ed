package io.teamtalkj.msgserver.session;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Resumable-login tokens: a client that logged in once may log in again on any msg-server of the
 * cluster within the token's lifetime without the dbproxy's password check (PBKDF2, ~25 ms of CPU
 * each), so the users of a lost msg-server re-home in seconds rather than minutes.
 *
 * <pre>
 * | ver (1) | key id (4) | user id (4) | expiry, unix seconds (8) | HMAC-SHA256 (32) |   49 bytes
 * </pre>
 *
 * The MAC covers the first 17 bytes and the login name (not carried: the IMLoginReq has it), so a
 * token only works with the name it was issued for. The key id is a fingerprint of the secret: a
 * token of a retired or foreign secret is told apart from a forged one in the logs, and a
 * {@code previous} secret keeps the tokens it issued valid while the cluster rotates to a new one.
 * The secret is shared by all msg-servers of a cluster; without one no token is issued or accepted.
 */
public final class SessionTokens {
    /** Why a token was not accepted. */
    public enum Check { OK, MALFORMED, UNKNOWN_KEY, BAD_SIGNATURE, EXPIRED, DISABLED }

    /** What a token says once verified. */
    public record Verified(Check check, int userId) {
        public boolean ok() {
            return check == Check.OK;
        }
    }

    static final byte VERSION = 1;
    static final int LENGTH = 1 + 4 + 4 + 8 + 32;
    private static final int SIGNED = LENGTH - 32;
    private static final String ALGORITHM = "HmacSHA256";

    /** No secret: never issues, never accepts. */
    public static final SessionTokens DISABLED = new SessionTokens(List.of(), Duration.ofMinutes(10));

    private record Key(int id, SecretKeySpec spec) {
    }

    private final List<Key> keys; // the first one signs
    private final Duration lifetime;

    private SessionTokens(List<Key> keys, Duration lifetime) {
        this.keys = keys;
        this.lifetime = lifetime;
    }

    /**
     * Tokens signed with {@code secret} and also accepted when signed with {@code previous} (may be
     * null or empty); a null or empty {@code secret} gives {@link #DISABLED}.
     */
    public static SessionTokens of(String secret, String previous, Duration lifetime) {
        if (secret == null || secret.isEmpty()) {
            return DISABLED;
        }
        List<Key> keys = new ArrayList<>();
        keys.add(key(secret));
        if (previous != null && !previous.isEmpty() && !previous.equals(secret)) {
            keys.add(key(previous));
        }
        return new SessionTokens(List.copyOf(keys), lifetime);
    }

    private static Key key(String secret) {
        byte[] raw = secret.getBytes(StandardCharsets.UTF_8);
        byte[] fingerprint = sha256("teamtalk-j session token key\0" + secret);
        return new Key(ByteBuffer.wrap(fingerprint).getInt(), new SecretKeySpec(raw, ALGORITHM));
    }

    public boolean enabled() {
        return !keys.isEmpty();
    }

    public Duration lifetime() {
        return lifetime;
    }

    /** A token for {@code userId} logged in as {@code loginName}, valid until now + lifetime. */
    public byte[] issue(int userId, String loginName, long nowMillis) {
        if (!enabled()) {
            throw new IllegalStateException("no session token secret configured");
        }
        Key k = keys.get(0);
        ByteBuffer b = ByteBuffer.allocate(LENGTH);
        b.put(VERSION).putInt(k.id()).putInt(userId).putLong((nowMillis + lifetime.toMillis()) / 1000);
        b.put(mac(k, b.array(), loginName));
        return b.array();
    }

    /** Checks a token presented with {@code loginName}; expiry is inclusive of its second. */
    public Verified verify(byte[] token, String loginName, long nowMillis) {
        if (!enabled()) {
            return new Verified(Check.DISABLED, 0);
        }
        if (token == null || token.length != LENGTH || token[0] != VERSION) {
            return new Verified(Check.MALFORMED, 0);
        }
        ByteBuffer b = ByteBuffer.wrap(token);
        b.get();
        int keyId = b.getInt();
        int userId = b.getInt();
        long expiry = b.getLong();
        Key key = null;
        for (Key k : keys) {
            if (k.id() == keyId) {
                key = k;
                break;
            }
        }
        if (key == null) {
            return new Verified(Check.UNKNOWN_KEY, 0);
        }
        byte[] given = new byte[32];
        System.arraycopy(token, SIGNED, given, 0, 32);
        // constant time: the comparison does not tell a forger how many leading bytes were right
        if (!MessageDigest.isEqual(given, mac(key, token, loginName))) {
            return new Verified(Check.BAD_SIGNATURE, 0);
        }
        if (nowMillis / 1000 > expiry) {
            return new Verified(Check.EXPIRED, userId);
        }
        return new Verified(Check.OK, userId);
    }

    private static byte[] mac(Key key, byte[] token, String loginName) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key.spec());
            mac.update(token, 0, SIGNED);
            mac.update(loginName.getBytes(StandardCharsets.UTF_8));
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
