package io.teamtalkj.loadtest;

import com.mogujie.tt.protobuf.IMBaseDefine.GroupType;
import com.mogujie.tt.protobuf.IMBaseDefine.MsgInfo;
import com.mogujie.tt.protobuf.IMBaseDefine.SessionType;
import com.mogujie.tt.protobuf.IMBaseDefine.UnreadInfo;
import com.mogujie.tt.protobuf.IMLogin.IMLoginRes;
import com.mogujie.tt.protobuf.IMMessage.IMMsgData;
import com.mogujie.tt.protobuf.IMMessage.IMMsgDataAck;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.teamtalkj.client.ClientConfig;
import io.teamtalkj.client.ClientListener;
import io.teamtalkj.client.ConnectionLostException;
import io.teamtalkj.client.MessageRejectedException;
import io.teamtalkj.client.NotConnectedException;
import io.teamtalkj.client.RequestTimeoutException;
import io.teamtalkj.client.TeamTalkClient;
import io.teamtalkj.client.TeamTalkText;
import io.teamtalkj.control.msg.MsgStatsResponse;
import io.teamtalkj.control.route.RouteStatsReply;
import io.teamtalkj.loadtest.LoadTestOptions.Scenario;
import io.teamtalkj.loadtest.Timeline.Series;
import io.teamtalkj.net.EventLoops;
import io.teamtalkj.net.HostPort;
import io.teamtalkj.pdu.MsgTypes;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One load-test run: creates (or reuses) users, connects simulated TeamTalk clients on a shared
 * event-loop group, pairs or groups them by the msg-server they landed on, drives traffic at a
 * fixed rate or as fast as acks allow, drains, pulls history for exact loss figures, and
 * collects route-server and msg-server statistics into a {@link LoadReport}.
 *
 * <p>Every client lives on one event loop; sending, ack handling and receipt accounting run on
 * that loop, paced by one periodic task per loop (never a thread per client). A single control
 * thread sequences the phases.
 */
public final class LoadTest {
    private static final Logger log = LoggerFactory.getLogger(LoadTest.class);
    private static final Pattern PRIOR_IP = Pattern.compile("\"priorIP\"\\s*:\\s*\"([^\"]*)\"");
    private static final Pattern PORT = Pattern.compile("\"port\"\\s*:\\s*\"?(\\d+)");
    private static final Pattern WS_URL = Pattern.compile("\"wsUrl\"\\s*:\\s*\"([^\"]*)\"");
    private static final int HISTORY_PAGE = 100;
    /** Stay far below the 16-bit seq space of one connection. */
    private static final int MAX_IN_FLIGHT_PER_SENDER = 20_000;

    private enum Kind { NONE, SAME, CROSS, GROUP }

