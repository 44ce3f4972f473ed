package io.teamtalkj.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mogujie.tt.protobuf.IMServer;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.CommandRegistry;
import io.teamtalkj.pdu.Pdu;
import io.teamtalkj.pdu.PduDecoder;
import io.teamtalkj.pdu.PduDispatcher;
import io.teamtalkj.testing.PduTestClient;
import io.teamtalkj.testing.TestCerts;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@link PduServer} and {@link PduLink} over TLS, with certificates made for the test. */
@Timeout(120)
class PduLinkTlsTest {
    private static final PduLink.Settings FAST = PduLink.Settings.DEFAULT
            .withBackoff(Duration.ofMillis(50), Duration.ofMillis(200));

    @TempDir
    static Path dir;
    static TestCerts.Authority clusterCa;
    static TestCerts.Identity server;
    static TestCerts.Identity member;
    static TestCerts.Identity stranger;

    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final BlockingQueue<Pdu> serverReceived = new LinkedBlockingQueue<>();
    private final AtomicInteger linkUps = new AtomicInteger();
    private EventLoopGroup linkGroup;
    private PduDispatcher serverDispatcher;

    @BeforeAll
    static void certificates() throws Exception {
        clusterCa = TestCerts.authority(dir, "cluster-ca");
        server = clusterCa.issue("server");
        member = clusterCa.issue("member");
        stranger = TestCerts.authority(dir, "other-ca").issue("stranger");
    }

    @BeforeEach
    void setUp() {
        linkGroup = EventLoops.newGroup("tls-link-test", 1);
        serverDispatcher = new PduDispatcher("tls-test-server", new CommandRegistry().register(
                CommandId.CID_OTHER_ROLE_SET, IMServer.IMRoleSet.parser(), (ctx, pdu, msg) -> serverReceived.add(pdu)));
    }

    @AfterEach
    void tearDown() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
        linkGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    private static TlsConfig.Pem pem(String option, Path file) {
        return new TlsConfig.Pem(option, file);
    }

    private PduServer startServer(TlsConfig tls) throws InterruptedException {
        PduServer s = PduServer.start("tls-test-server", "127.0.0.1", 0, null, tls.serverContext("the test server"), p -> {
            PduPipelines.addLinkStack(p, PduDecoder.DEFAULT_MAX_FRAME_LENGTH, Duration.ofSeconds(5), Duration.ofSeconds(30));
            p.addLast(PduPipelines.DISPATCHER, serverDispatcher);
        });
        closeables.add(s);
        return s;
    }

    private PduLink openLink(int port, TlsConfig tls) {
        PduLink link = PduLink.open("tls-test-link", "127.0.0.1", port, linkGroup,
                FAST.withTls(tls.clientContext("the test link")), p -> { }, new PduLink.Listener() {
                    @Override
                    public void linkUp(PduLink l, Channel channel) {
                        linkUps.incrementAndGet();
                    }
                });
        closeables.add(link);
        return link;
    }

    private static Pdu roleSet(int seq) {
        return Pdu.of(CommandId.CID_OTHER_ROLE_SET, seq, IMServer.IMRoleSet.newBuilder().setMaster(1).build());
    }

    /** Sends role sets until one arrives: a link can be up a moment before the server refuses it (TLS 1.3). */
    private void assertDelivers(PduLink link) {
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            if (link.isUp()) {
                link.send(roleSet(7));
            }
            return serverReceived.poll(100, TimeUnit.MILLISECONDS) != null;
        });
    }

    private static TlsConfig serverOnly() {
        return TlsConfig.of(pem("--link-tls-cert", server.cert()), pem("--link-tls-key", server.key()), null);
    }

    private static TlsConfig mutualServer() {
        return TlsConfig.of(pem("--link-tls-cert", server.cert()), pem("--link-tls-key", server.key()),
                pem("--link-tls-ca", clusterCa.ca()));
    }

    private static TlsConfig client(TestCerts.Identity identity) {
        return TlsConfig.of(identity == null ? null : pem("--link-tls-cert", identity.cert()),
                identity == null ? null : pem("--link-tls-key", identity.key()), pem("--link-tls-ca", clusterCa.ca()));
    }

    @Test
    void linkVerifiesTheServerAgainstTheCaAndDelivers() throws Exception {
        PduServer s = startServer(serverOnly());
        PduLink link = openLink(s.port(), client(null));

        assertDelivers(link);
        assertThat(link.channel().pipeline().get(PduPipelines.TLS)).isNotNull();
    }

    @Test
    void plainClientOnATlsPortIsClosedAndTheServerKeepsServing() throws Exception {
        PduServer s = startServer(serverOnly());
        try (PduTestClient plain = PduTestClient.connect(s.port())) {
            plain.send(roleSet(1));
            assertThat(plain.closedWithin(10_000)).as("plain-TCP client closed").isTrue();
        }
        assertThat(serverReceived).isEmpty();
        await().atMost(Duration.ofSeconds(10)).until(() -> s.connectionCount() == 0);

        assertDelivers(openLink(s.port(), client(null)));
    }

    @Test
    void linkTrustingAnotherCaNeverComesUp() throws Exception {
        TlsConfig otherCaServer = TlsConfig.of(pem("--link-tls-cert", stranger.cert()), pem("--link-tls-key", stranger.key()), null);
        PduServer s = startServer(otherCaServer);
        PduLink link = openLink(s.port(), client(null));

        // several reconnect rounds: each handshake fails on the certificate check
        await().pollDelay(Duration.ofMillis(800)).atMost(Duration.ofSeconds(5)).until(() -> true);
        assertThat(linkUps.get()).isZero();
        assertThat(link.isUp()).isFalse();
        assertThat(serverReceived).isEmpty();
    }

    @Test
    void mutualTlsAcceptsAMemberCertificate() throws Exception {
        PduServer s = startServer(mutualServer());
        assertDelivers(openLink(s.port(), client(member)));
    }

    @Test
    void mutualTlsRefusesLinksWithoutATrustedClientCertificate() throws Exception {
        PduServer s = startServer(mutualServer());
        PduLink noCert = openLink(s.port(), client(null));
        PduLink strangerCert = openLink(s.port(), TlsConfig.of(pem("--link-tls-cert", stranger.cert()),
                pem("--link-tls-key", stranger.key()), pem("--link-tls-ca", clusterCa.ca())));

        // both keep trying; whatever they manage to write never reaches the handlers
        await().pollDelay(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5)).until(() -> {
            noCert.send(roleSet(1));
            strangerCert.send(roleSet(2));
            return true;
        });
        await().pollDelay(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> true);
        assertThat(serverReceived).isEmpty();
        // the server lives on: a member still links
        assertDelivers(openLink(s.port(), client(member)));
    }
}
