package io.teamtalkj.launcher;

import ch.qos.logback.classic.Level;
import com.mogujie.tt.protobuf.IMBaseDefine.ClientType;
import io.teamtalkj.net.HostPort;
import io.teamtalkj.client.ClientConfig;
import io.teamtalkj.launcher.chat.ChatSession;
import io.teamtalkj.launcher.cluster.ClusterLayout;
import java.io.Console;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** {@code teamtalk chat}: a line-oriented terminal chat client on the client SDK. */
@Command(name = "chat",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "A terminal chat client. Logs in through the login-server (as TeamTalk's",
            "clients do) or straight to a msg-server; then /to NAME and type. /help",
            "inside lists the commands. Reads lines from stdin, so it also works piped.",
        },
        footer = {
            "",
            "The password comes from --password, else TEAMTALK_PASSWORD, else it is",
            "asked for without echo.",
            "Exit codes: 0 after /quit or end of input; 1 when kicked or disconnected",
            "for good; 2 when the login is refused, the servers cannot be reached, or",
            "the options are wrong.",
        })
final class ChatCommand implements Callable<Integer> {
    static final String DEFAULT_LOGIN = "http://127.0.0.1:8080/msg_server";
    static final String PASSWORD_ENV = "TEAMTALK_PASSWORD";
    static final int EXIT_USAGE = ChatSession.EXIT_CANNOT_LOGIN;

    @CommandLine.Spec
    CommandSpec spec;

    @Option(names = "--login", paramLabel = "URL", order = 1,
            description = {"The login-server's discovery URL", "(default: " + DEFAULT_LOGIN + ")."})
    String login;

    @Option(names = "--server", paramLabel = "HOST:PORT", order = 2,
            description = "Connect straight to this msg-server instead of asking the login-server.")
    String server;

    @Option(names = "--cluster", paramLabel = "DIR", order = 2,
            description = {"Log in to the `teamtalk cluster` running on this data directory: its login URL from",
                "DIR/" + ClusterLayout.FILE_NAME + " (unless --login or --server is given)."})
    Path cluster;

    @Option(names = {"-u", "--user"}, paramLabel = "NAME", required = true, order = 3,
            description = "Login name.")
    String user;

    @Option(names = {"-p", "--password"}, paramLabel = "PASSWORD", order = 4,
            description = "Password (visible to other local users in the process list: prefer the prompt or "
                    + PASSWORD_ENV + ").")
    String password;

    @Option(names = "--client-type", paramLabel = "TYPE", defaultValue = "pc", order = 5,
            description = "pc (a Windows client) or mobile (an Android client); also windows, mac, ios, android. "
                    + "A second login of the same kind kicks the first (default: ${DEFAULT-VALUE}).")
    String clientType;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10s", converter = DurationConverter.class, order = 6,
            description = "Time limit of the login and of each request (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    /** The environment (tests replace it). */
    UnaryOperator<String> env = System::getenv;

    @Override
    public Integer call() {
        ClientConfig cfg;
        try {
            cfg = toConfig();
        } catch (IllegalArgumentException e) {
            return fail(e.getMessage());
        }
        if (cfg == null) {
            return fail("no password: give --password, set " + PASSWORD_ENV + ", or run on a terminal to be asked");
        }
        quietLogging();
        // UTF-8 whatever the locale says: names and messages are often not ASCII
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        return new ChatSession(cfg, System.in, out, spec.commandLine().getErr(), System.console() != null).run();
    }

    /** The client settings, or null when no password was given and none can be asked for. */
    ClientConfig toConfig() {
        ClientConfig.Builder b = ClientConfig.builder()
                .user(user)
                .clientType(clientType(clientType))
                .clientVersion("teamtalk chat")
                .requestTimeout(positive(timeout));
        if (server != null) {
            if (login != null) {
                throw new IllegalArgumentException("give either --login or --server, not both");
            }
            hostPort(b, server);
        } else {
            b.loginUrl(loginUrl(login != null ? login
                    : cluster != null ? ClusterLayout.readRunning(cluster).loginUrl() : DEFAULT_LOGIN));
        }
        String pw = password != null ? password : env.apply(PASSWORD_ENV);
        if (pw == null) {
            Console console = System.console();
            if (console == null) {
                return null;
            }
            char[] typed = console.readPassword("Password for %s: ", user);
            if (typed == null) {
                return null;
            }
            pw = new String(typed);
        }
        return b.password(pw).build();
    }

    static ClientType clientType(String name) {
        return switch (name.strip().toLowerCase(Locale.ROOT)) {
            case "pc", "windows" -> ClientType.CLIENT_TYPE_WINDOWS;
            case "mac" -> ClientType.CLIENT_TYPE_MAC;
            case "mobile", "android" -> ClientType.CLIENT_TYPE_ANDROID;
            case "ios" -> ClientType.CLIENT_TYPE_IOS;
            default -> throw new IllegalArgumentException("--client-type must be pc or mobile (or windows, mac, ios, android); got "
                    + name);
        };
    }

    private static Duration positive(Duration d) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("--timeout must be positive");
        }
        return d;
    }

    /** HOST:PORT, with [v6]:PORT for IPv6 literals. */
    static void hostPort(ClientConfig.Builder b, String value) {
        HostPort a;
        try {
            a = HostPort.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--server must be HOST:PORT, e.g. 127.0.0.1:8000 (got " + value + ")");
        }
        b.msgServer(a.host(), a.port());
    }

    /** An http(s) URL; a bare http://host:port gets TeamTalk's /msg_server path. */
    static String loginUrl(String value) {
        URI uri;
        try {
            uri = new URI(value.strip());
        } catch (URISyntaxException e) {
            uri = null;
        }
        if (uri == null || uri.getHost() == null
                || !("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))) {
            throw new IllegalArgumentException("--login must be an http:// URL such as " + DEFAULT_LOGIN + " (got " + value + ")");
        }
        String path = uri.getRawPath();
        if (path == null || path.isEmpty() || path.equals("/")) {
            return uri.getScheme() + "://" + uri.getRawAuthority() + "/msg_server";
        }
        return uri.toString();
    }

    /** Log lines would run into the conversation: only errors, unless TEAMTALK_LOG_LEVEL asks for more. */
    private void quietLogging() {
        if (env.apply("TEAMTALK_LOG_LEVEL") != null) {
            return;
        }
        if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(Level.ERROR);
        }
    }

    private int fail(String message) {
        spec.commandLine().getErr().println("teamtalk chat: " + message);
        spec.commandLine().getErr().flush();
        return EXIT_USAGE;
    }
}
