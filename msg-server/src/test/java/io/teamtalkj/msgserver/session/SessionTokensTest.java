package io.teamtalkj.msgserver.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.teamtalkj.msgserver.session.SessionTokens.Check;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Session tokens: round trip, tampering, expiry, other keys, name binding, rotation. */
class SessionTokensTest {
    private static final String SECRET = "0123456789abcdef-cluster-one";
    private static final long NOW = 1_780_000_000_000L;
    private final SessionTokens tokens = SessionTokens.of(SECRET, "", Duration.ofMinutes(10));

    @Test
    void aFreshTokenVerifiesForItsUserAndName() {
        byte[] t = tokens.issue(42, "alice", NOW);
        assertThat(t).hasSize(SessionTokens.LENGTH);
        SessionTokens.Verified v = tokens.verify(t, "alice", NOW + 1_000);
        assertThat(v.check()).isEqualTo(Check.OK);
        assertThat(v.userId()).isEqualTo(42);
    }

    @Test
    void everyFlippedBitIsRefused() {
        byte[] t = tokens.issue(42, "alice", NOW);
        for (int i = 0; i < t.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] bad = t.clone();
                bad[i] ^= (byte) (1 << bit);
                assertThat(tokens.verify(bad, "alice", NOW).ok()).as("byte " + i + " bit " + bit).isFalse();
            }
        }
    }

    @Test
    void anotherUserIdWithTheSameSignatureIsRefused() {
        byte[] t = tokens.issue(42, "alice", NOW);
        t[8] = 43; // the low byte of the user id
        assertThat(tokens.verify(t, "alice", NOW).check()).isEqualTo(Check.BAD_SIGNATURE);
    }

    @Test
    void aTokenOnlyWorksWithTheNameItWasIssuedFor() {
        byte[] t = tokens.issue(42, "alice", NOW);
        assertThat(tokens.verify(t, "bob", NOW).check()).isEqualTo(Check.BAD_SIGNATURE);
        assertThat(tokens.verify(t, "alice ", NOW).check()).isEqualTo(Check.BAD_SIGNATURE);
    }

    @Test
    void expiresAfterItsLifetime() {
        byte[] t = tokens.issue(42, "alice", NOW);
        assertThat(tokens.verify(t, "alice", NOW + Duration.ofMinutes(10).toMillis()).check()).isEqualTo(Check.OK);
        assertThat(tokens.verify(t, "alice", NOW + Duration.ofMinutes(10).toMillis() + 1_000).check())
                .isEqualTo(Check.EXPIRED);
    }

    @Test
    void aTokenOfAnotherSecretIsAnUnknownKey() {
        SessionTokens other = SessionTokens.of("another-cluster-secret-xyz", "", Duration.ofMinutes(10));
        byte[] t = other.issue(42, "alice", NOW);
        assertThat(tokens.verify(t, "alice", NOW).check()).isEqualTo(Check.UNKNOWN_KEY);
    }

    @Test
    void aForgedKeyIdWithoutTheSecretIsABadSignature() {
        SessionTokens other = SessionTokens.of("another-cluster-secret-xyz", "", Duration.ofMinutes(10));
        byte[] forged = other.issue(42, "alice", NOW);
        byte[] real = tokens.issue(1, "x", NOW);
        System.arraycopy(real, 1, forged, 1, 4); // our key id, their MAC
        assertThat(tokens.verify(forged, "alice", NOW).check()).isEqualTo(Check.BAD_SIGNATURE);
    }

    @Test
    void aRotationAcceptsThePreviousSecretsTokensAndIssuesWithTheNewOne() {
        SessionTokens old = SessionTokens.of("the-old-secret-0123456789", "", Duration.ofMinutes(10));
        SessionTokens rotated = SessionTokens.of(SECRET, "the-old-secret-0123456789", Duration.ofMinutes(10));
        assertThat(rotated.verify(old.issue(7, "bob", NOW), "bob", NOW).check()).isEqualTo(Check.OK);
        byte[] fresh = rotated.issue(7, "bob", NOW);
        assertThat(tokens.verify(fresh, "bob", NOW).check()).as("signed with the current secret").isEqualTo(Check.OK);
        assertThat(old.verify(fresh, "bob", NOW).check()).isEqualTo(Check.UNKNOWN_KEY);
    }

    @Test
    void malformedInputIsRefusedNotThrown() {
        assertThat(tokens.verify(null, "alice", NOW).check()).isEqualTo(Check.MALFORMED);
        assertThat(tokens.verify(new byte[0], "alice", NOW).check()).isEqualTo(Check.MALFORMED);
        byte[] t = tokens.issue(42, "alice", NOW);
        assertThat(tokens.verify(java.util.Arrays.copyOf(t, t.length - 1), "alice", NOW).check()).isEqualTo(Check.MALFORMED);
        t[0] = 2;
        assertThat(tokens.verify(t, "alice", NOW).check()).isEqualTo(Check.MALFORMED);
    }

    @Test
    void withoutASecretNothingIsIssuedOrAccepted() {
        SessionTokens off = SessionTokens.of("", "", Duration.ofMinutes(10));
        assertThat(off.enabled()).isFalse();
        assertThat(off.verify(tokens.issue(42, "alice", NOW), "alice", NOW).check()).isEqualTo(Check.DISABLED);
        assertThatThrownBy(() -> off.issue(42, "alice", NOW)).isInstanceOf(IllegalStateException.class);
    }
}
