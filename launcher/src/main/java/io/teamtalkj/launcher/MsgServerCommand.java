package io.teamtalkj.launcher;

import io.teamtalkj.msgserver.MsgServer;
import io.teamtalkj.msgserver.MsgServerConfig;
import io.teamtalkj.net.TlsConfig;
import io.teamtalkj.pdu.PduDecoder;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import io.teamtalkj.net.ws.WebSocketOptions;
import picocli.CommandLine.Option;

/**
 * {@code teamtalk msg-server}: client connections, login, delivery and fan-out. Every option maps to
 * a {@link MsgServerConfig} field; {@code --config FILE} supplies defaults.
 */
@Command(name = "msg-server",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        defaultValueProvider = TierCommand.ConfigFileDefaults.class,
        description = {
            "Run a msg-server: TeamTalk clients connect here (TCP, 16-byte header + protobuf),",
            "log in through the dbproxy, and send and receive messages.",
        },
        footer = {
            "",
            "Lists of servers are HOST:PORT[,HOST:PORT...]; an empty list runs without that tier",
            "(no --login-servers: clients must be given this server's address; no --route-servers:",
            "only users on this msg-server reach each other online, the others see messages by pull;",
            "no --file-servers: file transfers are refused with result 2).",
            "Durations: 15s, 500ms, 5m (a bare number is seconds).",
            "Exit codes: 2 when the settings are wrong or the port cannot be bound.",
        })
