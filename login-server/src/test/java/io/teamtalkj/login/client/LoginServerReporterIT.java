package io.teamtalkj.login.client;

import io.teamtalkj.links.login.LoginServerReporter;
import static org.assertj.core.api.Assertions.assertThat;

import com.mogujie.tt.protobuf.IMServer.IMMsgServInfo;
import com.mogujie.tt.protobuf.IMServer.IMUserCntUpdate;
import io.netty.channel.EventLoopGroup;
import io.teamtalkj.login.LoginServer;
import io.teamtalkj.login.LoginServerConfig;
import io.teamtalkj.login.MsgServerEntry;
import io.teamtalkj.net.EventLoops;
import io.teamtalkj.net.PduLink;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Pdu;
import java.io.DataInputStream;
import java.net.InetAddress;
import io.teamtalkj.testing.Ports;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The msg-server's reporter against real login-servers: snapshots on every link up, counts to every link. */
@Timeout(300)
class LoginServerReporterIT {
    private static final PduLink.Settings FAST_RECONNECT =
            PduLink.Settings.DEFAULT.withBackoff(Duration.ofMillis(50), Duration.ofMillis(200));

    private final List<AutoCloseable> open = new ArrayList<>();
    private EventLoopGroup group;

    @BeforeEach
    void setUp() {
        group = EventLoops.newGroup("test-msg-links", 2);
    }

    @AfterEach
    void tearDown() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    private LoginServer loginServer(int msgServerPort) throws Exception {
        LoginServerConfig c = new LoginServerConfig();
        c.listenHost = "127.0.0.1";
        c.httpPort = 0;
        c.msgServerPort = msgServerPort;
        c.legacyClientPort = -1;
        c.metricsPort = 0;
        LoginServer s = LoginServer.start(c);
        open.add(s);
        return s;
    }

    private static InetSocketAddress at(LoginServer s) {
        return new InetSocketAddress("127.0.0.1", s.msgServerPort());
    }

    static void await(String what, BooleanSupplier condition) {
        Awaitility.await(what).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                .until(condition::getAsBoolean);
    }

    private static long users(LoginServer s) {
        List<MsgServerEntry> entries = s.registry().entries();
        return entries.size() == 1 ? entries.get(0).curConnCnt() : -1;
    }

    @Test
    void reportsToEveryLoginServerAndResendsTheSnapshotAfterARestart() throws Exception {
        LoginServer first = loginServer(0);
        LoginServer second = loginServer(0);
        int firstPort = first.msgServerPort();
        AtomicInteger users = new AtomicInteger(0);
        AtomicInteger snapshots = new AtomicInteger();
        LoginServerReporter reporter = LoginServerReporter.start("ms1", List.of(at(first), at(second)), group,
                FAST_RECONNECT, () -> {
                    snapshots.incrementAndGet();
                    return IMMsgServInfo.newBuilder().setIp1("10.0.0.1").setIp2("10.0.0.2").setPort(8000)
                            .setMaxConnCnt(100).setCurConnCnt(users.get()).setHostName("ms1").build();
                });
        open.add(reporter);
        await("both announced", () -> first.registry().size() == 1 && second.registry().size() == 1
                && reporter.linksUp() == 2);
        MsgServerEntry e = first.registry().entries().get(0);
        assertThat(e.hostName()).isEqualTo("ms1");
        assertThat(e.ip1()).isEqualTo("10.0.0.1");
        assertThat(e.ip2()).isEqualTo("10.0.0.2");
        assertThat(e.port()).isEqualTo(8000);
        assertThat(e.maxConnCnt()).isEqualTo(100);

        for (int id = 1; id <= 3; id++) {
            users.incrementAndGet();
            reporter.userLoggedIn(id);
        }
        users.decrementAndGet();
        reporter.userLoggedOut(2);
        await("two users on both", () -> users(first) == 2 && users(second) == 2);

        // the first login-server goes away; the msg-server keeps serving and counting
        first.close();
        open.remove(first);
        await("link to the first down", () -> reporter.linksUp() == 1);
        for (int id = 10; id < 15; id++) {
            users.incrementAndGet();
            reporter.userLoggedIn(id);
        }
        await("seven users on the second", () -> users(second) == 7);
        int snapshotsBefore = snapshots.get();

        // it comes back on the same port: the reporter reconnects and sends a fresh snapshot
        LoginServer restarted = Ports.restartOn(() -> loginServer(firstPort));
        await("re-announced", () -> restarted.registry().size() == 1);
        assertThat(users(restarted)).isEqualTo(7);
        assertThat(snapshots.get()).isEqualTo(snapshotsBefore + 1);
        await("both links up", () -> reporter.linksUp() == 2);

        users.decrementAndGet();
        reporter.userLoggedOut(10);
        await("six users on both", () -> users(restarted) == 6 && users(second) == 6);
    }