    private final LoadTestOptions o;
    private final String run = Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffL | 0x1000000L);
    private final Ledger ledger = new Ledger();
    private final LoadReport report = new LoadReport();
    private final long startNanos = System.nanoTime();
    private final Timeline timeline = new Timeline(startNanos);
    private volatile LatencyHistogram ackLatency = new LatencyHistogram();
    private final LongAdder disconnects = new LongAdder();
    private final LongAdder reconnects = new LongAdder();
    private final AckSeconds ackSeconds = new AckSeconds();
    private volatile LatencyHistogram e2e = new LatencyHistogram();
    private volatile LatencyHistogram e2eSame = new LatencyHistogram();
    private volatile LatencyHistogram e2eCross = new LatencyHistogram();
    private volatile LatencyHistogram e2eGroup = new LatencyHistogram();
    private final LatencyHistogram loginLatency = new LatencyHistogram();
    private final LongAdder sent = new LongAdder();
    private final LongAdder acked = new LongAdder();
    private final LongAdder ackedSame = new LongAdder();
    private final LongAdder ackedCross = new LongAdder();
    private final LongAdder ackedGroup = new LongAdder();
    private final LongAdder ackFailed = new LongAdder();
    private final LongAdder receivedTotal = new LongAdder();
    private final LongAdder foreign = new LongAdder();
    private final LongAdder unreadReported = new LongAdder();
    private final AtomicLong inFlight = new AtomicLong();
    private final AtomicLong lastAckNanos = new AtomicLong();
    private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
    private final List<String> notes = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong budget;
    private final AtomicInteger connectedCount = new AtomicInteger();
    private final AtomicInteger loginFailures = new AtomicInteger();
    private volatile boolean sending;
    private volatile String phase = "starting";
    private long trafficStartNanos;
    /** Counter values when the warm-up ended: rates count from there. */
    private long sentAtMeasure;
    private long ackedAtMeasure;
    private long sameAtMeasure;
    private long crossAtMeasure;
    private long groupAtMeasure;
    private CpuBreakdown cpuAtMeasure;

    private EventLoopGroup group;
    private ScheduledExecutorService control;
    private final List<Sim> sims = new ArrayList<>();
    private final List<String> serverAddresses = Collections.synchronizedList(new ArrayList<>());
    private HttpClient http;

    private LoadTest(LoadTestOptions options) {
        this.o = options;
        this.budget = new AtomicLong(options.messages > 0 ? options.messages : Long.MAX_VALUE);
    }

    /** Runs the scenario described by {@code options} and returns its report. */
    public static LoadReport run(LoadTestOptions options) throws Exception {
        options.validate();
        return new LoadTest(options).execute();
    }

    // ---------------------------------------------------------------------------------------------
    // one simulated client

    /** A simulated user: its client, what it sends and how it accounts for what it receives. */
    private final class Sim implements ClientListener {
        final int index;
        final String user;
        int server = -1;
        TeamTalkClient client;
        int userId;
        Ledger.Receiver inbox;
        Kind receiveKind = Kind.NONE;
        // as a sender
        Kind sendKind = Kind.NONE;
        int target;
        Ledger.Conversation conversation;
        long seq;
        int inFlight;
        // as a receiver: conversations to pull after the run {session type, session id}
        final List<long[]> pulls = new ArrayList<>();
        // re-home measurement: when the connection last dropped and when it logged in again (nanos, 0 = never)
        volatile long droppedAtNanos;
        volatile long backAtNanos;

        Sim(int index) {
            this.index = index;
            this.user = o.userPrefix + index;
        }

        @Override
        public void onMessage(IMMsgData m) {
            long now = System.nanoTime();
            receivedTotal.increment();
            Marker mk = Marker.parse(TeamTalkText.decode(m.getMsgData()));
            if (mk == null || !run.equals(mk.run())) {
                foreign.increment();
                return;
            }
            timeline.count(Series.RECEIVED, now);
            boolean isGroup = MsgTypes.isGroup(m.getMsgType());
            long key = isGroup ? Ledger.groupKey(m.getToSessionId()) : Ledger.pairKey(m.getFromUserId(), userId);
            Ledger.Arrival a = inbox.online(key, m.getMsgId(), m.getFromUserId(), mk.seq());
            if (a != Ledger.Arrival.DUPLICATE) {
                long micros = (now - mk.sentNanos()) / 1000;
                e2e.record(micros);
                switch (receiveKind) {
                    case SAME -> e2eSame.record(micros);
                    case CROSS -> e2eCross.record(micros);
                    case GROUP -> e2eGroup.record(micros);
                    default -> { }
                }
            }
        }

        @Override
        public void onDisconnected(Throwable cause) {
            if (cause != null) {
                droppedAtNanos = System.nanoTime();
                disconnects.increment();
                fail("disconnected: " + cause.getClass().getSimpleName());
            }
        }

        @Override
        public void onReconnected(IMLoginRes res) {
            backAtNanos = System.nanoTime();
            reconnects.increment();
            if (o.rate == 0) {
                client.eventLoop().execute(this::sendOne); // refill the window the drop emptied
            }
        }

        /** Sends one message if the run is on and the budget allows; on this client's event loop. */
        void sendOne() {
            if (!sending || inFlight >= MAX_IN_FLIGHT_PER_SENDER) {
                return;
            }
            if (budget.getAndDecrement() <= 0) {
                sending = false;
                return;
            }
            long n = ++seq;
            long t0 = System.nanoTime();
            String text = Marker.format(run, index, n, t0, o.messageSize);
            inFlight++;
            LoadTest.this.inFlight.incrementAndGet();
            sent.increment();
            timeline.count(Series.SENT, t0);
            CompletableFuture<IMMsgDataAck> f = sendKind == Kind.GROUP ? client.sendGroupText(target, text)
                    : client.sendText(target, text);
            f.whenComplete((ack, error) -> acked(t0, ack, error));
        }

        private void acked(long t0, IMMsgDataAck ack, Throwable error) {
            long now = System.nanoTime();
            inFlight--;
            LoadTest.this.inFlight.decrementAndGet();
            if (error != null) {
                ackFailed.increment();
                timeline.count(Series.FAILED, now);
                fail(describe(error));
            } else {
                ackLatency.record((now - t0) / 1000);
                ackSeconds.record((now - t0) / 1000);
                acked.increment();
                timeline.count(Series.ACKED, now);
                lastAckNanos.accumulateAndGet(now, Math::max);
                conversation.acked(userId, ack.getMsgId());
                switch (sendKind) {
                    case SAME -> ackedSame.increment();
                    case CROSS -> ackedCross.increment();
                    case GROUP -> ackedGroup.increment();
                    default -> { }
                }
            }
            if (o.rate == 0) {
                if (error == null) {
                    sendOne(); // keep the window full
                } else if (client.isLoggedIn()) {
                    // refused or timed out: try again shortly rather than spinning on refusals
                    client.eventLoop().schedule(this::sendOne, 10, TimeUnit.MILLISECONDS);
                }
                // not logged in any more: this sender stops (its failures are counted)
            }
        }
    }

    private void fail(String why) {
        failures.computeIfAbsent(why, k -> new LongAdder()).increment();
    }

    private static String describe(Throwable error) {
        Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (e instanceof MessageRejectedException) {
            MessageRejectedException r = (MessageRejectedException) e;
            return "rejected " + (r.storeResultEnum() == null ? r.storeResult() : r.storeResultEnum().name());
        }
        if (e instanceof RequestTimeoutException) {
            return "ack timeout";
        }
        if (e instanceof ConnectionLostException) {
            return "connection lost";
        }
        if (e instanceof NotConnectedException) {
            return "not connected";
        }
        return e.getClass().getSimpleName();
    }

    // ---------------------------------------------------------------------------------------------
    // the run

    private LoadReport execute() throws Exception {
        report.startedAt = Instant.now().toString();
        report.scenario = o.scenario.cliName();
        report.transport = o.transport.name().toLowerCase(java.util.Locale.ROOT);
        report.label = o.label;
        report.clientsRequested = o.clients;
        settings();
        environment("before");
        group = EventLoops.newGroup("lt-io", o.ioThreads);
        control = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "lt-control");
            t.setDaemon(true);
            return t;
        });
        control.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
        try (ServerStats stats = new ServerStats()) {
            if (o.createUsers) {
                phase = "creating users";
                progress("creating users " + o.userPrefix + "0.." + o.userPrefix + (o.clients - 1) + " through " + o.admin);
                long t = System.nanoTime();
                int created = stats.ensureUsers(o.admin, o.userPrefix, o.password, o.clients);
                notes.add("created " + created + " users in " + LoadReport.f1((System.nanoTime() - t) / 1e9) + " s");
            }
            List<MsgStatsResponse> heapBefore = null;
            if (o.scenario == Scenario.IDLE && !o.msgControls.isEmpty()) {
                heapBefore = stats.msgSnapshot(o.msgControls, true, notes);
            }
            connectAll();
            plan(stats);
            List<RouteStatsReply> routeBefore = stats.routeSnapshot(o.routeControls, notes);
            List<MsgStatsResponse> msgBefore = heapBefore != null ? heapBefore : stats.msgSnapshot(o.msgControls, false, notes);
            if (o.stopMsgServerAfter != null) {
                control.schedule(() -> stopMsgServer(stats), o.stopMsgServerAfter.toMillis(), TimeUnit.MILLISECONDS);
            }
            if (o.scenario == Scenario.IDLE) {
                hold();
            } else if (o.scenario != Scenario.LOGIN_STORM) {
                traffic();
                drain();
                if (o.pull) {
                    pullAll();
                }
            }
            if (o.stopMsgServerAfter != null) {
                awaitRehome();
            }
            List<MsgStatsResponse> msgAfter = stats.msgSnapshot(o.msgControls, o.scenario == Scenario.IDLE, notes);
            List<RouteStatsReply> routeAfter = stats.routeSnapshot(o.routeControls, notes);
            if (!o.routeControls.isEmpty()) {
                report.route = ServerStats.routeDelta(routeBefore, routeAfter);
            }
            if (!o.msgControls.isEmpty()) {
                report.msgServers = ServerStats.msgDelta(msgBefore, msgAfter);
                if (o.scenario == Scenario.IDLE) {
                    heapPerConnection(msgBefore, msgAfter);
                }
            }
        } finally {
            phase = "closing";
            control.shutdownNow();
            closeAll();
        }
        finish();
        return report;
    }

    private void settings() {
        Map<String, Object> s = report.settings;
        s.put("scenario", o.scenario.cliName());
        s.put("clients", o.clients);
        s.put("login_url", o.loginUrl == null ? "" : o.loginUrl);
        s.put("msg_servers", String.join(",", o.msgServers));
        s.put("route_controls", String.join(",", o.routeControls));
        s.put("msg_controls", String.join(",", o.msgControls));
        s.put("rate", o.rate == 0 ? "max (window " + o.window + " per sender)" : o.rate + " msg/s");
        s.put("duration", o.duration == null ? "" : o.duration.toString());
        s.put("warmup", o.warmup.toString());
        s.put("messages", o.messages);
        s.put("message_size", o.messageSize);
        s.put("cross_fraction", o.crossFraction);
        s.put("group_size", o.groupSize);
        s.put("login_rate", o.loginRate);
        s.put("login_concurrency", o.loginConcurrency);
        s.put("source_addresses", o.sourceAddresses);
        s.put("io_threads", o.ioThreads);
        s.put("run_tag", run);
    }

    private void environment(String when) {
        var os = ManagementFactory.getOperatingSystemMXBean();
        report.environment.put("load_average_" + when, os.getSystemLoadAverage());
        if (when.equals("before")) {
            report.environment.put("cores", Runtime.getRuntime().availableProcessors());
            report.environment.put("java", System.getProperty("java.version"));
            report.environment.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
            report.environment.put("epoll", EventLoops.epoll());
            report.environment.put("max_heap_mb", Runtime.getRuntime().maxMemory() >> 20);
            report.environment.put("servers_in_this_jvm", o.sharedJvm);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // connecting

    private void connectAll() throws InterruptedException {
        phase = "connecting";
        long t0 = System.nanoTime();
        Semaphore permits = new Semaphore(o.loginConcurrency);
        CountDownLatch done = new CountDownLatch(o.clients);
        long deadline = o.scenario == Scenario.LOGIN_STORM && o.duration != null ? t0 + o.duration.toNanos() : Long.MAX_VALUE;
        for (int i = 0; i < o.clients; i++) {
            Sim s = new Sim(i);
            sims.add(s);
        }
        int started = 0;
        for (Sim s : sims) {
            if (o.loginRate > 0) {
                long due = t0 + (long) (started * 1e9 / o.loginRate);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
            }
            if (System.nanoTime() > deadline) {
                done.countDown();
                continue;
            }
            permits.acquire();
            started++;
            connect(s).whenComplete((r, e) -> {
                permits.release();
                done.countDown();
            });
        }
        done.await();
        double secs = (System.nanoTime() - t0) / 1e9;
        report.connectSeconds = secs;
        report.clientsConnected = connectedCount.get();
        report.loginsFailed = loginFailures.get();
        report.loginRate = connectedCount.get() / Math.max(1e-9, secs);
        sims.removeIf(s -> s.client == null || !s.client.isLoggedIn());
        report.webSocketClients = (int) sims.stream().filter(s -> s.client.config().webSocketPath() != null).count();
        if (sims.isEmpty()) {
            throw new IllegalStateException("no client could log in (" + failures + ")");
        }
    }

    private CompletableFuture<Void> connect(Sim s) {
        long t0 = System.nanoTime();
        return target(s).thenCompose(address -> {
            ClientConfig.Builder cfg = ClientConfig.builder()
                    .msgServer(address[0], Integer.parseInt(address[1]))
                    .user(s.user).password(o.password)
                    .requestTimeout(o.requestTimeout)
                    .reconnect(o.reconnect)
                    .resumeLogin(o.sessionToken)
                    .clientVersion("TeamTalk-J loadtest")
                    .tls(o.tls);
            if (o.loginUrl != null) {
                // a reconnect asks the login-server, so a client whose msg-server went away moves to
                // another one instead of retrying the dead address (the first connect stays direct)
                cfg.loginUrl(o.loginUrl);
            }
            if (o.sourceAddresses > 0) {
                cfg.localAddress(sourceAddress(s.index));
            }
            if (address.length > 2) {
                cfg.webSocket(address[2]);
            }
            s.client = TeamTalkClient.create(cfg.build(), s, group);
            return s.client.connect();
        }).handle((res, error) -> {
            if (error != null) {
                loginFailures.incrementAndGet();
                Throwable c = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                fail("login: " + c.getClass().getSimpleName());
                if (notes.size() < 10) {
                    notes.add("login of " + s.user + " failed: " + c.getMessage());
                }
                if (s.client != null) {
                    s.client.close();
                }
                return null;
            }
            s.userId = s.client.userId();
            s.inbox = ledger.receiver(s.userId);
            loginLatency.recordSince(t0);
            timeline.count(Series.LOGINS);
            connectedCount.incrementAndGet();
            return null;
        });
    }

    private InetAddress sourceAddress(int index) {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) (1 + index % o.sourceAddresses)});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {host, port} of the msg-server for this client: round-robin over the given ones, or login-server discovery. */
    /** Whether this client speaks WebSocket ({@code --transport}). */
    private boolean webSocket(Sim s) {
        return o.transport == LoadTestOptions.Transport.WS
                || (o.transport == LoadTestOptions.Transport.MIXED && s.index % 2 == 1);
    }

    /**
     * A WebSocket client's msg-server as a browser finds it: the login-server's {@code wsUrl}
     * (host, port, path). Its server index is the one of the same msg-server's TCP address.
     */
    private CompletableFuture<String[]> webSocketTarget(Sim s) {
        if (o.loginUrl == null) {
            return CompletableFuture.failedFuture(new IllegalStateException(
                    "WebSocket clients find their msg-server through the login-server: give --login (or --cluster)"));
        }
        HttpRequest req = HttpRequest.newBuilder(URI.create(o.loginUrl)).timeout(o.requestTimeout).GET().build();
        return http().sendAsync(req, HttpResponse.BodyHandlers.ofString()).thenApply(r -> {
            Matcher ip = PRIOR_IP.matcher(r.body());
            Matcher port = PORT.matcher(r.body());
            Matcher ws = WS_URL.matcher(r.body());
            if (r.statusCode() != 200 || !ip.find() || !port.find() || !ws.find()) {
                throw new IllegalStateException("login-server " + o.loginUrl + " gave no WebSocket URL: " + r.body());
            }
            String address = ip.group(1) + ":" + port.group(1);
            synchronized (serverAddresses) {
                int at = o.msgServers.isEmpty() ? serverAddresses.indexOf(address) : o.msgServers.indexOf(address);
                if (at < 0 && o.msgServers.isEmpty()) {
                    serverAddresses.add(address);
                    at = serverAddresses.size() - 1;
                }
                s.server = Math.max(0, at);
            }
            URI uri = URI.create(ws.group(1));
            return new String[] {uri.getHost(), String.valueOf(uri.getPort()), uri.getPath()};
        });
    }

    private HttpClient http() {
        if (http == null) {
            synchronized (this) {
                if (http == null) {
                    http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(o.requestTimeout).build();
                }
            }
        }
        return http;
    }

    private CompletableFuture<String[]> target(Sim s) {
        if (webSocket(s)) {
            return webSocketTarget(s);
        }
        if (!o.msgServers.isEmpty()) {
            s.server = s.index % o.msgServers.size();
            HostPort hp = HostPort.parse(o.msgServers.get(s.server));
            return CompletableFuture.completedFuture(new String[] {hp.host(), String.valueOf(hp.port())});
        }
        if (http == null) {
            synchronized (this) {
                if (http == null) {
                    http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(o.requestTimeout).build();
                }
            }
        }
        HttpRequest req = HttpRequest.newBuilder(URI.create(o.loginUrl)).timeout(o.requestTimeout).GET().build();
        return http.sendAsync(req, HttpResponse.BodyHandlers.ofString()).thenApply(r -> {
            Matcher ip = PRIOR_IP.matcher(r.body());
            Matcher port = PORT.matcher(r.body());
            if (r.statusCode() != 200 || !ip.find() || !port.find()) {
                throw new IllegalStateException("login-server " + o.loginUrl + " answered " + r.statusCode() + ": " + r.body());
            }
            String address = ip.group(1) + ":" + port.group(1);
            synchronized (serverAddresses) {
                int at = serverAddresses.indexOf(address);
                if (at < 0) {
                    serverAddresses.add(address);
                    at = serverAddresses.size() - 1;
                }
                s.server = at;
            }
            return new String[] {ip.group(1), port.group(1)};
        });
    }

    // ---------------------------------------------------------------------------------------------
    // who talks to whom

    private void plan(ServerStats stats) throws Exception {
        phase = "planning";
        List<Sim> pool = new ArrayList<>(sims);
        int p2pClients = 0;
        int groupClients = 0;
        switch (o.scenario) {
            case P2P -> p2pClients = pool.size();
            case GROUP -> groupClients = pool.size();
            case MIXED -> {
                p2pClients = pool.size() * 2 / 5;
                groupClients = pool.size() * 2 / 5;
            }
            default -> { }
        }
        // take clients for each role evenly across msg-servers
        List<Sim> p2p = take(pool, p2pClients);
        List<Sim> grouped = take(pool, groupClients / o.groupSize * o.groupSize);
        report.idleClients = o.scenario == Scenario.LOGIN_STORM ? 0 : pool.size() + (p2p.size() % 2);
        pairUp(p2p);
        makeGroups(grouped, stats);
        if (o.scenario == Scenario.GROUP && report.groups == 0) {
            throw new IllegalStateException("fewer connected clients than --group-size");
        }
    }

    /** Removes {@code n} clients from {@code pool}, round-robin over the msg-servers they are on. */
    private static List<Sim> take(List<Sim> pool, int n) {
        Map<Integer, Deque<Sim>> byServer = new LinkedHashMap<>();
        for (Sim s : pool) {
            byServer.computeIfAbsent(s.server, k -> new ArrayDeque<>()).add(s);
        }
        List<Sim> out = new ArrayList<>();
        while (out.size() < n) {
            boolean any = false;
            for (Deque<Sim> d : byServer.values()) {
                if (out.size() < n && !d.isEmpty()) {
                    out.add(d.poll());
                    any = true;
                }
            }
            if (!any) {
                break;
            }
        }
        pool.removeAll(out);
        return out;
    }

    /** Pairs: the wanted share across msg-servers, the rest within one; as the placement allows. */
    private void pairUp(List<Sim> clients) {
        int pairs = clients.size() / 2;
        if (pairs == 0) {
            return;
        }
        int crossWanted = (int) Math.round(pairs * o.crossFraction);
        Map<Integer, Deque<Sim>> byServer = new LinkedHashMap<>();
        for (Sim s : clients) {
            byServer.computeIfAbsent(s.server, k -> new ArrayDeque<>()).add(s);
        }
        List<Deque<Sim>> buckets = new ArrayList<>(byServer.values());
        int cross = 0;
        for (int p = 0; p < pairs; p++) {
            buckets.sort(Comparator.comparingInt((Deque<Sim> d) -> d.size()).reversed());
            boolean wantCross = (long) cross * pairs < (long) crossWanted * (p + 1);
            boolean canCross = buckets.size() > 1 && !buckets.get(1).isEmpty();
            boolean canSame = buckets.get(0).size() >= 2;
            Sim a;
            Sim b;
            if ((wantCross && canCross) || (!canSame && canCross)) {
                a = buckets.get(0).poll();
                b = buckets.get(1).poll();
                cross++;
                pair(a, b, Kind.CROSS);
            } else if (canSame) {
                a = buckets.get(0).poll();
                b = buckets.get(0).poll();
                pair(a, b, Kind.SAME);
            } else {
                break;
            }
        }
        report.crossPairs = cross;
    }

    private void pair(Sim sender, Sim receiver, Kind kind) {
        sender.sendKind = kind;
        sender.target = receiver.userId;
        sender.conversation = ledger.conversation(Ledger.pairKey(sender.userId, receiver.userId), sender.userId,
                receiver.userId);
        receiver.receiveKind = kind;
        receiver.pulls.add(new long[] {SessionType.SESSION_TYPE_SINGLE_VALUE, sender.userId});
        if (kind == Kind.SAME) {
            report.samePairs++;
        }
    }

    private void makeGroups(List<Sim> clients, ServerStats stats) throws Exception {
        for (int g = 0; g + o.groupSize <= clients.size(); g += o.groupSize) {
            List<Sim> members = clients.subList(g, g + o.groupSize);
            List<Integer> ids = new ArrayList<>();
            members.forEach(m -> ids.add(m.userId));
            String name = "lt-" + run + "-" + (g / o.groupSize);
            int groupId;
            if (o.admin != null) {
                groupId = stats.createGroup(o.admin, name, ids);
            } else {
                var rsp = members.get(0).client.createGroup(name, GroupType.GROUP_TYPE_TMP, ids)
                        .get(o.requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
                if (rsp.getResultCode() != 0) {
                    throw new IllegalStateException("cannot create group " + name + ": result " + rsp.getResultCode());
                }
                groupId = rsp.getGroupId();
            }
            int[] memberIds = ids.stream().mapToInt(Integer::intValue).toArray();
            Ledger.Conversation conv = ledger.conversation(Ledger.groupKey(groupId), memberIds);
            for (Sim m : members) {
                m.sendKind = Kind.GROUP;
                m.receiveKind = Kind.GROUP;
                m.target = groupId;
                m.conversation = conv;
                m.pulls.add(new long[] {SessionType.SESSION_TYPE_GROUP_VALUE, groupId});
            }
            report.groups++;
        }
    }

    // ---------------------------------------------------------------------------------------------
    // traffic

    private void traffic() throws InterruptedException {
        List<Sim> senders = new ArrayList<>();
        for (Sim s : sims) {
            if (s.sendKind != Kind.NONE) {
                senders.add(s);
            }
        }
        if (senders.isEmpty()) {
            notes.add("no senders: nothing to do");
            return;
        }
        Map<EventLoop, List<Sim>> byLoop = new IdentityHashMap<>();
        for (Sim s : senders) {
            byLoop.computeIfAbsent(s.client.eventLoop(), k -> new ArrayList<>()).add(s);
        }
        phase = "traffic";
        progress("traffic: " + senders.size() + " senders, " + (o.rate == 0 ? "as fast as acks allow, window " + o.window
                : o.rate + " msg/s") + (o.duration != null ? ", " + o.duration.toSeconds() + " s" : "")
                + (o.messages > 0 ? ", " + o.messages + " messages" : ""));
        trafficStartNanos = System.nanoTime();
        long measureFrom = trafficStartNanos + o.warmup.toNanos();
        cpuAtMeasure = CpuBreakdown.now();
        sending = true;
        List<io.netty.util.concurrent.ScheduledFuture<?>> pacers = new ArrayList<>();
        for (Map.Entry<EventLoop, List<Sim>> e : byLoop.entrySet()) {
            List<Sim> mine = e.getValue();
            if (o.rate == 0) {
                e.getKey().execute(() -> {
                    for (int w = 0; w < o.window; w++) {
                        for (Sim s : mine) {
                            s.sendOne();
                        }
                    }
                });
            } else {
                double perSecond = o.rate * mine.size() / senders.size();
                Pacer pacer = new Pacer(mine, perSecond);
                pacers.add(e.getKey().scheduleAtFixedRate(pacer, 0, 2, TimeUnit.MILLISECONDS));
            }
        }
        long deadline = o.duration == null ? Long.MAX_VALUE : measureFrom + o.duration.toNanos();
        boolean warming = !o.warmup.isZero();
        while (sending && System.nanoTime() < deadline && (o.stopWhen == null || !o.stopWhen.getAsBoolean())) {
            if (warming && System.nanoTime() >= measureFrom) {
                warming = false;
                startMeasuring();
            }
            TimeUnit.MILLISECONDS.sleep(10);
        }
        if (warming) {
            notes.add("the run ended during the warm-up: figures include it");
        }
        sending = false;
        pacers.forEach(p -> p.cancel(false));
        long stop = System.nanoTime();
        report.trafficSeconds = (stop - trafficStartNanos) / 1e9;
        report.cpu = CpuBreakdown.now().since(cpuAtMeasure);
    }

    // ---------------------------------------------------------------------------------------------
    // re-home: one msg-server stopped mid-run, its clients log in again elsewhere

    private volatile long stopNanos;

    private void stopMsgServer(ServerStats stats) {
        String target = o.msgControls.get(o.stopMsgServer);
        try {
            stopNanos = System.nanoTime();
            int connections = stats.stopMsgServer(target);
            report.rehomeServer = target;
            progress("stopped the msg-server at " + target + " (" + connections + " connections)");
        } catch (RuntimeException e) {
            stopNanos = 0;
            notes.add("could not stop the msg-server at " + target + ": " + e);
        }
    }

    /**
     * Waits until every client that dropped after the stop has logged in again (or
     * {@code rehomeTimeout}) and reports how long that took from the stop.
     */
    private void awaitRehome() throws InterruptedException {
        String was = phase;
        phase = "re-homing";
        long deadline = System.nanoTime() + o.rehomeTimeout.toNanos();
        while (System.nanoTime() < deadline) {
            long stop = stopNanos;
            int[] r = stop == 0 ? null : rehomed(stop);
            if (r != null && r[0] > 0 && r[0] == r[1]) {
                break;
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        phase = was;
        long stop = stopNanos;
        if (stop == 0) {
            notes.add("no msg-server was stopped (the run ended first?)");
            return;
        }
        List<Long> back = new ArrayList<>();
        int dropped = 0;
        for (Sim s : sims) {
            long d = s.droppedAtNanos;
            if (d >= stop) {
                dropped++;
                long b = s.backAtNanos;
                if (b > d) {
                    back.add(b - stop);
                }
            }
        }
        java.util.Collections.sort(back);
        report.rehomeDropped = dropped;
        report.rehomeBack = back.size();
        if (!back.isEmpty()) {
            report.rehomeP50Seconds = back.get(back.size() / 2) / 1e9;
            report.rehomeAllSeconds = back.get(back.size() - 1) / 1e9;
        }
    }

    /** {dropped since the stop, logged in again since} */
    private int[] rehomed(long stop) {
        int dropped = 0;
        int back = 0;
        for (Sim s : sims) {
            long d = s.droppedAtNanos;
            if (d >= stop) {
                dropped++;
                if (s.backAtNanos > d) {
                    back++;
                }
            }
        }
        return new int[] {dropped, back};
    }

    /** End of the warm-up: latencies and rates count from now (the ledger keeps counting everything). */
    private void startMeasuring() {
        trafficStartNanos = System.nanoTime();
        sentAtMeasure = sent.sum();
        ackedAtMeasure = acked.sum();
        sameAtMeasure = ackedSame.sum();
        crossAtMeasure = ackedCross.sum();
        groupAtMeasure = ackedGroup.sum();
        cpuAtMeasure = CpuBreakdown.now();
        ackLatency = new LatencyHistogram();
        e2e = new LatencyHistogram();
        e2eSame = new LatencyHistogram();
        e2eCross = new LatencyHistogram();
        e2eGroup = new LatencyHistogram();
        ackSeconds.start();
        progress("warm-up over: measuring from now");
    }

    /** Sends its loop's share of the rate, round-robin over the loop's senders; runs every 2 ms. */
    private final class Pacer implements Runnable {
        private final List<Sim> senders;
        private final double perNano;
        private final long start = System.nanoTime();
        private long done;
        private int next;

        Pacer(List<Sim> senders, double perSecond) {
            this.senders = senders;
            this.perNano = perSecond / 1e9;
        }

        @Override
        public void run() {
            if (!sending) {
                return;
            }
            long due = (long) ((System.nanoTime() - start) * perNano);
            // after a long pause (GC) catch up at most one second's worth
            if (due - done > perNano * 1e9) {
                done = due - (long) (perNano * 1e9);
            }
            while (done < due && sending) {
                senders.get(next).sendOne();
                next = (next + 1) % senders.size();
                done++;
            }
        }
    }

    /** With clients that reconnected, the drain stops waiting for pushes after this long without one. */
    private static final long DRAIN_QUIET_NANOS = TimeUnit.SECONDS.toNanos(2);

    private void drain() throws InterruptedException {
        phase = "draining";
        long t0 = System.nanoTime();
        long deadline = t0 + o.drainTimeout.toNanos();
        long online = ledger.onlineUnique();
        long quietSince = t0;
        while (System.nanoTime() < deadline) {
            if (inFlight.get() == 0 && ledger.onlineUnique() >= ledger.expectedSoFar()) {
                break;
            }
            long now = System.nanoTime();
            if (ledger.onlineUnique() != online) {
                online = ledger.onlineUnique();
                quietSince = now;
            } else if (o.pull && disconnects.sum() > 0 && inFlight.get() == 0 && now - quietSince > DRAIN_QUIET_NANOS) {
                // every ack is in and nothing arrives any more: what is missing was pushed while its
                // receiver was reconnecting, and the pull finds it; waiting would only run the timeout out
                notes.add("drain ended after " + DRAIN_QUIET_NANOS / 1_000_000_000 + " s without deliveries: "
                        + (ledger.expectedSoFar() - online) + " messages left for the pull (receivers reconnected)");
                break;
            }
            TimeUnit.MILLISECONDS.sleep(10);
        }
        report.drainSeconds = (System.nanoTime() - t0) / 1e9;
        if (inFlight.get() > 0) {
            notes.add(inFlight.get() + " messages still without an ack after the drain timeout");
        }
        long last = lastAckNanos.get();
        if (last > trafficStartNanos) {
            // the persisted rate counts until the last ack (a --messages run ends when it arrives)
            report.trafficSeconds = Math.max(report.trafficSeconds, (last - trafficStartNanos) / 1e9);
        }
    }

    private void hold() throws InterruptedException {
        phase = "holding";
        report.idleClients = sims.size();
        long holdNanos = o.duration == null ? 0 : o.duration.toNanos();
        CpuBreakdown before = CpuBreakdown.now();
        TimeUnit.NANOSECONDS.sleep(holdNanos);
        report.cpu = CpuBreakdown.now().since(before);
        int still = 0;
        for (Sim s : sims) {
            still += s.client.isLoggedIn() ? 1 : 0;
        }
        if (still < sims.size()) {
            notes.add((sims.size() - still) + " idle connections dropped while held");
        }
    }

    // ---------------------------------------------------------------------------------------------
    // pulling: what reached each receiver, online or stored

    private void pullAll() throws InterruptedException {
        phase = "pulling";
        long t0 = System.nanoTime();
        Semaphore permits = new Semaphore(64);
        List<Sim> receivers = new ArrayList<>();
        for (Sim s : sims) {
            if (!s.pulls.isEmpty()) {
                receivers.add(s);
            }
        }
        CountDownLatch done = new CountDownLatch(receivers.size());
        AtomicInteger pullFailures = new AtomicInteger();
        for (Sim s : receivers) {
            permits.acquire();
            pullReceiver(s).whenComplete((r, e) -> {
                if (e != null) {
                    pullFailures.incrementAndGet();
                    if (notes.size() < 20) {
                        notes.add("pull by " + s.user + " failed: " + e);
                    }
                }
                permits.release();
                done.countDown();
            });
        }
        done.await();
        report.pullSeconds = (System.nanoTime() - t0) / 1e9;
        report.pulled = pullFailures.get() == 0;
        if (pullFailures.get() > 0) {
            notes.add(pullFailures.get() + " receivers could not pull history; lost may include what they did not see");
        }
    }

    private CompletableFuture<Void> pullReceiver(Sim s) {
        CompletableFuture<Void> chain = s.client.unread().thenAccept(rsp -> {
            for (UnreadInfo u : rsp.getUnreadinfoListList()) {
                for (long[] p : s.pulls) {
                    if (p[0] == u.getSessionType().getNumber() && p[1] == u.getSessionId()) {
                        unreadReported.add(u.getUnreadCnt());
                    }
                }
            }
        });
        for (long[] p : s.pulls) {
            chain = chain.thenCompose(v -> pullPage(s, SessionType.forNumber((int) p[0]), (int) p[1], 0));
        }
        return chain;
    }

    private CompletableFuture<Void> pullPage(Sim s, SessionType type, int sessionId, int begin) {
        long key = type == SessionType.SESSION_TYPE_GROUP ? Ledger.groupKey(sessionId) : Ledger.pairKey(sessionId, s.userId);
        Ledger.Conversation conv = ledger.conversation(key);
        return s.client.history(type, sessionId, begin, HISTORY_PAGE).thenCompose(rsp -> {
            long lowest = Long.MAX_VALUE;
            boolean older = false;
            for (MsgInfo m : rsp.getMsgListList()) {
                long id = Integer.toUnsignedLong(m.getMsgId());
                lowest = Math.min(lowest, id);
                Marker mk = Marker.parse(TeamTalkText.decode(m.getMsgData()));
                if (mk == null || !run.equals(mk.run())) {
                    older = true;
                    continue;
                }
                if (m.getFromSessionId() != s.userId) {
                    s.inbox.pulled(key, m.getMsgId());
                }
            }
            long floor = conv == null ? -1 : conv.lowestAcked();
            if (rsp.getMsgListCount() == 0 || older || lowest <= 1 || (floor > 0 && lowest <= floor)) {
                return CompletableFuture.<Void>completedFuture(null);
            }
            return pullPage(s, type, sessionId, (int) (lowest - 1));
        });
    }

    // ---------------------------------------------------------------------------------------------
    // heap, progress, the end

    private void heapPerConnection(List<MsgStatsResponse> before, List<MsgStatsResponse> after) {
        long heapDelta = 0;
        long connDelta = 0;
        boolean oneJvm = o.sharedJvm;
        // msg-servers in one process report the same heap: count it once
        if (!oneJvm && after.size() > 1 && after.stream().allMatch(r -> r != null)) {
            long first = after.get(0).getHeapUsedBytes();
            oneJvm = after.stream().allMatch(r -> Math.abs(r.getHeapUsedBytes() - first) <= first / 100
                    && r.getHeapMaxBytes() == after.get(0).getHeapMaxBytes());
        }
        for (int i = 0; i < after.size(); i++) {
            MsgStatsResponse a = after.get(i);
            MsgStatsResponse b = before.get(i);
            if (a == null || b == null) {
                continue;
            }
            if (!oneJvm || i == 0) {
                heapDelta += a.getHeapUsedBytes() - b.getHeapUsedBytes();
            }
            connDelta += a.getConnections() - b.getConnections();
        }
        if (connDelta > 0) {
            report.heapPerConnection = Math.max(0, heapDelta / connDelta);
            report.msgServers.put("heap_growth_bytes", heapDelta);
            report.msgServers.put("connections_added", connDelta);
            report.msgServers.put("heap_shared_by_msg_servers", oneJvm);
            if (o.sharedJvm) {
                notes.add("heap per connection includes this JVM's own client side (cluster in-process); run the cluster "
                        + "in its own process for the server-only figure");
            }
        }
    }

    private long lastProgressSent;
    private long lastCpuNanos = -1;
    private long lastCpuWall;

    /** Once a second: a resource sample and the progress line. */
    private void tick() {
        try {
            long now = System.nanoTime();
            double second = (now - startNanos) / 1e9;
            var os = ManagementFactory.getOperatingSystemMXBean();
            double cores = 0;
            double system = 0;
            if (os instanceof com.sun.management.OperatingSystemMXBean) {
                var sun = (com.sun.management.OperatingSystemMXBean) os;
                long cpu = sun.getProcessCpuTime();
                if (lastCpuNanos >= 0 && now > lastCpuWall) {
                    cores = (double) (cpu - lastCpuNanos) / (now - lastCpuWall);
                }
                lastCpuNanos = cpu;
                lastCpuWall = now;
                system = Math.max(0, sun.getCpuLoad());
            }
            Runtime rt = Runtime.getRuntime();
            double heapMb = (rt.totalMemory() - rt.freeMemory()) / 1048576.0;
            if (second > 1.5) {
                timeline.sample(Math.round(second), cores, system, heapMb);
            }
            long s = sent.sum();
            String line;
            if (phase.equals("traffic") || phase.equals("draining")) {
                ackSeconds.roll();
                line = String.format(java.util.Locale.ROOT,
                        "[%4.0fs] %-8s sent %d (%d/s) acked %d recv %d in flight %d failed %d | ack p99 %s e2e p99 %s",
                        second, phase, s, s - lastProgressSent, acked.sum(), ledger.onlineUnique(), inFlight.get(),
                        ackFailed.sum(), LoadReport.ms(ackLatency.quantile(0.99)), LoadReport.ms(e2e.quantile(0.99)));
            } else {
                line = String.format(java.util.Locale.ROOT, "[%4.0fs] %-8s logged in %d of %d, failed %d", second, phase,
                        connectedCount.get(), o.clients, loginFailures.get());
            }
            lastProgressSent = s;
            progress(line);
        } catch (RuntimeException e) {
            log.debug("progress tick failed", e);
        }
    }

    private void progress(String line) {
        if (o.progress != null) {
            o.progress.accept(line);
        }
    }

    private void closeAll() {
        for (Sim s : sims) {
            if (s.client != null) {
                try {
                    s.client.close();
                } catch (RuntimeException e) {
                    log.debug("closing {}: {}", s.user, e.toString());
                }
            }
        }
        if (group != null) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
        }
    }

    private void finish() {
        environment("after");
        report.sent = sent.sum();
        report.acked = acked.sum();
        report.ackFailed = ackFailed.sum();
        failures.forEach((k, v) -> report.ackFailures.put(k, v.sum()));
        report.warmupSeconds = o.warmup.toMillis() / 1000.0;
        report.sentMeasured = sent.sum() - sentAtMeasure;
        report.ackedMeasured = acked.sum() - ackedAtMeasure;
        report.ackedSame = ackedSame.sum() - sameAtMeasure;
        report.ackedCross = ackedCross.sum() - crossAtMeasure;
        report.ackedGroup = ackedGroup.sum() - groupAtMeasure;
        report.receivedOnlineTotal = receivedTotal.sum();
        report.foreignMessages = foreign.sum();
        report.unreadReported = unreadReported.sum();
        if (o.scenario != Scenario.IDLE && o.scenario != Scenario.LOGIN_STORM) {
            report.accounting = ledger.reconcile();
        }
        report.ackLatency = ackLatency.summary();
        report.disconnects = disconnects.sum();
        report.reconnects = reconnects.sum();
        ackSeconds.roll();
        ackSeconds.stop();
        report.ackPerSecond = ackSeconds.rows();
        report.e2eLatency = e2e.summary();
        report.e2eSame = e2eSame.summary();
        report.e2eCross = e2eCross.summary();
        report.e2eGroup = e2eGroup.summary();
        report.loginLatency = loginLatency.summary();
        int lastSecond = timeline.slot(System.nanoTime());
        report.timeline = timeline.rows(lastSecond);
        report.resources = timeline.samples();
        double cores = 0;
        double system = 0;
        for (double[] s : report.resources) {
            cores += s[1];
            system += s[2];
        }
        if (!report.resources.isEmpty()) {
            report.avgProcessCores = cores / report.resources.size();
            report.avgSystemCpu = system / report.resources.size();
        }
        report.notes.addAll(notes);
        if (report.foreignMessages > 0) {
            report.notes.add(report.foreignMessages + " messages received that were not sent by this run");
        }
    }
}
