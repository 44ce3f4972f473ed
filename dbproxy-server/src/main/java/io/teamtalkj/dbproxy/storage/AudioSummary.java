package io.teamtalkj.dbproxy.storage;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * What session summaries (recent sessions, unread) show for an audio message. Clients decrypt
 * every latest_msg_data as text, so TeamTalk put the text "[语音]" ("voice") there, encoded the
 * way clients encode text (protocol §3.3): base64(AES-256-ECB(plaintext, zero fill, 4-byte BE
 * length in the last block)) with the key every TeamTalk client has built in. This is a
 * compatibility encoding, not secrecy.
 */
public final class AudioSummary {
    static final String TEXT = "[语音]";
    private static final byte[] KEY = "12345678901234567890123456789012".getBytes(StandardCharsets.US_ASCII);

    public static final ByteString PLACEHOLDER = ByteString.copyFrom(encode(TEXT), StandardCharsets.US_ASCII);

    private AudioSummary() {
    }

    /** The client text encoding of {@code plain}. */
    static String encode(String plain) {
        byte[] bytes = plain.getBytes(StandardCharsets.UTF_8);
        int n = bytes.length;
        int blocks = (n + 15) / 16;
        // the last 4 bytes of the last block hold the length, so they must not overlap the text
        if (n % 16 == 0 || n % 16 > 12) {
            blocks++;
        }
        ByteBuffer block = ByteBuffer.allocate(blocks * 16);
        block.put(bytes);
        block.putInt(blocks * 16 - 4, n);
        try {
            Cipher aes = Cipher.getInstance("AES/ECB/NoPadding");
            aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(KEY, "AES"));
            return Base64.getEncoder().encodeToString(aes.doFinal(block.array()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256 not available", e);
        }
    }
}
