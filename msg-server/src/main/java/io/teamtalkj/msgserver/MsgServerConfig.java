package io.teamtalkj.msgserver;

import io.teamtalkj.net.ws.WebSocketOptions;
import io.teamtalkj.net.PduServer;
import io.teamtalkj.net.TlsConfig;
import io.teamtalkj.pdu.PduDecoder;
import io.teamtalkj.net.HostPort;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Settings of one msg-server; TeamTalk's values are the defaults. */
public final class MsgServerConfig {
    /** A shorter session token secret is refused: it could be guessed offline from one token. */
    public static final int MIN_SECRET_CHARS = 16;

    /** Address the client port binds. */
    public String listenHost = "0.0.0.0";
    /** Client port (TeamTalk 8000); 0 picks a free one. */
    public int port = 8000;
    /** Addresses clients are told to use (login-server's priorIP / backupIP). */
    public String ip1 = "127.0.0.1";
    public String ip2 = "127.0.0.1";
    /** Port advertised to the login-server; 0 means the bound port. */
    public int advertisedPort = 0;
    public String hostName = "msg-server";
    /**
     * WebSocket port for browsers (issue 19): {@link #WS_PORT_AUTO} = client port + 3 (a free one
     * when the client port is 0), -1 disables it, 0 picks a free one. Same PDUs, limits and TLS
     * as the client port.
     */
    public int wsPort = WS_PORT_AUTO;
    public static final int WS_PORT_AUTO = -2;
    /** WebSocket path, allowed browser origins (empty = any) and permessage-deflate (off). */
    public WebSocketOptions ws = WebSocketOptions.DEFAULT;
    /**
     * The WebSocket URL the login-server hands out (discovery's {@code wsUrl}); empty = built from
     * ip1, the bound WebSocket port and the path (wss when the client port has TLS).
     */
    public String advertisedWsUrl = "";
    /** Connections the login-server may send here (TeamTalk MaxConnCnt). */
    public int maxConnections = 100_000;

    public List<InetSocketAddress> dbProxies = new ArrayList<>(List.of(InetSocketAddress.createUnresolved("127.0.0.1", 10600)));
    public List<InetSocketAddress> loginServers = new ArrayList<>(List.of(InetSocketAddress.createUnresolved("127.0.0.1", 8100)));
    public List<InetSocketAddress> routeServers = new ArrayList<>(List.of(InetSocketAddress.createUnresolved("127.0.0.1", 8200)));
    /** File-servers' msg-server ports (TeamTalk FileServerIP/Port); empty = file transfer refused. */
    public List<InetSocketAddress> fileServers = new ArrayList<>(List.of(InetSocketAddress.createUnresolved("127.0.0.1", 8601)));
    /** push-servers (TeamTalk PushServerIP/Port); empty = no offline push. */
    public List<InetSocketAddress> pushServers = new ArrayList<>();
    /** Characters of the message text in a push alert, after "nick: " (longer text is cut with "…"). */
    public int pushTextChars = 100;
    /**
     * Pushes to users inside their do-not-disturb window (push shield on, per-user window and zone):
     * true = without sound and alert text shown quietly (the badge still counts), false = none at all.
     */
    public boolean quietPushInDnd = true;

    /** gRPC control port (health); -1 disables it. */
    public String controlHost = "127.0.0.1";
    public int controlPort = 8001;
    /** Prometheus {@code GET /metrics}; -1 disables it. */
    public String metricsHost = "127.0.0.1";
    public int metricsPort = 8002;

