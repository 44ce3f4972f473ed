package io.teamtalkj.route.client;

import io.teamtalkj.links.route.RouteClient;
import static org.assertj.core.api.Assertions.assertThat;

import com.mogujie.tt.protobuf.IMBaseDefine.ClientType;
import io.netty.channel.EventLoopGroup;
import io.teamtalkj.net.EventLoops;
import io.teamtalkj.net.PduLink;
import io.teamtalkj.route.Presence;
import io.teamtalkj.route.RouteServer;
import io.teamtalkj.route.RouteServerConfig;
import io.teamtalkj.route.UserPresence;
import io.teamtalkj.testing.Ports;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** RouteClient's own guarantees: snapshots that neither lose nor double what updates report. */
@Timeout(300)
class RouteClientIT {
    private static final PduLink.Settings SETTINGS = PduLink.Settings.DEFAULT
            .withHeartbeat(Duration.ofMillis(200), Duration.ofMillis(1500))
            .withBackoff(Duration.ofMillis(20), Duration.ofMillis(100));

    private final EventLoopGroup group = EventLoops.newGroup("test-msg", 2);
    private RouteServer route;

    @AfterEach
    void stop() {
        if (route != null) {
            route.close();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static RouteServer startRoute(int port) throws Exception {
        RouteServerConfig c = new RouteServerConfig();
        c.listenHost = "127.0.0.1";
        c.port = port;
        c.controlPort = -1;
        c.metricsPort = -1;
        c.linkHeartbeat = Duration.ofMillis(200);
        c.linkTimeout = Duration.ofMillis(1500);
        c.ioThreads = 1;
        return RouteServer.start(c);
    }

    private static void await(String what, BooleanSupplier condition) {
        Awaitility.await(what).atMost(Duration.ofSeconds(15)).until(condition::getAsBoolean);
    }

    /** A port of the kernel's choosing where no route-server runs yet (one ran and stopped). */
    private static int portOfAStoppedRouteServer() throws Exception {
        try (RouteServer first = startRoute(0)) {
            return first.port();
        }
    }

    @Test
    void aLargeSnapshotArrivesInSeveralFramesWithContacts() throws Exception {
        int port = portOfAStoppedRouteServer();
        RouteClient client = RouteClient.start("msg-big", List.of(new InetSocketAddress("127.0.0.1", port)), group,
                SETTINGS, e -> { });
        try {
            List<Integer> contacts = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                contacts.add(100_000 + i);
            }
            for (int u = 1; u <= 5000; u++) {
                client.userOnline(u, u % 3 == 0 ? ClientType.CLIENT_TYPE_IOS : ClientType.CLIENT_TYPE_MAC, contacts);
            }
            route = Ports.restartOn(() -> startRoute(port));
            await("5000 users via snapshot", () -> route.presence().connections() == 5000);
            assertThat(route.stats().snapshots()).isGreaterThan(1);
            assertThat(route.presence().get(4999).contacts()).hasSize(60).startsWith(100_000);
            assertThat(route.presence().get(3).classes()).isEqualTo(2);
        } finally {
            client.close();
        }
    }

    @Test
    void loginsRacingRouteServerRestartsEndWithExactlyTheReportedConnections() throws Exception {
        route = startRoute(0);
        int port = route.port();
        RouteClient client = RouteClient.start("msg-race", List.of(new InetSocketAddress("127.0.0.1", port)), group,
                SETTINGS, e -> { });
        int threads = 4;
        int usersPerThread = 50;
        int[][] finalCounts = new int[threads * usersPerThread + 1][2];
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch done = new CountDownLatch(threads);
        ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
        try {
            await("linked", client::anyUp);
            for (int t = 0; t < threads; t++) {
                int first = t * usersPerThread + 1;
                Thread worker = new Thread(() -> {
                    Random rnd = new Random(first);
                    try {
                        while (!stop.get()) {
                            int u = first + rnd.nextInt(usersPerThread);
                            int cls = rnd.nextInt(2);
                            ClientType type = cls == 0 ? ClientType.CLIENT_TYPE_WINDOWS : ClientType.CLIENT_TYPE_ANDROID;
                            if (finalCounts[u][cls] > 0 && rnd.nextBoolean()) {
                                client.userOffline(u, type);
                                finalCounts[u][cls]--;
                            } else if (finalCounts[u][cls] < 2) {
                                client.userOnline(u, type, List.of());
                                finalCounts[u][cls]++;
                            }
                            if (rnd.nextInt(50) == 0) {
                                Thread.sleep(1);
                            }
                        }
                    } catch (Throwable e) {
                        errors.add(e);
                    } finally {
                        done.countDown();
                    }
                }, "login-" + t);
                worker.start();
            }
            for (int restart = 0; restart < 3; restart++) {
                Thread.sleep(150);
                route.close();
                route = Ports.restartOn(() -> startRoute(port));
                await("relinked", () -> route.links().size() == 1);
            }
            Thread.sleep(150);
            stop.set(true);
            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(errors).isEmpty();

            long expected = 0;
            for (int[] c : finalCounts) {
                expected += c[0] + c[1];
            }
            long want = expected;
            Presence p = route.presence();
            // eventually, not at the first moment the total matches: a resync still being applied
            // (the link's entries replaced by its snapshot) can match the total with users in flux
            Awaitility.await("route-server converges on " + want + " connections, user by user")
                    .atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                        assertThat(p.connections()).isEqualTo(want);
                        for (int u = 1; u < finalCounts.length; u++) {
                            UserPresence up = p.get(u);
                            int pc = up == null ? 0 : up.pcOn(0);
                            int mobile = up == null ? 0 : up.mobileOn(0);
                            assertThat(new int[] {pc, mobile}).as("user %d", u).containsExactly(finalCounts[u]);
                        }
                    });
        } finally {
            stop.set(true);
            client.close();
        }
    }
}
