package io.teamtalkj.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mogujie.tt.protobuf.IMServer;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.util.ReferenceCountUtil;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.CommandRegistry;
import io.teamtalkj.pdu.Pdu;
import io.teamtalkj.pdu.PduDecoder;
import io.teamtalkj.pdu.PduDispatcher;
import io.teamtalkj.testing.Ports;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A {@link PduLink} talking to a {@link PduServer} over real loopback TCP. */
class PduLinkIntegrationTest {
    private static final long AWAIT_SECONDS = 10;
    private static final PduLink.Settings FAST = PduLink.Settings.DEFAULT
            .withBackoff(Duration.ofMillis(50), Duration.ofMillis(200));

    private final List<AutoCloseable> closeables = new ArrayList<>();
    private EventLoopGroup linkGroup;

    /** What the server's dispatcher received, and the server side of each accepted connection. */
    private final BlockingQueue<Pdu> serverReceived = new LinkedBlockingQueue<>();
    private final BlockingQueue<IMServer.IMRoleSet> roleSets = new LinkedBlockingQueue<>();
    private final BlockingQueue<Channel> serverChannels = new LinkedBlockingQueue<>();
    private PduDispatcher serverDispatcher;

    /** Link events seen by the listener. */
    private final BlockingQueue<Channel> linkUps = new LinkedBlockingQueue<>();
    private final AtomicInteger linkDowns = new AtomicInteger();

    private final PduLink.Listener listener = new PduLink.Listener() {
        @Override
        public void linkUp(PduLink link, Channel channel) {
            linkUps.add(channel);
        }

        @Override
        public void linkDown(PduLink link) {
            linkDowns.incrementAndGet();
        }
    };

    @BeforeEach
    void setUp() {
        linkGroup = EventLoops.newGroup("link-test", 1);
        CommandRegistry registry = new CommandRegistry().register(CommandId.CID_OTHER_ROLE_SET,
                IMServer.IMRoleSet.parser(), (ctx, pdu, msg) -> {
                    serverReceived.add(pdu);
                    roleSets.add(msg);
                });
        serverDispatcher = new PduDispatcher("link-test-server", registry);
    }

    @AfterEach
    void tearDown() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
        linkGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    private PduServer startServer(int port, Duration heartbeat, Duration timeout) throws InterruptedException {
        PduServer server = PduServer.start("link-test-server", "127.0.0.1", port, null, p -> {
            PduPipelines.addLinkStack(p, PduDecoder.DEFAULT_MAX_FRAME_LENGTH, heartbeat, timeout);
            p.addLast(PduPipelines.DISPATCHER, serverDispatcher);
            serverChannels.add(p.channel());
        });
        closeables.add(server);
        return server;
    }

    private PduServer startServer() throws InterruptedException {
        return startServer(0, Duration.ofSeconds(5), Duration.ofSeconds(30));
    }

    private PduLink openLink(int port, PduLink.Settings settings) {
        PduLink link = PduLink.open("test-link", "127.0.0.1", port, linkGroup, settings, p -> { }, listener);
        closeables.add(link);
        return link;
    }

