package io.teamtalkj.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.teamtalkj.msgserver.MsgServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MsgServerCommandTest {
    private static TeamTalkCommandTest.Result run(String... args) {
        return TeamTalkCommandTest.run(args);
    }

    @Test
    void helpListsEveryOptionWithItsDefault() {
        TeamTalkCommandTest.Result r = run("msg-server", "--help");
        assertThat(r.code).isZero();
        String out = r.out.replaceAll("\\s+", " ");
        assertThat(out).contains("--port=PORT", "(default: 8000)", "--dbproxies=LIST", "(default: 127.0.0.1:10600)",
                "--login-servers=LIST", "(default: 127.0.0.1:8100)", "--route-servers=LIST", "(default: 127.0.0.1:8200)",
                "--file-servers=LIST", "(default: 127.0.0.1:8601)",
                "--message-rate-limit=N", "(default: 20)", "--pc-idle-timeout=DURATION", "(default: 120s)",
                "--mobile-idle-timeout=DURATION", "(default: 300s)", "--unauthenticated-timeout=DURATION", "(default: 15s)");
    }

    @Test
    void defaultsAreTheConfigDefaults() {
        MsgServerCommand cmd = new MsgServerCommand();
        new CommandLine(cmd).parseArgs();
        assertThat(cmd.toConfig()).usingRecursiveComparison().isEqualTo(new MsgServerConfig());
    }

    @Test
    void shippedConfHoldsEveryOptionWithItsDefault() throws Exception {
        Path conf = TeamTalkCommandTest.assertConfCoversEveryOption("msg-server.conf", new MsgServerCommand());
        MsgServerCommand parsed = new MsgServerCommand();
        new CommandLine(parsed).parseArgs("--config", conf.toString());
        assertThat(parsed.toConfig()).usingRecursiveComparison().isEqualTo(new MsgServerConfig());
    }

    @Test
    void configFileAndCommandLineAndDurations(@TempDir Path dir) throws Exception {
        Path conf = dir.resolve("m.conf");
        Files.writeString(conf, "port=9000\nroute-servers=\nfile-servers=\npc-idle-timeout=2m\nkick-grace=250ms\n"
                + "slow-reader-grace=500ms\nmax-queued-bytes=2097152\n");
        MsgServerCommand cmd = new MsgServerCommand();
        new CommandLine(cmd).parseArgs("--config", conf.toString(), "--port", "9001", "--dbproxies", "db1:1,db2:2");
        MsgServerConfig c = cmd.toConfig();
        assertThat(c.port).isEqualTo(9001);
        assertThat(c.routeServers).isEmpty();
        assertThat(c.fileServers).isEmpty();
        assertThat(c.pcIdleTimeout).isEqualTo(Duration.ofMinutes(2));
        assertThat(c.kickGrace).isEqualTo(Duration.ofMillis(250));
        assertThat(c.slowReaderGrace).isEqualTo(Duration.ofMillis(500));
        assertThat(c.maxQueuedBytes).isEqualTo(2 * 1024 * 1024);
        assertThat(c.dbProxies).extracting(a -> a.getHostString() + ":" + a.getPort()).containsExactly("db1:1", "db2:2");
    }

    @Test
    void webSocketOptions() {
        MsgServerCommand cmd = new MsgServerCommand();
        new CommandLine(cmd).parseArgs("--ws-port", "9103", "--ws-path", "/chat", "--ws-origins",
                "https://a.example, https://b.example", "--ws-compression", "true", "--ws-url", "wss://chat.example/ws");
        MsgServerConfig c = cmd.toConfig();
        assertThat(c.effectiveWsPort()).isEqualTo(9103);
        assertThat(c.ws.path()).isEqualTo("/chat");
        assertThat(c.ws.allowedOrigins()).containsExactly("https://a.example", "https://b.example");
        assertThat(c.ws.compression()).isTrue();
        assertThat(c.advertisedWsUrl).isEqualTo("wss://chat.example/ws");

        MsgServerCommand auto = new MsgServerCommand();
        new CommandLine(auto).parseArgs("--port", "9000");
        assertThat(auto.toConfig().effectiveWsPort()).as("auto: client port + 3").isEqualTo(9003);
        MsgServerCommand off = new MsgServerCommand();
        new CommandLine(off).parseArgs("--ws-port", "-1");
        assertThat(off.toConfig().effectiveWsPort()).isEqualTo(-1);
    }

    @Test
    void badSettingsExit2WithOneLine(@TempDir Path dir) throws Exception {
        TeamTalkCommandTest.Result badList = run("msg-server", "--dbproxies", "nohost", "--control-port", "-1");
        assertThat(badList.code).isEqualTo(TierCommand.EXIT_CANNOT_START);
        assertThat(badList.err.strip()).isEqualTo("teamtalk msg-server: expected HOST:PORT, got 'nohost'");

        TeamTalkCommandTest.Result badDuration = run("msg-server", "--pc-idle-timeout", "soon");
        assertThat(badDuration.code).isEqualTo(2);
        assertThat(badDuration.err).contains("'soon' is not a duration");

        Path conf = dir.resolve("typo.conf");
        Files.writeString(conf, "prot=1\n");
        TeamTalkCommandTest.Result typo = run("msg-server", "--config", conf.toString());
        assertThat(typo.code).isEqualTo(2);
        assertThat(typo.err).contains("unknown key prot");
    }
}
