package io.teamtalkj.net;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;

/**
 * The PEM files of one TLS endpoint: its certificate chain and private key (its identity), and a
 * CA bundle it trusts. Files are read and checked once, at start, so a wrong path, a file that is
 * not PEM or a key that does not match its certificate stops the tier with one line naming the
 * option and the file, not a handshake failure later.
 *
 * <p>The same three files serve both ends: a listener needs the identity and, with a CA, demands
 * client certificates signed by it (mutual TLS); a connecting end needs the CA to verify the
 * server (and its host name) and, with an identity, presents it as a client certificate. The JDK
 * provider is used (no native library).
 */
public final class TlsConfig {
    /** No TLS: plain TCP. */
    public static final TlsConfig NONE = new TlsConfig(null, null, null, null, null, null);

    private static final Pattern PEM_BLOCK =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*?)-----END \\1-----");

    /** A PEM file and the option (conf key) that named it, so an error can say what to fix. */
    public record Pem(String option, Path file) {
        /** Null when {@code file} is null or blank (the option is not set). */
        public static Pem of(String option, String file) {
            return file == null || file.isBlank() ? null : new Pem(option, Path.of(file.strip()));
        }

        @Override
        public String toString() {
            return option + " " + file;
        }
    }

    private final Pem cert;
    private final Pem ca;
    private final X509Certificate[] chain;
    private final PrivateKey key;
    private final X509Certificate[] trusted;
    private final Pem keyPem;

    private TlsConfig(Pem cert, Pem keyPem, Pem ca, X509Certificate[] chain, PrivateKey key, X509Certificate[] trusted) {
        this.cert = cert;
        this.keyPem = keyPem;
        this.ca = ca;
        this.chain = chain;
        this.key = key;
        this.trusted = trusted;
    }

    /**
     * Reads and checks the files; any may be null (not set), but a certificate needs its key and
     * the other way round.
     *
     * @throws IllegalArgumentException one line naming the option and file that is wrong
     */
    public static TlsConfig of(Pem cert, Pem key, Pem ca) {
        if (cert == null && key == null && ca == null) {
            return NONE;
        }
        if ((cert == null) != (key == null)) {
            Pem given = cert != null ? cert : key;
            String missing = cert != null ? "key" : "cert";
            throw new IllegalArgumentException(given.option() + " is set but its " + missing
                    + " is not: a TLS identity needs both a certificate and a private key");
        }
        X509Certificate[] chain = cert == null ? null : certificates(cert);
        PrivateKey privateKey = key == null ? null : privateKey(key);
        if (chain != null) {
            requireMatch(cert, key, chain[0], privateKey);
        }
        X509Certificate[] trusted = ca == null ? null : certificates(ca);
        return new TlsConfig(cert, key, ca, chain, privateKey, trusted);
    }

    /** Whether any file is set. */
    public boolean enabled() {
        return chain != null || trusted != null;
    }

    /** Whether a certificate and key are set. */
    public boolean hasIdentity() {
        return chain != null;
    }

    /** Whether a CA bundle is set. */
    public boolean hasCa() {
        return trusted != null;
    }

    /**
     * The context of a TLS listener: our certificate; with a CA bundle, clients must present a
     * certificate it signed (mutual TLS).
     *
     * @param what what listens, for the error ("--tls-cert and --tls-key are needed for ...")
     */
    public SslContext serverContext(String what) {
        if (chain == null) {
            throw new IllegalArgumentException(ca.option() + " is set but no certificate and key: " + what
                    + " needs them to accept TLS");
        }
        SslContextBuilder b = SslContextBuilder.forServer(key, chain).sslProvider(SslProvider.JDK);
        if (trusted != null) {
            b.trustManager(trusted).clientAuth(ClientAuth.REQUIRE);
        }
        return build(b, cert);
    }

    /**
     * The context of a connecting end: the server must present a certificate the CA bundle signed,
     * naming the host we connect to; with a certificate and key, we present them (mutual TLS).
     */
    public SslContext clientContext(String what) {
        if (trusted == null) {
            throw new IllegalArgumentException(cert.option() + " is set but no CA file: " + what
                    + " verifies the servers it connects to against a CA, so one is needed");
        }
        SslContextBuilder b = SslContextBuilder.forClient().sslProvider(SslProvider.JDK).trustManager(trusted);
        if (chain != null) {
            b.keyManager(key, chain);
        }
        return build(b, ca);
    }

    /** The CA bundle as a JDK trust manager factory (for clients that are not Netty pipelines, e.g. Redisson). */
    public TrustManagerFactory trustManagerFactory() {
        try {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            for (int i = 0; i < trusted.length; i++) {
                ks.setCertificateEntry("ca-" + i, trusted[i]);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            return tmf;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException(ca + ": cannot be used as a trust store: " + e.getMessage(), e);
        }
    }

    /**
     * A JDK client context trusting the CA bundle (and presenting the identity, if set), for
     * clients that are not Netty pipelines: {@code java.net.http.HttpClient}, blocking sockets.
     */
    public SSLContext jdkClientContext(String what) {
        if (trusted == null) {
            throw new IllegalArgumentException(cert.option() + " is set but no CA file: " + what
                    + " verifies the servers it connects to against a CA, so one is needed");
        }
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            KeyManagerFactory kmf = keyManagerFactory();
            context.init(kmf == null ? null : kmf.getKeyManagers(), trustManagerFactory().getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(ca + ": cannot build a TLS context: " + e.getMessage(), e);
        }
    }

    /** The identity as a JDK key manager factory, or null when none is set. */
    public KeyManagerFactory keyManagerFactory() {
        if (chain == null) {
            return null;
        }
        try {
            char[] none = new char[0];
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            ks.setKeyEntry("identity", key, none, chain);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, none);
            return kmf;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException(cert + ": cannot be used as a key store: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        if (!enabled()) {
            return "plain";
        }
        return "TLS" + (cert != null ? " cert " + cert.file() : "") + (ca != null ? " ca " + ca.file() : "");
    }

    private static SslContext build(SslContextBuilder b, Pem blame) {
        try {
            return b.build();
        } catch (SSLException | RuntimeException e) {
            throw new IllegalArgumentException(blame + ": cannot build a TLS context: " + e.getMessage(), e);
        }
    }

    private static String read(Pem pem) {
        try {
            return Files.readString(pem.file(), StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(pem + ": no such file");
        } catch (AccessDeniedException e) {
            throw new IllegalArgumentException(pem + ": permission denied");
        } catch (IOException e) {
            throw new IllegalArgumentException(pem + ": cannot read: " + e.getMessage());
        }
    }

    private static X509Certificate[] certificates(Pem pem) {
        String text = read(pem);
        if (!text.contains("-----BEGIN CERTIFICATE-----")) {
            throw new IllegalArgumentException(pem + ": no PEM certificate in the file (\"-----BEGIN CERTIFICATE-----\" expected)");
        }
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            List<? extends Certificate> certs = List.copyOf(cf.generateCertificates(
                    new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII))));
            X509Certificate[] out = new X509Certificate[certs.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = (X509Certificate) certs.get(i);
                out[i].checkValidity();
            }
            return out;
        } catch (CertificateException e) {
            throw new IllegalArgumentException(pem + ": bad or expired certificate: " + e.getMessage());
        }
    }

    private static PrivateKey privateKey(Pem pem) {
        Matcher m = PEM_BLOCK.matcher(read(pem));
        while (m.find()) {
            String type = m.group(1);
            if (type.equals("PRIVATE KEY")) {
                byte[] der = Base64.getMimeDecoder().decode(m.group(2));
                for (String alg : List.of("RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS")) {
                    try {
                        return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
                    } catch (GeneralSecurityException wrongAlgorithm) {
                        // try the next
                    }
                }
                throw new IllegalArgumentException(pem + ": PKCS#8 private key of an unsupported algorithm (RSA, EC and Ed25519 work)");
            }
            if (type.endsWith("PRIVATE KEY")) {
                throw new IllegalArgumentException(pem + ": \"" + type + "\" keys are not read; convert to unencrypted PKCS#8 with "
                        + "'openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY8' (\"-----BEGIN PRIVATE KEY-----\")");
            }
        }
        throw new IllegalArgumentException(pem + ": no PEM private key in the file (\"-----BEGIN PRIVATE KEY-----\" expected)");
    }

    /** A key of another certificate would only fail at the first handshake; say so at start instead. */
    private static void requireMatch(Pem certPem, Pem keyPem, X509Certificate cert, PrivateKey key) {
        String alg = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> null;
        };
        if (alg == null) {
            return;
        }
        byte[] probe = "teamtalk-j tls key check".getBytes(StandardCharsets.US_ASCII);
        boolean ok;
        try {
            Signature sign = Signature.getInstance(alg);
            sign.initSign(key);
            sign.update(probe);
            byte[] sig = sign.sign();
            Signature verify = Signature.getInstance(alg);
            verify.initVerify(cert.getPublicKey());
            verify.update(probe);
            ok = verify.verify(sig);
        } catch (GeneralSecurityException e) {
            ok = false;
        }
        if (!ok) {
            throw new IllegalArgumentException(keyPem + ": the private key does not belong to the certificate in " + certPem);
        }
    }
}
