package io.teamtalkj.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Throwaway PEM certificates for TLS tests, made with the JDK's own {@code keytool} (always there
 * where the tests run; no BouncyCastle, no openssl): a CA, and certificates it signs for
 * 127.0.0.1/localhost. EC P-256 keys, so generation is quick.
 */
public final class TestCerts {
    private static final String PASS = "changeit";

    private TestCerts() {
    }

    /** A PEM certificate and its PKCS#8 PEM private key. */
    public record Identity(Path cert, Path key) {
    }

    /** A certificate authority in {@code dir}; {@link #ca()} is its PEM certificate. */
    public static final class Authority {
        private final Path dir;
        private final String name;
        private final Path store;
        private final Path ca;

        private Authority(Path dir, String name) {
            this.dir = dir;
            this.name = name;
            this.store = dir.resolve(name + ".p12");
            this.ca = dir.resolve(name + ".pem");
        }

        public Path ca() {
            return ca;
        }

        /** A certificate for 127.0.0.1 and localhost, signed by this CA (usable by servers and clients). */
        public Identity issue(String leaf) throws IOException, InterruptedException {
            Path leafStore = dir.resolve(leaf + ".p12");
            Path csr = dir.resolve(leaf + ".csr");
            Path cert = dir.resolve(leaf + ".pem");
            genKeyPair(leafStore, leaf, "CN=" + leaf);
            keytool("-certreq", "-alias", leaf, "-keystore", leafStore.toString(), "-storepass", PASS, "-file", csr.toString());
            keytool("-gencert", "-alias", name, "-keystore", store.toString(), "-storepass", PASS, "-infile", csr.toString(),
                    "-outfile", cert.toString(), "-rfc", "-validity", "2",
                    "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-ext", "EKU=serverAuth,clientAuth");
            Path key = dir.resolve(leaf + ".key");
            writePrivateKey(leafStore, leaf, key);
            return new Identity(cert, key);
        }
    }

    /** A new CA named {@code name}, files in {@code dir}. */
    public static Authority authority(Path dir, String name) throws IOException, InterruptedException {
        Authority a = new Authority(dir, name);
        genKeyPair(a.store, name, "CN=" + name, "-ext", "bc:c");
        keytool("-exportcert", "-rfc", "-alias", name, "-keystore", a.store.toString(), "-storepass", PASS,
                "-file", a.ca.toString());
        return a;
    }

    private static void genKeyPair(Path store, String alias, String dname, String... extra)
            throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", dname, "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", PASS, "-keypass", PASS));
        args.addAll(List.of(extra));
        keytool(args.toArray(String[]::new));
    }

    private static void writePrivateKey(Path store, String alias, Path out) throws IOException {
        try (InputStream in = Files.newInputStream(store)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, PASS.toCharArray());
            Key key = ks.getKey(alias, PASS.toCharArray());
            String pem = "-----BEGIN PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
                    + "\n-----END PRIVATE KEY-----\n";
            Files.writeString(out, pem, StandardCharsets.US_ASCII);
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException("cannot read the key of " + alias + " from " + store, e);
        }
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] output = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("keytool " + String.join(" ", args) + " failed: " + new String(output, StandardCharsets.UTF_8));
        }
    }
}
