package io.teamtalkj.api.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Request signatures: {@code hex(HMAC-SHA256(key, METHOD + "\n" + PATH + "\n" + TIMESTAMP + "\n" +
 * NONCE + "\n" + hex(SHA-256(body))))}, where key is the ASCII of hex(SHA-256(secret)), PATH is the
 * request path with its query string (if any, after '?') exactly as sent, TIMESTAMP the
 * X-TT-Timestamp header (unix seconds) and NONCE the X-TT-Nonce header (16-64 of A-Z a-z 0-9 _ -,
 * new for every request: a second use is a replay). All hex is lowercase. An empty body hashes to
 * SHA-256 of nothing.
 */
public final class Signature {
    public static final String APP_KEY = "X-TT-App-Key";
    public static final String TIMESTAMP = "X-TT-Timestamp";
    public static final String SIGNATURE = "X-TT-Signature";
    public static final String NONCE = "X-TT-Nonce";
    public static final java.util.regex.Pattern NONCE_FORMAT = java.util.regex.Pattern.compile("[A-Za-z0-9_-]{16,64}");

    private Signature() {
    }

    public static String stringToSign(String method, String pathAndQuery, String timestamp, String nonce, byte[] body) {
        return method + "\n" + pathAndQuery + "\n" + timestamp + "\n" + nonce + "\n" + sha256Hex(body);
    }

    public static String sign(byte[] key, String stringToSign) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What a client computes: the key from the secret, then {@link #sign}. */
    public static String signWithSecret(String secret, String method, String pathAndQuery, String timestamp,
                                        String nonce, byte[] body) {
        byte[] key = sha256Hex(secret.getBytes(StandardCharsets.UTF_8)).getBytes(StandardCharsets.US_ASCII);
        return sign(key, stringToSign(method, pathAndQuery, timestamp, nonce, body));
    }

    /** A fresh random nonce (22 characters of URL-safe base64), for clients. */
    public static String newNonce() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    /** Constant-time comparison, so timing tells nothing about a correct prefix. */
    public static boolean matches(String expected, String given) {
        return given != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                given.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
    }

    public static String sha256Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data == null ? new byte[0] : data));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
