package io.teamtalkj.api.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Request signatures: {@code hex(HMAC-SHA256(key, METHOD + "\n" + PATH + "\n" + TIMESTAMP + "\n" +
 * hex(SHA-256(body))))}, where key is the ASCII of hex(SHA-256(secret)), PATH is the request path
 * with its query string (if any, after '?') exactly as sent, and TIMESTAMP the X-TT-Timestamp
 * header (unix seconds). All hex is lowercase. An empty body hashes to SHA-256 of nothing.
 */
public final class Signature {
    public static final String APP_KEY = "X-TT-App-Key";
    public static final String TIMESTAMP = "X-TT-Timestamp";
    public static final String SIGNATURE = "X-TT-Signature";

    private Signature() {
    }

    public static String stringToSign(String method, String pathAndQuery, String timestamp, byte[] body) {
        return method + "\n" + pathAndQuery + "\n" + timestamp + "\n" + sha256Hex(body);
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
                                        byte[] body) {
        byte[] key = sha256Hex(secret.getBytes(StandardCharsets.UTF_8)).getBytes(StandardCharsets.US_ASCII);
        return sign(key, stringToSign(method, pathAndQuery, timestamp, body));
    }

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
