package io.teamtalkj.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TeamTalkTextTest {

    // Computed outside Java from the layout in protocol §3.3, e.g. for "hi":
    //   printf 'hi' + 10 zero bytes + '\x00\x00\x00\x02' | openssl enc -aes-256-ecb -nopad \
    //       -K 3132333435363738393031323334353637383930313233343536373839303132 | base64
    @Test
    void knownVectors() {
        assertThat(ascii(TeamTalkText.encode("hi"))).isEqualTo("isFbgVCILeNPXzVe+MncXQ==");
        assertThat(ascii(TeamTalkText.encode(""))).isEqualTo("e5RnnlJkv4QGnGhkMwfvgA==");
        // 13 bytes: more than 12 left in the last block, so a second block holds the length
        assertThat(ascii(TeamTalkText.encode("Hello, World!"))).isEqualTo("4bnr67PMrDG4iVx0zrxLAQr+GZ43+2mMfQMFqTsGBjY=");
        // the length counts UTF-8 bytes (6), not characters (2)
        assertThat(ascii(TeamTalkText.encode("你好"))).isEqualTo("UKheN9KmjZEOcj7ZdGedvw==");

        assertThat(TeamTalkText.decode(bytes("isFbgVCILeNPXzVe+MncXQ=="))).isEqualTo("hi");
        assertThat(TeamTalkText.decode(bytes("4bnr67PMrDG4iVx0zrxLAQr+GZ43+2mMfQMFqTsGBjY="))).isEqualTo("Hello, World!");
        assertThat(TeamTalkText.decode(bytes("UKheN9KmjZEOcj7ZdGedvw=="))).isEqualTo("你好");
        assertThat(TeamTalkText.decode(bytes("e5RnnlJkv4QGnGhkMwfvgA=="))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 11, 12, 13, 15, 16, 17, 28, 29, 31, 32, 100, 4000})
    void blockLayoutFollowsTheClientsRule(int length) throws Exception {
        String text = "x".repeat(length);
        byte[] block = rawDecrypt(Base64.getDecoder().decode(TeamTalkText.encode(text)));

        // ceil(len/16) blocks, plus one when len % 16 is 0 or above 12
        int blocks = (length + 15) / 16 + (length % 16 == 0 || length % 16 > 12 ? 1 : 0);
        assertThat(block).hasSize(blocks * 16);
        for (int i = 0; i < block.length - 4; i++) {
            assertThat(block[i]).as("byte %d", i).isEqualTo(i < length ? (byte) 'x' : (byte) 0);
        }
        int stored = ((block[block.length - 4] & 0xff) << 24) | ((block[block.length - 3] & 0xff) << 16)
                | ((block[block.length - 2] & 0xff) << 8) | (block[block.length - 1] & 0xff);
        assertThat(stored).isEqualTo(length);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a", "hello world", "exactly 16 bytes", "中文消息 with emoji 😀", "&$#@~^@[{:http://x/y.png:}]&$~@#@"})
    void roundTrip(String text) {
        assertThat(TeamTalkText.decode(TeamTalkText.encode(text))).isEqualTo(text);
        assertThat(TeamTalkText.decode(TeamTalkText.encodeToByteString(text))).isEqualTo(text);
    }

    @Test
    void undecodableInputGivesNullOrTheRawText() {
        assertThat(TeamTalkText.decode(bytes("plain text, not base64!"))).isNull();
        assertThat(TeamTalkText.decode(bytes("aGVsbG8="))).as("base64 but not 16-byte blocks").isNull();
        assertThat(TeamTalkText.decode(new byte[0])).isNull();
        assertThat(TeamTalkText.decode((byte[]) null)).isNull();
        // 16 bytes whose decrypted length field is far too large
        assertThat(TeamTalkText.decode(bytes(Base64.getEncoder().encodeToString(new byte[16])))).isNull();

        assertThat(TeamTalkText.decodeOrRaw(bytes("plain text"))).isEqualTo("plain text");
        assertThat(TeamTalkText.decodeOrRaw(TeamTalkText.encode("secret"))).isEqualTo("secret");
    }

    private static byte[] rawDecrypt(byte[] cipherText) throws Exception {
        Cipher c = Cipher.getInstance("AES/ECB/NoPadding");
        c.init(Cipher.DECRYPT_MODE, new SecretKeySpec("12345678901234567890123456789012".getBytes(StandardCharsets.US_ASCII), "AES"));
        return c.doFinal(cipherText);
    }

    private static String ascii(byte[] b) {
        return new String(b, StandardCharsets.US_ASCII);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