    public int maxFrameLength = PduDecoder.DEFAULT_MAX_FRAME_LENGTH;
    public Duration unauthenticatedTimeout = Duration.ofSeconds(15);
    public Duration pcIdleTimeout = Duration.ofSeconds(120);
    public Duration mobileIdleTimeout = Duration.ofSeconds(300);
    /** How long a kicked connection may still read its IMKickUser before we close it. */
    public Duration kickGrace = Duration.ofSeconds(1);
    /**
     * On stop, how long to wait for the requests already read from clients (messages being stored)
     * to be answered before the connections close; 0 closes at once.
     */
    public Duration drainTimeout = Duration.ofSeconds(10);
    /** Messages per second a connection may send (TeamTalk: 20); 0 = unlimited. */
    public int messageRateLimit = 20;
    /** Delivered messages without a receiver ack after this are counted as unacked. */
    public Duration receiverAckTimeout = Duration.ofSeconds(15);
    /** A dbproxy request without an answer after this fails. */
    public Duration dbRequestTimeout = Duration.ofSeconds(10);
    /**
     * A connection whose output stays above the write-buffer high water mark
     * ({@code PduServer.WATER_MARK}) this long is a slow reader and is dropped; 0 = at once.
     */
    public Duration slowReaderGrace = Duration.ofSeconds(2);
    /** Output bytes a connection may have queued even within the grace; past it, dropped at once. */
    public long maxQueuedBytes = 4L * 1024 * 1024;
    /** Event-loop threads for client connections; 0 = Netty's default (2 x cores). */
    public int ioThreads = 0;
    /** Server-to-server link heartbeat and timeout (TeamTalk 5 s / 30 s). */
    public Duration linkHeartbeat = Duration.ofSeconds(5);
    public Duration linkTimeout = Duration.ofSeconds(30);
    /** TLS on the client port (certificate and key); NONE = plain TCP, as TeamTalk clients speak. */
    public TlsConfig clientTls = TlsConfig.NONE;
    /** TLS on the links to the other tiers (CA to verify them, optional client certificate); NONE = plain. */
    public TlsConfig linkTls = TlsConfig.NONE;
    /**
     * Signs resumable-login tokens (IMLoginRes.tt_session_token); the same on every msg-server of a
     * cluster. Empty = no tokens are issued or accepted (every login checks the password).
     */
    public String sessionTokenSecret = "";
    /** A retired secret whose tokens are still accepted (not issued) while a rotation settles; empty = none. */
    public String sessionTokenPreviousSecret = "";
    /** How long a session token stays valid; refreshed in heartbeat echoes after half of it. */
    public Duration sessionTokenLifetime = Duration.ofMinutes(10);

    public MsgServerConfig validate() {
        require(port >= 0 && port <= 65535, "port must be 0..65535");
        require(wsPort >= WS_PORT_AUTO && wsPort <= 65535, "WebSocket port must be 0..65535, -1 (off) or auto");
        require(port == 0 || wsPort != WS_PORT_AUTO || port + 3 <= 65535, "client port + 3 is not a port: set the WebSocket port");
        require(pushTextChars > 0, "push text chars must be > 0");
        require(advertisedPort >= 0 && advertisedPort <= 65535, "advertised port must be 0..65535");
        require(controlPort >= -1 && controlPort <= 65535, "control port must be -1..65535");
        require(metricsPort >= -1 && metricsPort <= 65535, "metrics port must be -1..65535");
        require(maxConnections > 0, "max connections must be > 0");
        require(!dbProxies.isEmpty(), "at least one dbproxy address is needed");
        require(maxFrameLength >= 1024, "max frame length must be >= 1024");
        require(messageRateLimit >= 0, "message rate limit must be >= 0");
        require(ioThreads >= 0, "io threads must be >= 0");
        for (Duration d : List.of(unauthenticatedTimeout, pcIdleTimeout, mobileIdleTimeout, receiverAckTimeout,
                dbRequestTimeout, linkHeartbeat, linkTimeout)) {
            require(!d.isNegative() && !d.isZero(), "timeouts must be positive");
        }
        require(!kickGrace.isNegative(), "kick grace must be >= 0");
        require(!drainTimeout.isNegative(), "drain timeout must be >= 0");
        require(!slowReaderGrace.isNegative(), "slow reader grace must be >= 0");
        require(maxQueuedBytes > PduServer.WATER_MARK.high(),
                "max queued bytes must be above the write-buffer high water mark (" + PduServer.WATER_MARK.high() + ")");
        require(sessionTokenSecret.isEmpty() || sessionTokenSecret.length() >= MIN_SECRET_CHARS,
                "session token secret must be at least " + MIN_SECRET_CHARS + " characters (or empty to disable tokens)");
        require(sessionTokenPreviousSecret.isEmpty() || !sessionTokenSecret.isEmpty(),
                "a previous session token secret needs a current one");
        require(sessionTokenLifetime.compareTo(Duration.ofSeconds(10)) >= 0
                && sessionTokenLifetime.compareTo(Duration.ofDays(1)) <= 0, "session token lifetime must be 10s..1d");
        require(linkTimeout.compareTo(linkHeartbeat) > 0, "link timeout must be longer than the link heartbeat");
        return this;
    }

    /** The WebSocket port to bind, or -1 when WebSocket is off. */
    public int effectiveWsPort() {
        if (wsPort != WS_PORT_AUTO) {
            return wsPort;
        }
        return port == 0 ? 0 : port + 3;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /** Parses "host:port,host:port" (empty = none). */
    public static List<InetSocketAddress> addresses(String list) {
        List<InetSocketAddress> out = new ArrayList<>();
        for (HostPort a : HostPort.parseList(list)) {
            out.add(a.toSocketAddress());
        }
        return out;
    }
}
