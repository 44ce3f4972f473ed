package io.teamtalkj.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SignatureTest {
    @Test
    void stringToSignIsMethodPathTimestampAndBodyHash() {
        assertThat(Signature.stringToSign("POST", "/v1/messages?x=1", "1700000000", "{}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("POST\n/v1/messages?x=1\n1700000000\n"
                        + "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a");
        // an empty body hashes to SHA-256 of nothing
        assertThat(Signature.stringToSign("GET", "/v1/stats", "1", new byte[0]))
                .endsWith("\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void keyIsTheHexSha256OfTheSecretAndSignatureTheHexHmac() {
        // key = "2bb80d53..." = hex(SHA-256("secret")); HMAC-SHA256(key, "GET\n/\n1\n<hash of empty>")
        String viaSecret = Signature.signWithSecret("secret", "GET", "/", "1", new byte[0]);
        String viaKey = Signature.sign(Signature.sha256Hex("secret".getBytes(StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.US_ASCII), Signature.stringToSign("GET", "/", "1", new byte[0]));
        assertThat(viaSecret).isEqualTo(viaKey).hasSize(64).matches("[0-9a-f]+");
        assertThat(Signature.signWithSecret("secret", "GET", "/", "2", new byte[0])).isNotEqualTo(viaSecret);
        assertThat(Signature.signWithSecret("other", "GET", "/", "1", new byte[0])).isNotEqualTo(viaSecret);
    }

    @Test
    void matchesIgnoresHexCaseAndRejectsOtherValues() {
        String s = Signature.signWithSecret("secret", "GET", "/", "1", new byte[0]);
        assertThat(Signature.matches(s, s.toUpperCase())).isTrue();
        assertThat(Signature.matches(s, s.substring(1) + "0")).isFalse();
        assertThat(Signature.matches(s, null)).isFalse();
        assertThat(Signature.matches(s, "")).isFalse();
    }
}
