package io.teamtalkj.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SignatureTest {
    private static final String NONCE = "n0nce-0123456789ab";

    @Test
    void stringToSignIsMethodPathTimestampNonceAndBodyHash() {
        assertThat(Signature.stringToSign("POST", "/v1/messages?x=1", "1700000000", NONCE,
                "{}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("POST\n/v1/messages?x=1\n1700000000\n" + NONCE + "\n"
                        + "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a");
        // an empty body hashes to SHA-256 of nothing
        assertThat(Signature.stringToSign("GET", "/v1/stats", "1", NONCE, new byte[0]))
                .endsWith("\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void signatureMatchesAnIndependentHmacOfTheReadmeRecipe() {
        // computed with Python's hmac/hashlib from the README's recipe: key = hex(SHA-256("secret"))
        assertThat(Signature.signWithSecret("secret", "POST", "/v1/messages?x=1", "1700000000", NONCE,
                "{}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("01ec81163742f9e505e16d5ddcfd98105661c8c984da1703f07e78d1ab794928");
    }

    @Test
    void keyIsTheHexSha256OfTheSecretAndSignatureTheHexHmac() {
        String viaSecret = Signature.signWithSecret("secret", "GET", "/", "1", NONCE, new byte[0]);
        String viaKey = Signature.sign(Signature.sha256Hex("secret".getBytes(StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.US_ASCII), Signature.stringToSign("GET", "/", "1", NONCE, new byte[0]));
        assertThat(viaSecret).isEqualTo(viaKey).hasSize(64).matches("[0-9a-f]+");
        assertThat(Signature.signWithSecret("secret", "GET", "/", "2", NONCE, new byte[0])).isNotEqualTo(viaSecret);
        assertThat(Signature.signWithSecret("secret", "GET", "/", "1", NONCE + "x", new byte[0])).as("nonce is signed")
                .isNotEqualTo(viaSecret);
        assertThat(Signature.signWithSecret("other", "GET", "/", "1", NONCE, new byte[0])).isNotEqualTo(viaSecret);
    }

    @Test
    void newNoncesHaveTheAcceptedFormatAndDiffer() {
        String a = Signature.newNonce();
        assertThat(a).matches(Signature.NONCE_FORMAT.pattern());
        assertThat(Signature.newNonce()).isNotEqualTo(a);
    }

    @Test
    void matchesIgnoresHexCaseAndRejectsOtherValues() {
        String s = Signature.signWithSecret("secret", "GET", "/", "1", NONCE, new byte[0]);
        assertThat(Signature.matches(s, s.toUpperCase())).isTrue();
        assertThat(Signature.matches(s, s.substring(1) + "0")).isFalse();
        assertThat(Signature.matches(s, null)).isFalse();
        assertThat(Signature.matches(s, "")).isFalse();
    }
}
