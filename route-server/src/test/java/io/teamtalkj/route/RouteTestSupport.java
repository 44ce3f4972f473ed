package io.teamtalkj.route;

import static org.assertj.core.api.Assertions.assertThat;

import com.mogujie.tt.protobuf.IMBaseDefine.ClientType;
import io.netty.channel.EventLoopGroup;
import io.teamtalkj.net.EventLoops;
import io.teamtalkj.net.PduLink;
import io.teamtalkj.pdu.internal.RelayEnvelope;
import io.teamtalkj.links.route.RouteClient;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;

/** Route-servers on free ports with short link timers, and RouteClients posing as msg-servers. */
final class RouteTestSupport {
    static final Duration WAIT = Duration.ofSeconds(10);
    /** Fast heartbeats and reconnects, so link deaths and restarts show quickly. */
    static final PduLink.Settings CLIENT_SETTINGS = PduLink.Settings.DEFAULT
            .withHeartbeat(Duration.ofMillis(200), Duration.ofMillis(1500))
            .withBackoff(Duration.ofMillis(50), Duration.ofMillis(200));

    private RouteTestSupport() {
    }

    static RouteServerConfig config() {
        RouteServerConfig c = new RouteServerConfig();
        c.listenHost = "127.0.0.1";
        c.port = 0;
        c.controlPort = -1;
        c.metricsPort = -1;
        c.linkHeartbeat = Duration.ofMillis(200);
        c.linkTimeout = Duration.ofMillis(1500);
        c.ioThreads = 2;
        return c;
    }

    static EventLoopGroup newGroup() {
        return EventLoops.newGroup("test-msg", 2);
    }

    /** Polls until {@code condition} holds, failing with {@code what} after {@link #WAIT}. */
    static void await(String what, BooleanSupplier condition) {
        await(what, WAIT, condition);
    }

    static void await(String what, Duration limit, BooleanSupplier condition) {
        Awaitility.await(what).atMost(limit).pollInterval(Duration.ofMillis(10)).until(condition::getAsBoolean);
    }

    /**
     * A port of the kernel's choosing where no route-server runs (one ran there and stopped), for
     * a route-server that starts later: start that one with {@code Ports.restartOn}.
     */
    static int portOfAStoppedRouteServer() throws Exception {
        try (RouteServer first = RouteServer.start(config())) {
            return first.port();
        }
    }

    /** A msg-server stand-in: a RouteClient that records the envelopes it is handed. */
    static final class FakeMsgServer implements AutoCloseable {
        final String name;
        final RouteClient client;
        final BlockingQueue<RelayEnvelope> received = new LinkedBlockingQueue<>();

        FakeMsgServer(String name, EventLoopGroup group, int... routePorts) {
            this.name = name;
            List<InetSocketAddress> routes = new ArrayList<>();
            for (int port : routePorts) {
                routes.add(new InetSocketAddress("127.0.0.1", port));
            }
            this.client = RouteClient.start(name, routes, group, CLIENT_SETTINGS, received::add);
        }

        void online(int userId, ClientType type, Integer... contacts) {
            client.userOnline(userId, type, List.of(contacts));
        }

        void offline(int userId, ClientType type) {
            client.userOffline(userId, type);
        }

        RelayEnvelope next() throws InterruptedException {
            RelayEnvelope e = received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(e).as("an envelope at %s", name).isNotNull();
            return e;
        }

        /** The next envelope carrying {@code commandId}, skipping others. */
        RelayEnvelope next(int commandId) throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (true) {
                long left = deadline - System.nanoTime();
                RelayEnvelope e = received.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
                assertThat(e).as("an envelope of command 0x%04x at %s", commandId, name).isNotNull();
                if (e.getCommandId() == commandId) {
                    return e;
                }
            }
        }

        @Override
        public void close() {
            client.close();
        }
    }

    /** The route-side link of a fake msg-server, once it has named itself in its snapshot. */
    static RouteLink link(RouteServer route, String name) {
        for (RouteLink l : route.links().all()) {
            if (l.name().equals(name)) {
                return l;
            }
        }
        return null;
    }

    /** Waits until every fake msg-server is linked, named, and has chosen its active route. */
    static void awaitLinked(RouteServer route, FakeMsgServer... servers) {
        await("msg-servers linked and named", () -> {
            for (FakeMsgServer s : servers) {
                RouteLink l = link(route, s.name);
                if (l == null || (s.client.activeRoute() == null)) {
                    return false;
                }
            }
            return true;
        });
    }

    static void awaitMaster(RouteServer route, FakeMsgServer... servers) {
        await("links marked active", () -> {
            for (FakeMsgServer s : servers) {
                RouteLink l = link(route, s.name);
                if (l == null || !l.master()) {
                    return false;
                }
            }
            return true;
        });
    }
}
