package io.teamtalkj.client;

import com.mogujie.tt.protobuf.IMBaseDefine.ClientType;
import com.mogujie.tt.protobuf.IMBaseDefine.UserStatType;
import io.netty.handler.ssl.SslContext;
import io.teamtalkj.net.TlsConfig;
import javax.net.ssl.SSLContext;
import io.teamtalkj.pdu.PduDecoder;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of one {@link TeamTalkClient}. Immutable; build with {@link #builder()}. Either a
 * login-server URL (discovery, as TeamTalk clients do) or a fixed msg-server address is required.
 */
public final class ClientConfig {
    private final String loginUrl;
    private final String msgServerHost;
    private final int msgServerPort;
    private final String user;
    private final String passwordMd5;
    private final ClientType clientType;
    private final UserStatType onlineStatus;
    private final String clientVersion;
    private final Duration requestTimeout;
    private final Duration heartbeat;
    private final boolean autoAck;
    private final boolean reconnect;
    private final boolean resumeLogin;
    private final Duration minBackoff;
    private final Duration maxBackoff;
    private final InetAddress localAddress;
    private final int maxFrameLength;
    private final boolean closeOnKick;
    private final boolean strictParsing;
    private final SslContext tls;
    private final SSLContext httpsTrust;
    private final String webSocketPath;
    private final String deviceId;

    private ClientConfig(Builder b) {
        this.webSocketPath = b.webSocketPath;
        this.deviceId = b.deviceId;
        this.loginUrl = b.loginUrl;
        this.msgServerHost = b.msgServerHost;
        this.msgServerPort = b.msgServerPort;
        this.user = b.user;
        this.passwordMd5 = b.passwordMd5;
        this.clientType = b.clientType;
        this.onlineStatus = b.onlineStatus;
        this.clientVersion = b.clientVersion;
        this.requestTimeout = b.requestTimeout;
        this.heartbeat = b.heartbeat;
        this.autoAck = b.autoAck;
        this.reconnect = b.reconnect;
        this.resumeLogin = b.resumeLogin;
        this.minBackoff = b.minBackoff;
        this.maxBackoff = b.maxBackoff;
        this.localAddress = b.localAddress;
        this.maxFrameLength = b.maxFrameLength;
        this.closeOnKick = b.closeOnKick;
        this.strictParsing = b.strictParsing;
        this.tls = b.tls;
        this.httpsTrust = b.httpsTrust;
    }

    /** IMLoginReq.tt_device_id, or null to send none (the msg-server then uses the client type). */
    public String deviceId() {
        return deviceId;
    }

    /** The WebSocket path when the client speaks WebSocket, else null (TCP). */
    public String webSocketPath() {
        return webSocketPath;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this configuration's values, e.g. to derive one per simulated user. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.loginUrl = loginUrl;
        b.msgServerHost = msgServerHost;
        b.msgServerPort = msgServerPort;
        b.user = user;
        b.passwordMd5 = passwordMd5;
        b.clientType = clientType;
        b.onlineStatus = onlineStatus;
        b.clientVersion = clientVersion;
        b.requestTimeout = requestTimeout;
        b.heartbeat = heartbeat;
        b.autoAck = autoAck;
        b.reconnect = reconnect;
        b.resumeLogin = resumeLogin;
        b.minBackoff = minBackoff;
        b.maxBackoff = maxBackoff;
        b.localAddress = localAddress;
        b.maxFrameLength = maxFrameLength;
        b.closeOnKick = closeOnKick;
        b.strictParsing = strictParsing;
        b.tls = tls;
        b.httpsTrust = httpsTrust;
        b.deviceId = deviceId;
        return b;
    }

    /** The login-server discovery URL, or null when a msg-server address is fixed. */
    public String loginUrl() {
        return loginUrl;
    }

    public String msgServerHost() {
        return msgServerHost;
    }

    public int msgServerPort() {
        return msgServerPort;
    }

    public String user() {
        return user;
    }

    /** What goes into IMLoginReq.password: lowercase hex MD5 of the plaintext. */
    public String passwordMd5() {
        return passwordMd5;
    }

    public ClientType clientType() {
        return clientType;
    }

    public UserStatType onlineStatus() {
        return onlineStatus;
    }

    public String clientVersion() {
        return clientVersion;
    }

    public Duration requestTimeout() {
        return requestTimeout;
    }

    /** Heartbeat interval; zero disables heartbeats and the dead-connection check. */
    public Duration heartbeat() {
        return heartbeat;
    }

    public boolean autoAck() {
        return autoAck;
    }

    public boolean reconnect() {
        return reconnect;
    }

    public boolean resumeLogin() {
        return resumeLogin;
    }

    public Duration minBackoff() {
        return minBackoff;
    }

    public Duration maxBackoff() {
        return maxBackoff;
    }

    /** Source address for the TCP connection, or null for the system's choice. */
    public InetAddress localAddress() {
        return localAddress;
    }

    public int maxFrameLength() {
        return maxFrameLength;
    }

    public boolean closeOnKick() {
        return closeOnKick;
    }

    public boolean strictParsing() {
        return strictParsing;
    }

    /** Trust for an https {@link #loginUrl()} (and TLS file-servers), or null for the JVM's default trust. */
    public SSLContext httpsTrust() {
        return httpsTrust;
    }

    /** TLS to the msg-server (a client context), or null for plain TCP. */
    public SslContext tls() {
        return tls;
    }

    @Override
    public String toString() {
        return "ClientConfig{" + (loginUrl != null ? "loginUrl=" + loginUrl : "msgServer=" + msgServerHost + ':' + msgServerPort)
                + ", user=" + user + ", clientType=" + clientType + ", heartbeat=" + heartbeat
                + ", reconnect=" + reconnect + (tls != null ? ", tls" : "") + '}';
    }

    /** Builder with the defaults of a Windows client: online, 10 s requests, 30 s heartbeat, auto-ack, reconnect. */
    public static final class Builder {
        private String loginUrl;
        private String msgServerHost;
        private int msgServerPort;
        private String user;
        private String passwordMd5;
        private ClientType clientType = ClientType.CLIENT_TYPE_WINDOWS;
        private UserStatType onlineStatus = UserStatType.USER_STATUS_ONLINE;
        private String clientVersion = "TeamTalk-J SDK 0.1";
        private Duration requestTimeout = Duration.ofSeconds(10);
        private Duration heartbeat = Duration.ofSeconds(30);
        private boolean autoAck = true;
        private boolean reconnect = true;
        private boolean resumeLogin = true;
        private Duration minBackoff = Duration.ofMillis(500);
        private Duration maxBackoff = Duration.ofSeconds(30);
        private InetAddress localAddress;
        private int maxFrameLength = PduDecoder.DEFAULT_MAX_FRAME_LENGTH;
        private boolean closeOnKick = true;
        private boolean strictParsing = true;
        private SslContext tls;
        private SSLContext httpsTrust;
        private String webSocketPath;
        private String deviceId;

        private Builder() {
        }

        /** This device's id, sent in IMLoginReq.tt_device_id: push tokens and push targeting are per device. */
        public Builder deviceId(String id) {
            this.deviceId = id;
            return this;
        }

        /**
         * Find the msg-server as TeamTalk clients do: HTTP GET this URL (e.g.
         * {@code http://127.0.0.1:8080/msg_server}) before every connection attempt. With a
         * {@link #msgServer} too, the first connect goes to that msg-server and only reconnects
         * ask this URL (the fixed server may be the one that went away).
         */
        public Builder loginUrl(String url) {
            this.loginUrl = url;
            return this;
        }

        /** Connect straight to this msg-server, skipping discovery (for reconnects too, unless a {@link #loginUrl} is given). */
        public Builder msgServer(String host, int port) {
            this.msgServerHost = host;
            this.msgServerPort = port;
            return this;
        }

        public Builder user(String name) {
            this.user = name;
            return this;
        }

        /** The plaintext password; only its MD5 hex is kept and sent. */
        public Builder password(String plaintext) {
            this.passwordMd5 = Md5.hex(Objects.requireNonNull(plaintext, "password"));
            return this;
        }

        /** The wire form directly (32 hex chars), for callers that hold no plaintext. */
        public Builder passwordMd5(String md5Hex) {
            this.passwordMd5 = md5Hex;
            return this;
        }

        public Builder clientType(ClientType type) {
            this.clientType = Objects.requireNonNull(type, "clientType");
            return this;
        }

        public Builder onlineStatus(UserStatType status) {
            this.onlineStatus = Objects.requireNonNull(status, "onlineStatus");
            return this;
        }

        public Builder clientVersion(String version) {
            this.clientVersion = version;
            return this;
        }

        /** Time limit of each request, of the login, of the TCP connect and of discovery. */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = Objects.requireNonNull(timeout, "requestTimeout");
            return this;
        }

        /**
         * Send a heartbeat after this long without writing; the connection counts as dead after
         * three intervals without receiving anything. {@link Duration#ZERO} turns both off.
         */
        public Builder heartbeat(Duration interval) {
            this.heartbeat = Objects.requireNonNull(interval, "heartbeat");
            return this;
        }

        /** Acknowledge every received IMMsgData with 0x0302, as TeamTalk clients do. */
        public Builder autoAck(boolean on) {
            this.autoAck = on;
            return this;
        }

        /** Reconnect and log in again when a logged-in connection is lost (not after kick/logout/close). */
        public Builder reconnect(boolean on) {
            this.reconnect = on;
            return this;
        }

        /**
         * Send the server's session token (IMLoginRes/IMHeartBeat {@code tt_session_token}) with the
         * password when logging in again, so a msg-server of the cluster can skip the password check
         * (default on; the password still goes along and is used if the token is not accepted).
         */
        public Builder resumeLogin(boolean on) {
            this.resumeLogin = on;
            return this;
        }

        /** Reconnect delays: start at {@code min}, double up to {@code max}, with jitter. */
        public Builder backoff(Duration min, Duration max) {
            this.minBackoff = Objects.requireNonNull(min, "min");
            this.maxBackoff = Objects.requireNonNull(max, "max");
            return this;
        }

        /** Bind the TCP connection to this source address (e.g. 127.0.0.x to spread many clients), or null. */
        public Builder localAddress(InetAddress address) {
            this.localAddress = address;
            return this;
        }

        /** Largest frame accepted from the server (default 400 KiB, Android's limit). */
        public Builder maxFrameLength(int bytes) {
            this.maxFrameLength = bytes;
            return this;
        }

        /**
         * Disconnect when kicked (0x0107), as TeamTalk clients do (default). Tests of the
         * server's own handling of kicked sessions can turn this off.
         */
        public Builder closeOnKick(boolean on) {
            this.closeOnKick = on;
            return this;
        }

        /**
         * Fail on server messages that lack required fields, as TeamTalk's own clients do
         * (default). False accepts such partial messages.
         */
        public Builder strictParsing(boolean on) {
            this.strictParsing = on;
            return this;
        }

        /**
         * Speak TLS to the msg-server (its {@code --tls-cert}), accepting a certificate signed by a
         * CA in this PEM bundle that names the host connected to; the same CA verifies an https
         * login URL (a login-server with {@code --tls-cert}). Null = plain TCP and the JVM's
         * default trust for https (the default). Build once and derive per-user configurations
         * with {@link ClientConfig#toBuilder()}: the https client is shared per trust.
         *
         * @throws IllegalArgumentException when the file cannot be read or holds no certificate
         */
        public Builder tlsTrust(Path caPem) {
            TlsConfig trust = caPem == null ? null : TlsConfig.of(null, null, new TlsConfig.Pem("tlsTrust", caPem));
            this.tls = trust == null ? null : trust.clientContext("the client");
            this.httpsTrust = trust == null ? null : trust.jdkClientContext("the client");
            return this;
        }

        /** Verify an https login URL with this context; null = the JVM's default trust store. */
        public Builder httpsTrust(SSLContext context) {
            this.httpsTrust = context;
            return this;
        }

        /** Speak TLS with this client context (e.g. one presenting a client certificate); null = plain TCP. */
        public Builder tls(SslContext context) {
            if (context != null && !context.isClient()) {
                throw new IllegalArgumentException("tls needs a client context");
            }
            this.tls = context;
            return this;
        }

        /**
         * Speak WebSocket instead of plain TCP (issue 19): one binary message per PDU, to
         * {@code ws://host:port/path}. Discovery then uses the login-server's {@code wsUrl}; a fixed
         * {@link #msgServer} port must be the msg-server's WebSocket port. Null = TCP (default).
         */
        public Builder webSocket(String path) {
            this.webSocketPath = path;
            return this;
        }

        public ClientConfig build() {
            if (user == null || user.isEmpty()) {
                throw new IllegalArgumentException("user is required");
            }
            if (passwordMd5 == null) {
                throw new IllegalArgumentException("password is required");
            }
            if (loginUrl == null && msgServerHost == null) {
                throw new IllegalArgumentException("either loginUrl or msgServer is required");
            }
            if ((loginUrl == null || msgServerHost != null) && (msgServerPort < 1 || msgServerPort > 65535)) {
                throw new IllegalArgumentException("msg-server port out of range: " + msgServerPort);
            }
            if (requestTimeout.isNegative() || requestTimeout.isZero()) {
                throw new IllegalArgumentException("requestTimeout must be positive");
            }
            if (heartbeat.isNegative()) {
                throw new IllegalArgumentException("heartbeat must not be negative");
            }
            if (minBackoff.toMillis() < 1 || maxBackoff.compareTo(minBackoff) < 0) {
                throw new IllegalArgumentException("backoff must satisfy 1 ms <= min <= max");
            }
            if (maxFrameLength < 16) {
                throw new IllegalArgumentException("maxFrameLength must be at least 16");
            }
            return new ClientConfig(this);
        }
    }
}