final class MsgServerCommand extends ServerCommand<MsgServerConfig, MsgServer> {
    @Option(names = "--listen-host", paramLabel = "HOST", defaultValue = "0.0.0.0", order = 1,
            description = "Address of the client port (default: ${DEFAULT-VALUE}).")
    String listenHost;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8000", order = 2,
            description = "Client port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--ip1", paramLabel = "IP", defaultValue = "127.0.0.1", order = 3,
            description = "Address clients are told to connect to (login-server priorIP) (default: ${DEFAULT-VALUE}).")
    String ip1;

    @Option(names = "--ip2", paramLabel = "IP", defaultValue = "127.0.0.1", order = 4,
            description = "Second address for clients (login-server backupIP) (default: ${DEFAULT-VALUE}).")
    String ip2;

    @Option(names = "--advertised-port", paramLabel = "PORT", defaultValue = "0", order = 5,
            description = "Port clients are told to use; 0 = the bound port (default: ${DEFAULT-VALUE}).")
    int advertisedPort;

    @Option(names = "--host-name", paramLabel = "NAME", defaultValue = "msg-server", order = 6,
            description = "Name reported to login-servers and in logs (default: ${DEFAULT-VALUE}).")
    String hostName;

    @Option(names = "--max-connections", paramLabel = "N", defaultValue = "100000", order = 7,
            description = "Logins accepted before the server reports itself full (default: ${DEFAULT-VALUE}).")
    int maxConnections;

    @Option(names = "--dbproxies", paramLabel = "LIST", defaultValue = "127.0.0.1:10600", order = 8,
            description = "dbproxy-servers; a conversation always uses the same one (default: ${DEFAULT-VALUE}).")
    String dbProxies;

    @Option(names = "--login-servers", paramLabel = "LIST", defaultValue = "127.0.0.1:8100", order = 9,
            description = "login-servers' msg-server ports (default: ${DEFAULT-VALUE}).")
    String loginServers;

    @Option(names = "--route-servers", paramLabel = "LIST", defaultValue = "127.0.0.1:8200", order = 10,
            description = "route-servers (default: ${DEFAULT-VALUE}).")
    String routeServers;

    @Option(names = "--file-servers", paramLabel = "LIST", defaultValue = "127.0.0.1:8601", order = 10,
            description = "file-servers' msg-server ports; empty = file transfer refused (default: ${DEFAULT-VALUE}).")
    String fileServers;

    @Option(names = "--push-servers", paramLabel = "LIST", defaultValue = "", order = 10,
            description = "push-servers (HOST:PORT,...); recipients with no phone connected get a push through them; "
                    + "empty = no offline push (default: none).")
    String pushServers;

    @Option(names = "--dnd-push", paramLabel = "MODE", defaultValue = "quiet", order = 10,
            description = "Pushes to users in their do-not-disturb window (push shield on): quiet (no sound) or none "
                    + "(default: ${DEFAULT-VALUE}).")
    String dndPush;

    @Option(names = "--push-text-chars", paramLabel = "N", defaultValue = "100", order = 10,
            description = "Characters of the message text shown in a push, after \"nick: \" (default: ${DEFAULT-VALUE}).")
    int pushTextChars;

    @Option(names = "--control-host", paramLabel = "HOST", defaultValue = "127.0.0.1", order = 11,
            description = "Address of the gRPC control port (health) (default: ${DEFAULT-VALUE}).")
    String controlHost;

    @Option(names = "--control-port", paramLabel = "PORT", defaultValue = "8001", order = 12,
            description = "gRPC control port; -1 disables it (default: ${DEFAULT-VALUE}).")
    int controlPort;

    @Option(names = "--metrics-host", paramLabel = "HOST", defaultValue = "127.0.0.1", order = 12,
            description = "Address of the Prometheus metrics port (default: ${DEFAULT-VALUE}).")
    String metricsHost;

    @Option(names = "--metrics-port", paramLabel = "PORT", defaultValue = "8002", order = 12,
            description = "Prometheus GET /metrics, liveness /health, readiness /ready; -1 disables it (default: ${DEFAULT-VALUE}).")
    int metricsPort;

    @Option(names = "--message-rate-limit", paramLabel = "N", defaultValue = "20", order = 13,
            description = "Messages per second one connection may send; 0 = unlimited (default: ${DEFAULT-VALUE}).")
    int messageRateLimit;

    @Option(names = "--unauthenticated-timeout", paramLabel = "DURATION", defaultValue = "15s", order = 14,
            converter = DurationConverter.class,
            description = "Close a connection not logged in by then (default: ${DEFAULT-VALUE}).")
    Duration unauthenticatedTimeout;

    @Option(names = "--pc-idle-timeout", paramLabel = "DURATION", defaultValue = "120s", order = 15,
            converter = DurationConverter.class,
            description = "Close a PC connection silent this long (default: ${DEFAULT-VALUE}).")
    Duration pcIdleTimeout;

    @Option(names = "--mobile-idle-timeout", paramLabel = "DURATION", defaultValue = "300s", order = 16,
            converter = DurationConverter.class,
            description = "Close a mobile connection silent this long (default: ${DEFAULT-VALUE}).")
    Duration mobileIdleTimeout;

    @Option(names = "--kick-grace", paramLabel = "DURATION", defaultValue = "1s", order = 17,
            converter = DurationConverter.class,
            description = "A kicked connection is closed this long after IMKickUser (default: ${DEFAULT-VALUE}).")
    Duration kickGrace;

    @Option(names = "--drain-timeout", paramLabel = "DURATION", defaultValue = "10s", order = 17,
            converter = DurationConverter.class,
            description = "On SIGTERM, how long to wait for the messages already read from clients to be stored and "
                    + "acked before closing the connections; 0 closes at once (default: ${DEFAULT-VALUE}).")
    Duration drainTimeout;

    @Option(names = "--receiver-ack-timeout", paramLabel = "DURATION", defaultValue = "15s", order = 18,
            converter = DurationConverter.class,
            description = "A delivery not acked by the receiver by then is counted as unacked (default: ${DEFAULT-VALUE}).")
    Duration receiverAckTimeout;

    @Option(names = "--db-request-timeout", paramLabel = "DURATION", defaultValue = "10s", order = 19,
            converter = DurationConverter.class,
            description = "A dbproxy request unanswered by then fails (default: ${DEFAULT-VALUE}).")
    Duration dbRequestTimeout;

    @Option(names = "--io-threads", paramLabel = "N", defaultValue = "0", order = 20,
            description = "Event-loop threads; 0 = 2 x CPU cores (default: ${DEFAULT-VALUE}).")
    int ioThreads;

    @Option(names = "--max-frame-length", paramLabel = "BYTES", defaultValue = "" + PduDecoder.DEFAULT_MAX_FRAME_LENGTH,
            order = 21, description = "Largest PDU frame accepted (default: ${DEFAULT-VALUE}).")
    int maxFrameLength;

    @Option(names = "--slow-reader-grace", paramLabel = "DURATION", defaultValue = "2s", order = 22,
            converter = DurationConverter.class,
            description = "A client whose output stays above the 1 MiB high water mark this long is dropped; 0 = at once"
                    + " (default: ${DEFAULT-VALUE}).")
    Duration slowReaderGrace;

    @Option(names = "--max-queued-bytes", paramLabel = "BYTES", defaultValue = "4194304", order = 23,
            description = "Output a client connection may have queued even within the grace; past it the client is"
                    + " dropped (default: ${DEFAULT-VALUE}).")
    long maxQueuedBytes;

    @Option(names = "--tls-cert", paramLabel = "FILE", defaultValue = "", order = 24,
            description = "PEM certificate (chain) for TLS on the client port; with --tls-key, clients must speak TLS there."
                    + " Default: plain TCP, as TeamTalk's clients speak.")
    String tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE", defaultValue = "", order = 25,
            description = "PEM (PKCS#8) private key of --tls-cert.")
    String tlsKey;

    @Option(names = "--ws-port", paramLabel = "PORT", defaultValue = "auto", order = 26,
            description = "WebSocket port for the web chat (binary messages, one PDU each, path --ws-path): auto ="
                    + " client port + 3, -1 = off, 0 = a free port (default: ${DEFAULT-VALUE}). TLS as the client port.")
    String wsPort;

    @Option(names = "--ws-path", paramLabel = "PATH", defaultValue = WebSocketOptions.DEFAULT_PATH, order = 27,
            description = "WebSocket upgrade path (default: ${DEFAULT-VALUE}).")
    String wsPath;

    @Option(names = "--ws-origins", paramLabel = "LIST", defaultValue = "", order = 28,
            description = "Browser origins allowed to open the WebSocket, comma-separated (e.g."
                    + " https://chat.example.com); empty = any (default).")
    String wsOrigins;

    @Option(names = "--ws-compression", paramLabel = "BOOL", defaultValue = "false", order = 29, arity = "1",
            description = "permessage-deflate on the WebSocket (default: ${DEFAULT-VALUE}).")
    boolean wsCompression;

    @Option(names = "--ws-url", paramLabel = "URL", defaultValue = "", order = 29,
            description = "WebSocket URL the login-server hands to browsers (behind a proxy); empty = ws(s)://ip1:port/path.")
    String wsUrl;

    // no ${DEFAULT-VALUE}: --help must not print a secret taken from the environment or file
    @Option(names = "--session-token-secret", paramLabel = "SECRET", defaultValue = "", order = 30,
            description = "Signs resumable-login tokens; the same on every msg-server of the cluster, at least "
                    + MsgServerConfig.MIN_SECRET_CHARS + " characters; empty = no tokens, every login checks the "
                    + "password (default: $" + MsgServerCommand.TOKEN_SECRET_ENV + ", else empty).")
    String sessionTokenSecret;

    @Option(names = "--session-token-previous-secret", paramLabel = "SECRET", defaultValue = "", order = 31,
            description = "A retired secret whose tokens are still accepted during a rotation (default: none).")
    String sessionTokenPreviousSecret;

    @Option(names = "--session-token-lifetime", paramLabel = "DURATION", defaultValue = "10m", order = 32,
            converter = DurationConverter.class,
            description = "How long a session token is valid; refreshed in heartbeat echoes after half of it"
                    + " (default: ${DEFAULT-VALUE}).")
    Duration sessionTokenLifetime;

    static final String TOKEN_SECRET_ENV = "TEAMTALK_SESSION_TOKEN_SECRET";

    @Override
    String overrideDefault(picocli.CommandLine.Model.OptionSpec option) {
        if (option.longestName().equals("--session-token-secret")) {
            String env = System.getenv(TOKEN_SECRET_ENV);
            return env == null || env.isEmpty() ? null : env;
        }
        return null;
    }

    /** The settings the options describe. */
    @Override
    MsgServerConfig toConfig() {
        MsgServerConfig c = new MsgServerConfig();
        c.listenHost = listenHost;
        c.port = port;
        c.ip1 = ip1;
        c.ip2 = ip2;
        c.advertisedPort = advertisedPort;
        c.hostName = hostName;
        c.maxConnections = maxConnections;
        c.dbProxies = MsgServerConfig.addresses(dbProxies);
        c.loginServers = MsgServerConfig.addresses(loginServers);
        c.routeServers = MsgServerConfig.addresses(routeServers);
        c.fileServers = MsgServerConfig.addresses(fileServers);
        c.pushServers = MsgServerConfig.addresses(pushServers);
        c.pushTextChars = pushTextChars;
        c.quietPushInDnd = switch (dndPush.strip()) {
            case "quiet" -> true;
            case "none" -> false;
            default -> throw new IllegalArgumentException("--dnd-push must be quiet or none (got " + dndPush + ")");
        };
        c.controlHost = controlHost;
        c.controlPort = controlPort;
        c.metricsHost = metricsHost;
        c.metricsPort = metricsPort;
        c.messageRateLimit = messageRateLimit;
        c.unauthenticatedTimeout = unauthenticatedTimeout;
        c.pcIdleTimeout = pcIdleTimeout;
        c.mobileIdleTimeout = mobileIdleTimeout;
        c.kickGrace = kickGrace;
        c.drainTimeout = drainTimeout;
        c.receiverAckTimeout = receiverAckTimeout;
        c.dbRequestTimeout = dbRequestTimeout;
        c.ioThreads = ioThreads;
        c.maxFrameLength = maxFrameLength;
        c.slowReaderGrace = slowReaderGrace;
        c.maxQueuedBytes = maxQueuedBytes;
        c.clientTls = TlsConfig.of(pem("--tls-cert", tlsCert), pem("--tls-key", tlsKey), null);
        if (c.clientTls.enabled()) {
            c.clientTls.serverContext("the client port");
        }
        c.linkTls = linkTls(false);
        c.wsPort = "auto".equalsIgnoreCase(wsPort.strip()) ? MsgServerConfig.WS_PORT_AUTO : parsePort("--ws-port", wsPort);
        List<String> origins = new java.util.ArrayList<>();
        for (String o : wsOrigins.split(",")) {
            if (!o.isBlank()) {
                origins.add(o.strip());
            }
        }
        c.ws = new WebSocketOptions(wsPath, origins, wsCompression);
        c.advertisedWsUrl = wsUrl;
        c.sessionTokenSecret = sessionTokenSecret;
        c.sessionTokenPreviousSecret = sessionTokenPreviousSecret;
        c.sessionTokenLifetime = sessionTokenLifetime;
        return c.validate();
    }

    @Override
    MsgServer start(MsgServerConfig config) throws Exception {
        return MsgServer.start(config);
    }

    @Override
    String startFailure(MsgServerConfig config, Exception e) {
        return "cannot start on " + config.listenHost + ":" + config.port + ": " + describe(e);
    }

    @Override
    String started(MsgServerConfig config, MsgServer server) {
        return "teamtalk msg-server: clients on " + config.listenHost + ":" + server.port()
                + (config.clientTls.enabled() ? " (TLS)" : "") + (config.linkTls.enabled() ? "; links over TLS" : "")
                + "; WebSocket " + (server.wsPort() < 0 ? "off" : server.wsUrl())
                + "; dbproxy " + list(config.dbProxies) + ", login-servers " + list(config.loginServers)
                + ", route-servers " + list(config.routeServers) + ", file-servers " + list(config.fileServers) + ", push-servers " + list(config.pushServers)
                + "; control (gRPC) on "
                + (server.controlPort() < 0 ? "none" : config.controlHost + ":" + server.controlPort())
                + ", metrics on "
                + (server.metricsPort() < 0 ? "none" : "http://" + config.metricsHost + ":" + server.metricsPort() + "/metrics");
    }

    private static int parsePort(String option, String value) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a port, -1 or auto (got " + value + ")");
        }
    }

    private static String list(List<InetSocketAddress> addrs) {
        return addrs.isEmpty() ? "none" : addrs.stream().map(a -> a.getHostString() + ":" + a.getPort())
                .collect(Collectors.joining(","));
    }
}
