package io.teamtalkj.loadtest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/** What a {@link LoadTest} run does. Public fields with defaults; {@link #validate()} before use. */
public final class LoadTestOptions {
    /** The scenarios of `teamtalk loadtest --scenario`. */
    public enum Scenario {
        /** Pairs of users, one sending to the other; some pairs on the same msg-server, some across. */
        P2P,
        /** Groups of {@code groupSize}; every member sends to the group (fan-out k-1). */
        GROUP,
        /** Connect and log in {@code clients} users at {@code loginRate}; measures the login path. */
        LOGIN_STORM,
        /** Hold {@code clients} authenticated connections; heap per connection from the msg-servers. */
        IDLE,
        /** p2p pairs, groups and idle connections at once (40% / 40% / 20% of the clients). */
        MIXED;

        public static Scenario parse(String s) {
            return valueOf(s.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        }

        public String cliName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public Scenario scenario = Scenario.P2P;

    /** How clients reach the msg-servers (issue 19): TCP, WebSocket, or every other client on WebSocket. */
    public enum Transport {
        TCP, WS, MIXED;

        public static Transport parse(String s) {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        }
    }

    /** WebSocket clients find their msg-server's {@code wsUrl} through {@link #loginUrl}. */
    public Transport transport = Transport.TCP;

    /** Login-server discovery URL (http://host:8080/msg_server); used when {@link #msgServers} is empty. */
    public String loginUrl;
    /** Connect straight to these msg-servers (host:port), clients spread round-robin; empty = discovery. */
    public List<String> msgServers = new ArrayList<>();
    /** TLS to the msg-servers (a client context, e.g. from {@code --tls-ca}); null = plain TCP. */
    public io.netty.handler.ssl.SslContext tls;
    /** Route-servers' gRPC control ports (host:port) for RouteStats. */
    public List<String> routeControls = new ArrayList<>();
    /** msg-servers' gRPC control ports (host:port) for MsgServerStats (heap, counters). */
    public List<String> msgControls = new ArrayList<>();
    /** dbproxy control port (host:port) with the DbAdmin service; needed for {@link #createUsers}. */
    public String admin;

    /** Create missing users {@code userPrefix + i} through DbAdmin before the run. */
    public boolean createUsers;
    public String userPrefix = "lt";
    public String password = "loadtest";

    /** Simulated clients (one connection and one user each). */
    public int clients = 100;
    /** p2p: share of pairs whose two users sit on different msg-servers (0..1). */
    public double crossFraction = 0.5;
    public int groupSize = 10;

    /** Messages per second over all senders; 0 = as fast as acks allow ({@link #window} in flight per sender). */
    public double rate;
    public int window = 4;
    /**
     * Bounds of the traffic phase, whichever comes first; {@link #validate()} sets a 10 s duration
     * when neither is given. idle: how long to hold; login-storm: stop starting logins after it.
     */
    public Duration duration;
    public long messages;
    /** Traffic before the measured part: latencies and rates start after it (the accounting covers it too). */
    public Duration warmup = Duration.ZERO;
    /** Text length of each message (the marker plus padding). */
    public int messageSize = 64;

    /** Logins per second while connecting (0 = as fast as {@link #loginConcurrency} allows). */
    public double loginRate;
    public int loginConcurrency = 64;
    /** Spread client connections over 127.0.0.1 .. 127.0.0.N as source addresses (0 = the system's choice). */
    public int sourceAddresses = 16;
    /** Event-loop threads of the simulated clients. */
    public int ioThreads = 2;
    public Duration requestTimeout = Duration.ofSeconds(30);
    /**
     * Clients whose connection drops log in again (to the same msg-server, or through the
     * login-server with --login), as real apps do; senders carry on after it.
     */
    public boolean reconnect = true;
    /**
     * Send the cluster's session token when logging in again (resumable login: no password check
     * on the msg-server a client re-homes to); false = the password every time.
     */
    public boolean sessionToken = true;
    /**
     * Stop one msg-server (the SIGTERM drain, over its control port: {@link #msgControls}) this long
     * after every client logged in, and report how fast its clients log in again elsewhere; null = never.
     */
    public Duration stopMsgServerAfter;
    /** Which of {@link #msgControls} to stop (0-based). */
    public int stopMsgServer;
    /** How long to wait for the clients of the stopped msg-server to log in again. */
    public Duration rehomeTimeout = Duration.ofMinutes(5);
    /** How long to wait after the traffic phase for acks and deliveries still on their way. */
    public Duration drainTimeout = Duration.ofSeconds(30);
    /** After the run every receiver pulls unread counts and history and reconciles (exact loss figures). */
    public boolean pull = true;
    /** msg-servers share this JVM's heap (in-process cluster): heap per connection includes the clients. */
    public boolean sharedJvm;
    /**
     * Ends the traffic early once it returns true (checked every 10 ms; null = never): a caller
     * that injects a fault ends the run a set time after the fault instead of guessing a duration.
     */
    public BooleanSupplier stopWhen;
    /** Live progress lines go here (null = none). */
    public Consumer<String> progress;
    /** Free text for the report (e.g. the command line). */
    public String label = "";

    /** Checks ranges and fills in the default bound (10 s) when neither duration nor messages is set. */
    public LoadTestOptions validate() {
        require(loginUrl != null || !msgServers.isEmpty(), "give --login URL or --msg-server HOST:PORT");
        require(transport == Transport.TCP || loginUrl != null,
                "--transport " + transport.name().toLowerCase(Locale.ROOT) + " needs --login (WebSocket clients find the msg-server's wsUrl there)");
        require(clients >= 1, "--clients must be at least 1");
        require(crossFraction >= 0 && crossFraction <= 1, "--cross must be between 0 and 1");
        require(groupSize >= 2, "--group-size must be at least 2");
        require(rate >= 0, "--rate must be >= 0");
        require(window >= 1 && window <= 10_000, "--window must be 1..10000");
        require(messages >= 0, "--messages must be >= 0");
        require(messageSize >= 1 && messageSize <= 60_000, "--size must be 1..60000");
        require(loginRate >= 0, "--login-rate must be >= 0");
        require(loginConcurrency >= 1, "--login-concurrency must be at least 1");
        require(stopMsgServerAfter == null || (stopMsgServer >= 0 && stopMsgServer < msgControls.size()),
                "--stop-msg-server-after needs the msg-servers' control ports (--msg-control or --cluster) and"
                        + " --stop-msg-server within them");
        require(stopMsgServerAfter == null || reconnect, "--stop-msg-server-after needs reconnecting clients");
        require(sourceAddresses >= 0 && sourceAddresses <= 254, "--source-addresses must be 0..254");
        require(ioThreads >= 1, "--threads must be at least 1");
        require(!createUsers || admin != null, "--create-users needs --admin HOST:PORT (the dbproxy control port)");
        if (duration != null) {
            require(!duration.isNegative() && !duration.isZero(), "--duration must be positive");
        }
        require(warmup != null && !warmup.isNegative(), "--warmup must not be negative");
        if (duration == null && messages == 0 && scenario != Scenario.LOGIN_STORM) {
            duration = Duration.ofSeconds(10); // a login storm ends when every client has tried
        }
        if (scenario == Scenario.P2P) {
            require(clients >= 2, "p2p needs at least 2 clients");
        }
        if (scenario == Scenario.GROUP) {
            require(clients >= groupSize, "group needs at least --group-size clients");
        }
        if (scenario == Scenario.MIXED) {
            require(clients >= 10, "mixed needs at least 10 clients");
        }
        return this;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
