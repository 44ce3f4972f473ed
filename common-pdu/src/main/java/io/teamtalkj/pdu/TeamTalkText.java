package io.teamtalkj.pdu;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * The text encoding TeamTalk clients use for {@code msg_data} of text messages (protocol §0 rule 9,
 * §3.3). It is a compatibility encoding, not security: the key is hard-coded in every client.
 *
 * <pre>
 * block  = utf8(plaintext) ‖ zero bytes ‖ uint32 BE plaintext length   (size: the smallest multiple
 *          of 16 that holds the text and the 4 length bytes, so at least 16)
 * msg_data = ASCII bytes of base64( AES-256-ECB(key "12345678901234567890123456789012", block) )
 * </pre>
 *
 * This matches the clients' rule "ceil(len/16) blocks, plus one if len % 16 is 0 or above 12".
 */
public final class TeamTalkText {
    /** The 32-byte AES key hard-coded in TeamTalk's clients and servers. */
    public static final String KEY = "12345678901234567890123456789012";

    private static final SecretKeySpec AES_KEY = new SecretKeySpec(KEY.getBytes(StandardCharsets.US_ASCII), "AES");
    private static final int BLOCK = 16;

    private TeamTalkText() {
    }

    /** The {@code msg_data} bytes (base64 ASCII) for {@code text}. */
    public static byte[] encode(String text) {
        byte[] plain = text.getBytes(StandardCharsets.UTF_8);
        int size = (plain.length + 4 + BLOCK - 1) / BLOCK * BLOCK;
        byte[] block = new byte[size];
        System.arraycopy(plain, 0, block, 0, plain.length);
        ByteBuffer.wrap(block, size - 4, 4).putInt(plain.length);
        byte[] cipher = aes(Cipher.ENCRYPT_MODE, block);
        return Base64.getEncoder().encode(cipher);
    }

    /** {@link #encode(String)} as a protobuf {@code bytes} value. */
    public static ByteString encodeToByteString(String text) {
        return ByteString.copyFrom(encode(text));
    }

    /**
     * The text inside {@code msgData}, or null when it is not in this encoding (not base64, not a
     * multiple of 16 bytes, or a length field that does not fit).
     */
    public static String decode(byte[] msgData) {
        if (msgData == null || msgData.length == 0) {
            return null;
        }
        byte[] cipher;
        try {
            cipher = Base64.getDecoder().decode(msgData);
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (cipher.length == 0 || cipher.length % BLOCK != 0) {
            return null;
        }
        byte[] block;
        try {
            block = aes(Cipher.DECRYPT_MODE, cipher);
        } catch (IllegalStateException e) {
            return null;
        }
        long length = ByteBuffer.wrap(block, block.length - 4, 4).getInt() & 0xffffffffL;
        if (length > block.length - 4) {
            return null;
        }
        return new String(block, 0, (int) length, StandardCharsets.UTF_8);
    }

    public static String decode(ByteString msgData) {
        return msgData == null ? null : decode(msgData.toByteArray());
    }

    /** The decoded text, or the bytes as UTF-8 when they are not in TeamTalk's encoding (for display). */
    public static String decodeOrRaw(byte[] msgData) {
        String text = decode(msgData);
        return text != null ? text : new String(msgData == null ? new byte[0] : msgData, StandardCharsets.UTF_8);
    }

    public static String decodeOrRaw(ByteString msgData) {
        return decodeOrRaw(msgData == null ? null : msgData.toByteArray());
    }

    private static final ThreadLocal<Cipher> ENCRYPT = ThreadLocal.withInitial(() -> cipher(Cipher.ENCRYPT_MODE));
    private static final ThreadLocal<Cipher> DECRYPT = ThreadLocal.withInitial(() -> cipher(Cipher.DECRYPT_MODE));

    private static Cipher cipher(int mode) {
        try {
            Cipher c = Cipher.getInstance("AES/ECB/NoPadding");
            c.init(mode, AES_KEY);
            return c;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/ECB is not available in this JVM", e);
        }
    }

    private static byte[] aes(int mode, byte[] input) {
        try {
            // a Cipher is not thread-safe; creating one per message showed in load-test profiles
            Cipher cipher = mode == Cipher.ENCRYPT_MODE ? ENCRYPT.get() : DECRYPT.get();
            return cipher.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-ECB failed", e);
        }
    }
}
