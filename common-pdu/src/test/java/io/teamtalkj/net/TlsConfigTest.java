package io.teamtalkj.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.teamtalkj.testing.TestCerts;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Start-time checks of the PEM files: one line naming the option and the file. */
@Timeout(120)
class TlsConfigTest {
    @TempDir
    static Path dir;
    static TestCerts.Authority ca;
    static TestCerts.Identity a;
    static TestCerts.Identity b;

    @BeforeAll
    static void certificates() throws Exception {
        ca = TestCerts.authority(dir, "ca");
        a = ca.issue("a");
        b = ca.issue("b");
    }

    private static TlsConfig.Pem pem(String option, Path file) {
        return new TlsConfig.Pem(option, file);
    }

    @Test
    void nothingSetIsPlain() {
        assertThat(TlsConfig.of(null, null, null)).isSameAs(TlsConfig.NONE);
        assertThat(TlsConfig.NONE.enabled()).isFalse();
        assertThat(TlsConfig.Pem.of("--tls-cert", " ")).isNull();
    }

    @Test
    void validFilesBuildServerAndClientContexts() {
        TlsConfig t = TlsConfig.of(pem("--tls-cert", a.cert()), pem("--tls-key", a.key()), pem("--tls-ca", ca.ca()));
        assertThat(t.hasIdentity()).isTrue();
        assertThat(t.hasCa()).isTrue();
        assertThat(t.serverContext("x").isServer()).isTrue();
        assertThat(t.clientContext("x").isClient()).isTrue();
        assertThat(t.trustManagerFactory().getTrustManagers()).isNotEmpty();
        assertThat(t.keyManagerFactory().getKeyManagers()).isNotEmpty();
    }

    @Test
    void missingFileNamesOptionAndFile() {
        Path missing = dir.resolve("nope.pem");
        assertThatThrownBy(() -> TlsConfig.of(pem("--tls-cert", missing), pem("--tls-key", a.key()), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--tls-cert " + missing + ": no such file");
    }

    @Test
    void notPemIsRefused() throws Exception {
        Path junk = Files.writeString(dir.resolve("junk.pem"), "hello\n");
        assertThatThrownBy(() -> TlsConfig.of(null, null, pem("--link-tls-ca", junk)))
                .hasMessageStartingWith("--link-tls-ca " + junk + ": no PEM certificate in the file");
        assertThatThrownBy(() -> TlsConfig.of(pem("--tls-cert", a.cert()), pem("--tls-key", junk), null))
                .hasMessageStartingWith("--tls-key " + junk + ": no PEM private key in the file");
    }

    @Test
    void pkcs1KeyGetsAConversionHint() throws Exception {
        Path rsa = Files.writeString(dir.resolve("rsa.key"), "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
        assertThatThrownBy(() -> TlsConfig.of(pem("--tls-cert", a.cert()), pem("--tls-key", rsa), null))
                .hasMessageContaining("--tls-key " + rsa).hasMessageContaining("openssl pkcs8 -topk8 -nocrypt");
    }

    @Test
    void keyOfAnotherCertificateIsRefusedAtStart() {
        assertThatThrownBy(() -> TlsConfig.of(pem("--tls-cert", a.cert()), pem("--tls-key", b.key()), null))
                .hasMessage("--tls-key " + b.key() + ": the private key does not belong to the certificate in --tls-cert "
                        + a.cert());
    }

    @Test
    void certWithoutKeyAndMissingCaAreNamed() {
        assertThatThrownBy(() -> TlsConfig.of(pem("--tls-cert", a.cert()), null, null))
                .hasMessageStartingWith("--tls-cert is set but its key is not");
        TlsConfig identityOnly = TlsConfig.of(pem("--link-tls-cert", a.cert()), pem("--link-tls-key", a.key()), null);
        assertThatThrownBy(() -> identityOnly.clientContext("a msg-server"))
                .hasMessageStartingWith("--link-tls-cert is set but no CA file");
        TlsConfig caOnly = TlsConfig.of(null, null, pem("--link-tls-ca", ca.ca()));
        assertThatThrownBy(() -> caOnly.serverContext("the dbproxy"))
                .hasMessageStartingWith("--link-tls-ca is set but no certificate and key");
    }
}
