package io.teamtalkj.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class LoginServerConfigTest {
    private static LoginServerConfig with(Consumer<LoginServerConfig> change) {
        LoginServerConfig c = new LoginServerConfig();
        change.accept(c);
        return c;
    }

    @Test
    void defaultsAreTeamTalksAndValid() {
        LoginServerConfig c = new LoginServerConfig();
        c.validate();
        assertThat(c.listenHost).isEqualTo("0.0.0.0");
        assertThat(c.httpPort).isEqualTo(8080);
        assertThat(c.msgServerPort).isEqualTo(8100);
        assertThat(c.legacyClientPort).isEqualTo(8008);
        assertThat(c.msfsPrior).isEqualTo("http://127.0.0.1:8700/");
        assertThat(c.msfsBackup).isEqualTo("http://127.0.0.1:8700/");
        assertThat(c.discovery).isEqualTo("http://127.0.0.1/api/discovery");
        assertThat(c.linkHeartbeat).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.linkTimeout).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.httpIdleTimeout).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.controlPort).isEqualTo(-1);
        assertThat(c.controlHost).isEqualTo("127.0.0.1");
    }

    @Test
    void legacyPortMinusOneDisablesButOtherNegativesAreRefused() {
        with(c -> c.legacyClientPort = -1).validate();
        assertThatThrownBy(() -> with(c -> c.legacyClientPort = -2).validate()).hasMessageContaining("--legacy-port");
        assertThatThrownBy(() -> with(c -> c.httpPort = -1).validate()).hasMessageContaining("--http-port");
        assertThatThrownBy(() -> with(c -> c.msgServerPort = 70000).validate()).hasMessageContaining("--msg-server-port");
        with(c -> c.controlPort = 0).validate();
        assertThatThrownBy(() -> with(c -> c.controlPort = -3).validate()).hasMessageContaining("--control-port");
    }

    @Test
    void urlsMustBeHttpWithoutSpaces() {
        assertThatThrownBy(() -> with(c -> c.msfsPrior = "ftp://x/").validate()).hasMessageContaining("--msfs-prior");
        assertThatThrownBy(() -> with(c -> c.msfsBackup = "").validate()).hasMessageContaining("--msfs-backup");
        assertThatThrownBy(() -> with(c -> c.discovery = "http://a b/").validate()).hasMessageContaining("--discovery");
        with(c -> c.discovery = "https://example.com/api/discovery").validate();
    }

    @Test
    void frameLimitAndTimingsAreChecked() {
        assertThatThrownBy(() -> with(c -> c.maxFrameLength = 15).validate()).hasMessageContaining("--max-frame-length");
        assertThatThrownBy(() -> with(c -> c.linkTimeout = Duration.ofSeconds(5)).validate())
                .hasMessageContaining("link timeout");
        assertThatThrownBy(() -> with(c -> c.httpIdleTimeout = Duration.ZERO).validate())
                .hasMessageContaining("HTTP idle timeout");
    }
}
