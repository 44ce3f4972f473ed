package io.teamtalkj.control;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A tier's gRPC control port: health plus whatever admin/stats services the tier adds. */
public final class ControlServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ControlServer.class);

    private final Server server;
    private final TierHealthService health;

    private ControlServer(Server server, TierHealthService health) {
        this.server = server;
        this.health = health;
    }

    /** Starts on {@code host:port} (0 = a free port) with the health service and {@code services}. */
    public static ControlServer start(String host, int port, TierHealthService health, List<BindableService> services)
            throws IOException {
        NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress(host, port))
                .addService(health);
        services.forEach(builder::addService);
        Server server = builder.build().start();
        log.info("control (gRPC) listening on {}:{}", host, server.getPort());
        return new ControlServer(server, health);
    }

    public int port() {
        return server.getPort();
    }

    public TierHealthService health() {
        return health;
    }

    @Override
    public void close() {
        health.markShuttingDown();
        server.shutdown();
        try {
            if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
                server.shutdownNow();
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
