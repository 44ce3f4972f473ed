package io.teamtalkj.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mogujie.tt.protobuf.IMBaseDefine.ClientType;
import io.teamtalkj.client.ClientConfig;
import io.teamtalkj.launcher.cluster.ClusterLayout;
import io.teamtalkj.testing.Ports;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ChatCommandTest {
    private record Result(int code, String out, String err) {
    }

    /** Runs {@code teamtalk chat ...} with the given environment instead of the real one. */
    private static Result chat(Map<String, String> env, String... args) {
        ChatCommand cmd = new ChatCommand();
        cmd.env = env::get;
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(cmd);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    private static ClientConfig parse(Map<String, String> env, String... args) {
        ChatCommand cmd = new ChatCommand();
        cmd.env = env::get;
        new CommandLine(cmd).parseArgs(args);
        return cmd.toConfig();
    }

    private static String md5Of(String password) {
        return ClientConfig.builder().user("x").password(password).loginUrl("http://x/").build().passwordMd5();
    }

    @Test
    void helpListsTheOptionsAndTheDefaultLoginUrl() {
        Result r = chat(Map.of(), "--help");
        assertThat(r.code).isZero();
        assertThat(r.out.replaceAll("\\s+", " ")).contains("--login=URL", "--server=HOST:PORT", "--user=NAME",
                "--password=PASSWORD", "--client-type=TYPE", "--timeout=DURATION", "http://127.0.0.1:8080/msg_server",
                "TEAMTALK_PASSWORD", "(default: pc)");
    }

    @Test
    void defaultsAreThePcClientThroughTheLocalLoginServer() {
        ClientConfig c = parse(Map.of(), "--user", "alice", "--password", "pw");
        assertThat(c.loginUrl()).isEqualTo(ChatCommand.DEFAULT_LOGIN);
        assertThat(c.user()).isEqualTo("alice");
        assertThat(c.clientType()).isEqualTo(ClientType.CLIENT_TYPE_WINDOWS);
        assertThat(c.requestTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.passwordMd5()).isEqualTo(md5Of("pw"));
    }

    @Test
    void serverClientTypeTimeoutAndPasswordFromTheEnvironment() {
        ClientConfig c = parse(Map.of("TEAMTALK_PASSWORD", "from-env"), "-u", "bob", "--server", "10.0.0.5:8000",
                "--client-type", "mobile", "--timeout", "3s");
        assertThat(c.loginUrl()).isNull();
        assertThat(c.msgServerHost()).isEqualTo("10.0.0.5");
        assertThat(c.msgServerPort()).isEqualTo(8000);
        assertThat(c.clientType()).isEqualTo(ClientType.CLIENT_TYPE_ANDROID);
        assertThat(c.requestTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(c.passwordMd5()).isEqualTo(md5Of("from-env"));
        // --password wins over the environment
        assertThat(parse(Map.of("TEAMTALK_PASSWORD", "from-env"), "-u", "bob", "-p", "typed").passwordMd5())
                .isEqualTo(md5Of("typed"));
        assertThat(parse(Map.of(), "-u", "bob", "-p", "x", "--server", "[::1]:8000").msgServerHost()).isEqualTo("::1");
    }

    @Test
    void aBareLoginServerAddressGetsTheDiscoveryPath() {
        assertThat(ChatCommand.loginUrl("http://10.0.0.1:8080")).isEqualTo("http://10.0.0.1:8080/msg_server");
        assertThat(ChatCommand.loginUrl("http://10.0.0.1:8080/")).isEqualTo("http://10.0.0.1:8080/msg_server");
        assertThat(ChatCommand.loginUrl("https://im.example/msg_server")).isEqualTo("https://im.example/msg_server");
        assertThatThrownBy(() -> ChatCommand.loginUrl("10.0.0.1:8080")).hasMessageContaining("--login must be an http:// URL");
        assertThat(ChatCommand.clientType("Mac")).isEqualTo(ClientType.CLIENT_TYPE_MAC);
        assertThat(ChatCommand.clientType("ios")).isEqualTo(ClientType.CLIENT_TYPE_IOS);
    }

    @Test
    void wrongOptionsSaySoInOneLineAndExit2() {
        Result both = chat(Map.of(), "-u", "a", "-p", "b", "--login", "http://x:1/msg_server", "--server", "x:1");
        assertThat(both.code).isEqualTo(2);
        assertThat(both.err.strip()).isEqualTo("teamtalk chat: give either --login or --server, not both");

        Result badServer = chat(Map.of(), "-u", "a", "-p", "b", "--server", "nohost");
        assertThat(badServer.code).isEqualTo(2);
        assertThat(badServer.err.strip()).isEqualTo("teamtalk chat: --server must be HOST:PORT, e.g. 127.0.0.1:8000 (got nohost)");

        Result badType = chat(Map.of(), "-u", "a", "-p", "b", "--client-type", "fridge");
        assertThat(badType.code).isEqualTo(2);
        assertThat(badType.err.strip()).startsWith("teamtalk chat: --client-type must be pc or mobile");

        Result noUser = chat(Map.of(), "-p", "b");
        assertThat(noUser.code).isEqualTo(2);
        assertThat(noUser.err).contains("--user");

        // no --password, no TEAMTALK_PASSWORD, and no terminal to ask on (tests have none)
        Result noPassword = chat(Map.of(), "-u", "a");
        assertThat(noPassword.code).isEqualTo(2);
        assertThat(noPassword.err.strip()).startsWith("teamtalk chat: no password");
    }

    @Test
    void anUnreachableLoginServerExits2WithTheReason() throws Exception {
        try (Socket refusing = Ports.refusing()) {
            int port = refusing.getLocalPort();
            Result r = chat(Map.of(), "-u", "a", "-p", "b", "--login", "http://127.0.0.1:" + port + "/msg_server", "--timeout", "5s");
            assertThat(r.code).isEqualTo(2);
            assertThat(r.err.strip().lines()).singleElement().asString()
                    .isEqualTo("teamtalk chat: cannot reach the login-server at http://127.0.0.1:" + port + "/msg_server "
                            + "(connection refused); is it running? --login URL or --server HOST:PORT says where to connect");
        }
    }

    @Test
    void theClusterOptionTakesTheLoginUrlFromTheClustersLayoutUnlessOneIsGiven(@TempDir Path dir) throws Exception {
        ClusterLayout layout = new ClusterLayout(ProcessHandle.current().pid(), "http://127.0.0.1:41234/msg_server",
                List.of("127.0.0.1:41235"), List.of("127.0.0.1:41236"), List.of(), "127.0.0.1:41237", Map.of());
        layout.write(dir);

        assertThat(parse(Map.of(), "-u", "alice", "-p", "pw", "--cluster", dir.toString()).loginUrl())
                .isEqualTo("http://127.0.0.1:41234/msg_server");
        assertThat(parse(Map.of(), "-u", "alice", "-p", "pw", "--cluster", dir.toString(), "--login", "http://10.0.0.1:8080")
                .loginUrl()).isEqualTo("http://10.0.0.1:8080/msg_server");
        assertThat(parse(Map.of(), "-u", "alice", "-p", "pw", "--cluster", dir.toString(), "--server", "10.0.0.5:8000")
                .msgServerPort()).isEqualTo(8000);
    }

    @Test
    void aClusterWithoutALayoutFileIsAOneLineErrorNamingTheFile(@TempDir Path dir) {
        Result r = chat(Map.of(), "-u", "alice", "-p", "pw", "--cluster", dir.toString());
        assertThat(r.code).isEqualTo(2);
        assertThat(r.err).isEqualTo("teamtalk chat: " + ClusterLayout.file(dir) + " does not exist: is `teamtalk cluster --data-dir "
                + dir + "` running?" + System.lineSeparator());
    }
}
