package io.teamtalkj.launcher;

import static io.teamtalkj.launcher.TeamTalkCommandTest.parse;
import static io.teamtalkj.launcher.TeamTalkCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.teamtalkj.dbproxy.DbProxyConfig;
import io.teamtalkj.file.FileServerConfig;
import io.teamtalkj.launcher.TeamTalkCommandTest.Result;
import io.teamtalkj.login.LoginServerConfig;
import io.teamtalkj.msgserver.MsgServerConfig;
import io.teamtalkj.testing.TestCerts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The TLS options of the tier commands: PEM files from the command line or a conf file, wrong ones refused in one line. */
@Timeout(120)
class TlsOptionsTest {
    @TempDir
    static Path dir;
    static TestCerts.Authority ca;
    static TestCerts.Identity id;

    @BeforeAll
    static void certificates() throws Exception {
        ca = TestCerts.authority(dir, "ca");
        id = ca.issue("tier");
    }

    @Test
    void defaultsArePlain() {
        MsgServerConfig c = parse(new MsgServerCommand()).toConfig();
        assertThat(c.clientTls.enabled()).isFalse();
        assertThat(c.linkTls.enabled()).isFalse();
        assertThat(parse(new DbProxyCommand()).toConfig().linkTls.enabled()).isFalse();
    }

    @Test
    void msgServerTakesClientAndLinkFilesFromTheCommandLine() {
        MsgServerConfig c = parse(new MsgServerCommand(), "--tls-cert", id.cert().toString(), "--tls-key", id.key().toString(),
                "--link-tls-ca", ca.ca().toString()).toConfig();
        assertThat(c.clientTls.hasIdentity()).isTrue();
        assertThat(c.linkTls.hasCa()).isTrue();
        assertThat(c.linkTls.hasIdentity()).isFalse();
    }

    @Test
    void loginAndFileServersTakeTheirClientFilesFromTheCommandLineOrTheConfFile() throws Exception {
        assertThat(parse(new LoginServerCommand()).toConfig().clientTls.enabled()).isFalse();
        assertThat(parse(new FileServerCommand()).toConfig().clientTls.enabled()).isFalse();
        LoginServerConfig login = parse(new LoginServerCommand(), "--tls-cert", id.cert().toString(),
                "--tls-key", id.key().toString()).toConfig();
        assertThat(login.clientTls.hasIdentity()).isTrue();
        assertThat(login.linkTls.enabled()).isFalse();
        Path conf = Files.writeString(dir.resolve("file-server.conf"), "tls-cert=" + id.cert() + "\ntls-key=" + id.key() + "\n",
                StandardCharsets.UTF_8);
        FileServerConfig files = parse(new FileServerCommand(), "--config", conf.toString()).toConfig();
        assertThat(files.clientTls.hasIdentity()).isTrue();
        assertThatThrownBy(() -> parse(new LoginServerCommand(), "--tls-cert", id.cert().toString()).toConfig())
                .hasMessageStartingWith("--tls-cert is set but its key is not");
    }

    @Test
    void dbproxyTakesLinkFilesFromTheConfFile() throws Exception {
        Path conf = Files.writeString(dir.resolve("dbproxy.conf"), "link-tls-cert=" + id.cert() + "\nlink-tls-key=" + id.key()
                + "\nlink-tls-ca=" + ca.ca() + "\n", StandardCharsets.UTF_8);
        DbProxyConfig c = parse(new DbProxyCommand(), "--config", conf.toString()).toConfig();
        assertThat(c.linkTls.hasIdentity()).isTrue();
        assertThat(c.linkTls.hasCa()).isTrue();
    }

    @Test
    void aMissingFileInTheConfFileNamesKeyConfFileAndPem() throws Exception {
        Path missing = dir.resolve("missing.pem");
        Path conf = Files.writeString(dir.resolve("route.conf"), "link-tls-cert=" + missing + "\nlink-tls-key=" + id.key() + "\n",
                StandardCharsets.UTF_8);
        Result r = run("route-server", "--config", conf.toString(), "--port", "0", "--control-port", "-1", "--metrics-port", "-1");
        assertThat(r.code).isEqualTo(2);
        assertThat(r.err.strip()).isEqualTo("teamtalk route-server: --link-tls-cert (key 'link-tls-cert' in " + conf + ") "
                + missing + ": no such file");
    }

    @Test
    void startLinesSayWhetherLinksAreTls() {
        assertThat(ServerCommand.linkTlsNote(io.teamtalkj.net.TlsConfig.NONE)).isEmpty();
        DbProxyConfig c = parse(new DbProxyCommand(), "--link-tls-cert", id.cert().toString(), "--link-tls-key",
                id.key().toString(), "--link-tls-ca", ca.ca().toString()).toConfig();
        assertThat(ServerCommand.linkTlsNote(c.linkTls)).isEqualTo("; links TLS (mutual)");
    }

    @Test
    void eachRoleNeedsItsFiles() {
        // a msg-server connects: it needs a CA to verify the tiers it links to
        assertThatThrownBy(() -> parse(new MsgServerCommand(), "--link-tls-cert", id.cert().toString(),
                "--link-tls-key", id.key().toString()).toConfig())
                .hasMessageStartingWith("--link-tls-cert is set but no CA file");
        // a dbproxy listens: it needs its certificate and key
        assertThatThrownBy(() -> parse(new DbProxyCommand(), "--link-tls-ca", ca.ca().toString()).toConfig())
                .hasMessageStartingWith("--link-tls-ca is set but no certificate and key");
        assertThatThrownBy(() -> parse(new MsgServerCommand(), "--tls-key", id.key().toString()).toConfig())
                .hasMessageStartingWith("--tls-key is set but its cert is not");
    }
}