    private Channel awaitLinkUp() throws InterruptedException {
        Channel ch = linkUps.poll(AWAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(ch).as("linkUp within %d s", AWAIT_SECONDS).isNotNull();
        return ch;
    }

    private static Pdu roleSet(int seq, int master) {
        return Pdu.of(CommandId.CID_OTHER_ROLE_SET, seq, IMServer.IMRoleSet.newBuilder().setMaster(master).build());
    }

    @Test
    void linkComesUpAndDeliversPdusToTheServerHandler() throws Exception {
        PduServer server = startServer();
        PduLink link = openLink(server.port(), FAST);

        Channel up = awaitLinkUp();
        assertThat(link.isUp()).isTrue();
        assertThat(link.channel()).isSameAs(up);
        assertThat(link.target()).isEqualTo("127.0.0.1:" + server.port());
        assertThat(link.name()).isEqualTo("test-link");

        assertThat(link.send(roleSet(41, 1)).await(AWAIT_SECONDS, TimeUnit.SECONDS)).isTrue();

        Pdu received = serverReceived.poll(AWAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(received).isNotNull();
        assertThat(received.seq()).isEqualTo(41);
        assertThat(received.serviceId()).isEqualTo(7);
        assertThat(roleSets.poll(AWAIT_SECONDS, TimeUnit.SECONDS).getMaster()).isEqualTo(1);
        assertThat(serverDispatcher.unknownCommands()).isZero();
    }

    @Test
    void closingTheServerSideMakesTheLinkReconnect() throws Exception {
        PduServer server = startServer();
        PduLink link = openLink(server.port(), FAST);
        Channel first = awaitLinkUp();
        Channel firstServerSide = serverChannels.poll(AWAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(server.connectionCount()).isEqualTo(1);

        firstServerSide.close();

        Channel second = awaitLinkUp();
        assertThat(second).isNotSameAs(first);
        assertThat(first.isOpen()).isFalse();
        assertThat(linkDowns.get()).isGreaterThanOrEqualTo(1);
        assertThat(serverChannels.poll(AWAIT_SECONDS, TimeUnit.SECONDS)).isNotNull().isNotSameAs(firstServerSide);

        // the new channel works
        assertThat(link.send(roleSet(2, 0)).await(AWAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(serverReceived.poll(AWAIT_SECONDS, TimeUnit.SECONDS).seq()).isEqualTo(2);
    }

    @Test
    void linkPointedAtAClosedPortKeepsRetryingUntilAServerBinds() throws Exception {
        // a port of the kernel's choosing where nothing listens any more
        PduServer first = startServer();
        int port = first.port();
        first.close();
        PduLink link = openLink(port, FAST);

        // several backoff rounds (50..200 ms) pass with nothing listening
        assertThat(linkUps.poll(600, TimeUnit.MILLISECONDS)).isNull();
        assertThat(link.isUp()).isFalse();
        assertThat(link.send(roleSet(1, 1))).as("send while down").isNull();

        Ports.restartOn(() -> startServer(port, Duration.ofSeconds(5), Duration.ofSeconds(30)));

        awaitLinkUp();
        assertThat(link.isUp()).isTrue();
    }

    @Test
    void heartbeatsKeepAnIdleLinkAliveAndAreNotDispatched() throws Exception {
        // both ends: heartbeat after 50 ms without writes, close after 400 ms without reads
        PduServer server = startServer(0, Duration.ofMillis(50), Duration.ofMillis(400));
        PduLink link = openLink(server.port(), FAST.withHeartbeat(Duration.ofMillis(50), Duration.ofMillis(400)));
        Channel up = awaitLinkUp();

        // idle for 4 read timeouts: only heartbeats flow, and they keep both ends up
        assertThat(up.closeFuture().await(1_600)).as("link closed although heartbeats flowed").isFalse();
        assertThat(linkDowns.get()).isZero();
        assertThat(link.isUp()).isTrue();
        assertThat(serverDispatcher.unknownCommands()).as("heartbeats swallowed before the dispatcher").isZero();
        assertThat(serverReceived).isEmpty();
    }

    @Test
    void silentPeerIsDroppedByTheReadTimeout() throws Exception {
        // the server sends heartbeats only after 60 s, so the link's 300 ms read timeout fires
        PduServer server = startServer(0, Duration.ofSeconds(60), Duration.ofSeconds(60));
        openLink(server.port(), FAST.withHeartbeat(Duration.ofSeconds(60), Duration.ofMillis(300)));
        Channel first = awaitLinkUp();

        assertThat(first.closeFuture().await(AWAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        awaitLinkUp(); // and it reconnects
    }

    @Test
    void closedLinkStopsReconnecting() throws Exception {
        PduServer server = startServer();
        PduLink link = openLink(server.port(), FAST);
        Channel up = awaitLinkUp();
        Channel serverSide = serverChannels.poll(AWAIT_SECONDS, TimeUnit.SECONDS);

        link.close();

        assertThat(up.isOpen()).isFalse();
        assertThat(serverSide.closeFuture().await(AWAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(linkUps.poll(600, TimeUnit.MILLISECONDS)).as("no reconnect after close").isNull();
        assertThat(link.isUp()).isFalse();
        // the channel group forgets a channel in a close listener, which may run just after await() returns
        await().atMost(Duration.ofSeconds(AWAIT_SECONDS)).until(() -> server.connectionCount() == 0);
    }

    @Test
    void linkUpFiresOnTheLinksEventLoop() throws Exception {
        PduServer server = startServer();
        CountDownLatch onLoop = new CountDownLatch(1);
        PduLink link = PduLink.open("loop-check", "127.0.0.1", server.port(), linkGroup, FAST, p -> { },
                (l, ch) -> {
                    if (ch.eventLoop().inEventLoop()) {
                        onLoop.countDown();
                    }
                });
        closeables.add(link);

        assertThat(onLoop.await(AWAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    }

    /**
     * A link's read timeout counts from this end's last read. When another channel of the same
     * event loop keeps the loop busy past the timeout, the peer's heartbeats wait unread in the
     * socket, and the link must not be taken for dead: under load that closed both route-server
     * links of a msg-server at once, and its relays in flight with them.
     */
    @Test
    void aBusyEventLoopDoesNotMakeALiveLinkLookDead() throws Exception {
        PduServer server = startServer(0, Duration.ofMillis(100), Duration.ofSeconds(30));
        PduLink link = openLink(server.port(), FAST.withHeartbeat(Duration.ofMillis(100), Duration.ofMillis(500)));
        Channel up = awaitLinkUp();
        assertThat(serverChannels.poll(AWAIT_SECONDS, TimeUnit.SECONDS)).isNotNull();
        CountDownLatch stalling = new CountDownLatch(1);
        PduLink staller = PduLink.open("staller", "127.0.0.1", server.port(), linkGroup, FAST,
                p -> p.addLast(new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
                        ReferenceCountUtil.release(msg);
                        stalling.countDown();
                        Thread.sleep(1_500); // three link timeouts, on the loop both links share
                    }
                }), listener);
        closeables.add(staller);
        awaitLinkUp();
        Channel stallerServerSide = serverChannels.poll(AWAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(up.eventLoop()).isSameAs(staller.channel().eventLoop());

        stallerServerSide.writeAndFlush(roleSet(1, 1));

        assertThat(stalling.await(AWAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        await().during(Duration.ofMillis(2_500)).atMost(Duration.ofSeconds(AWAIT_SECONDS))
                .until(() -> up.isOpen() && linkDowns.get() == 0);
        assertThat(link.channel()).isSameAs(up);
    }
}
