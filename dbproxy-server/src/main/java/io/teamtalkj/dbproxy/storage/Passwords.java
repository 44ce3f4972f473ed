package io.teamtalkj.dbproxy.storage;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.spec.InvalidKeySpecException;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Password rows. Clients send the lowercase hex MD5 of the plaintext ("md5hex"). TeamTalk rows
 * hold md5hex(md5hex + salt) with a short numeric salt; TeamTalk-J stores
 * {@code pbkdf2$<iterations>$<salt b64>$<hash b64>} of the md5hex (PBKDF2-HMAC-SHA256) and
 * upgrades TeamTalk rows on their next successful login.
 */
public final class Passwords {
    public static final String PREFIX = "pbkdf2$";
    private static final int ITERATIONS = 60_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Passwords() {
    }

    /** The hex MD5 a TeamTalk client sends for {@code plaintext}. */
    public static String clientDigest(String plaintext) {
        return md5Hex(plaintext);
    }

    public static String md5Hex(String s) {
        try {
            MessageDigest md = MessageDigest.getInstance("MD5");
            return HexFormat.of().formatHex(md.digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A new stored form for the client digest (md5hex). */
    public static String hash(String clientDigest) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        byte[] h = pbkdf2(clientDigest, salt, ITERATIONS);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return PREFIX + ITERATIONS + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(h);
    }

    /** Whether {@code clientDigest} matches a stored row (either format), in constant time. */
    public static boolean verify(String clientDigest, String stored, String teamTalkSalt) {
        if (clientDigest == null || stored == null || stored.isEmpty()) {
            return false;
        }
        if (stored.startsWith(PREFIX)) {
            String[] parts = stored.split("\\$");
            if (parts.length != 4) {
                return false;
            }
            int iterations;
            try {
                iterations = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                return false;
            }
            Base64.Decoder b64 = Base64.getDecoder();
            byte[] expected = b64.decode(parts[3]);
            byte[] actual = pbkdf2(clientDigest, b64.decode(parts[2]), iterations);
            return MessageDigest.isEqual(expected, actual);
        }
        String legacy = md5Hex(clientDigest + (teamTalkSalt == null ? "" : teamTalkSalt));
        return MessageDigest.isEqual(legacy.getBytes(StandardCharsets.US_ASCII),
                stored.toLowerCase().getBytes(StandardCharsets.US_ASCII));
    }

    /** True for a TeamTalk md5 row that should be rewritten with {@link #hash}. */
    public static boolean needsUpgrade(String stored) {
        return stored != null && !stored.startsWith(PREFIX);
    }

    private static byte[] pbkdf2(String secret, byte[] salt, int iterations) {
        try {
            PBEKeySpec spec = new PBEKeySpec(secret.toCharArray(), salt, iterations, 256);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (NoSuchAlgorithmException | InvalidKeySpecException e) {
            throw new IllegalStateException(e);
        }
    }
}