    @Test
    void closingTheReporterUnregistersIt() throws Exception {
        LoginServer login = loginServer(0);
        LoginServerReporter reporter = LoginServerReporter.start("ms1", List.of(at(login)), group, FAST_RECONNECT,
                () -> IMMsgServInfo.newBuilder().setIp1("a").setIp2("a").setPort(1).setMaxConnCnt(1).setCurConnCnt(0)
                        .setHostName("ms1").build());
        await("announced", () -> login.registry().size() == 1);
        reporter.close();
        await("forgotten", () -> login.registry().size() == 0);
        reporter.userLoggedIn(1); // harmless after close
        assertThat(reporter.linksUp()).isZero();
    }

    @Test
    void snapshotComesFirstThenUpdatesInCallOrderOnTheWire() throws Exception {
        // a fake login-server that records the frames, with a plain blocking socket
        try (ServerSocket fake = new ServerSocket()) {
            fake.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            LoginServerReporter reporter = LoginServerReporter.start("ms1",
                    List.of(new InetSocketAddress("127.0.0.1", fake.getLocalPort())), group, FAST_RECONNECT,
                    () -> IMMsgServInfo.newBuilder().setIp1("a").setIp2("b").setPort(8000).setMaxConnCnt(9)
                            .setCurConnCnt(4).setHostName("ms1").build());
            open.add(reporter);
            fake.setSoTimeout(10_000);
            try (Socket s = fake.accept()) {
                s.setSoTimeout(10_000);
                DataInputStream in = new DataInputStream(s.getInputStream());
                Pdu info = read(in);
                assertThat(info.commandId()).isEqualTo(CommandId.CID_OTHER_MSG_SERV_INFO);
                assertThat(info.serviceId()).isEqualTo(7);
                assertThat(info.parse(IMMsgServInfo.parser()).getCurConnCnt()).isEqualTo(4);
                await("link up", () -> reporter.linksUp() == 1);
                reporter.userLoggedIn(11);
                reporter.userLoggedOut(12);
                IMUserCntUpdate plus = read(in).parse(IMUserCntUpdate.parser());
                IMUserCntUpdate minus = read(in).parse(IMUserCntUpdate.parser());
                assertThat(plus.getUserAction()).isEqualTo(1);
                assertThat(plus.getUserId()).isEqualTo(11);
                assertThat(minus.getUserAction()).isEqualTo(2);
                assertThat(minus.getUserId()).isEqualTo(12);
            }
        }
    }

    /** The next non-heartbeat frame. */
    private static Pdu read(DataInputStream in) throws Exception {
        while (true) {
            int length = in.readInt();
            byte[] header = new byte[12];
            in.readFully(header);
            byte[] body = new byte[length - Pdu.HEADER_LENGTH];
            in.readFully(body);
            int sid = ((header[4] & 0xff) << 8) | (header[5] & 0xff);
            int cid = ((header[6] & 0xff) << 8) | (header[7] & 0xff);
            int seq = ((header[8] & 0xff) << 8) | (header[9] & 0xff);
            if (cid != CommandId.CID_OTHER_HEARTBEAT) {
                return new Pdu(1, 0, sid, cid, seq, 0, body);
            }
        }
    }
}
