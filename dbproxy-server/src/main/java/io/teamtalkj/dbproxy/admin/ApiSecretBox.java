package io.teamtalkj.dbproxy.admin;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Application signing keys as MySQL holds them: AES-256-GCM under the operator's API master key,
 * with the app key as associated data (a ciphertext copied to another app's row does not open).
 * Stored form: {@code "v1:" + base64(12-byte iv | ciphertext | 16-byte tag)}. The master key never
 * reaches MySQL, so a dump of TTApiApp alone cannot sign requests.
 */
final class ApiSecretBox {
    static final String PREFIX = "v1:";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    /** @param masterKeyHex 64 hex characters */
    ApiSecretBox(String masterKeyHex) {
        byte[] raw = HexFormat.of().parseHex(masterKeyHex);
        if (raw.length != 32) {
            throw new IllegalArgumentException("the api master key must be 32 bytes");
        }
        this.key = new SecretKeySpec(raw, "AES");
    }

    String seal(String appKey, String signingKey) {
        try {
            byte[] iv = new byte[IV_BYTES];
            RANDOM.nextBytes(iv);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            c.updateAAD(aad(appKey));
            byte[] sealed = c.doFinal(signingKey.getBytes(StandardCharsets.US_ASCII));
            return PREFIX + Base64.getEncoder().encodeToString(ByteBuffer.allocate(iv.length + sealed.length).put(iv)
                    .put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The signing key; IllegalArgumentException when the value was not sealed with this master key for this app. */
    String open(String appKey, String stored) {
        if (stored == null || !stored.startsWith(PREFIX)) {
            throw new IllegalArgumentException("not a sealed signing key");
        }
        try {
            byte[] all = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
            if (all.length <= IV_BYTES) {
                throw new IllegalArgumentException("sealed signing key too short");
            }
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, IV_BYTES));
            c.updateAAD(aad(appKey));
            return new String(c.doFinal(all, IV_BYTES, all.length - IV_BYTES), StandardCharsets.US_ASCII);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new IllegalArgumentException("sealed with another master key (or for another app)");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] aad(String appKey) {
        return ("ttapi:" + appKey).getBytes(StandardCharsets.US_ASCII);
    }
}
