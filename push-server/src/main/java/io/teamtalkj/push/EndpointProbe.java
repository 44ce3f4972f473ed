package io.teamtalkj.push;

import io.teamtalkj.control.TierHealthService;
import io.teamtalkj.control.proto.ComponentHealth;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.function.Supplier;

/**
 * Readiness of a provider: can a TCP connection to its service be opened now? Runs inside a
 * {@link io.teamtalkj.control.CachedCheck}, so the blocking connect never holds an HTTP or gRPC
 * thread. A provider that is down makes the push-server unready; it still starts and queues.
 */
final class EndpointProbe implements Supplier<ComponentHealth> {
    static final int CONNECT_TIMEOUT_MILLIS = 2000;

    private final String name;
    private final InetSocketAddress endpoint;

    EndpointProbe(String name, InetSocketAddress endpoint) {
        this.name = name;
        this.endpoint = endpoint;
    }

    @Override
    public ComponentHealth get() {
        String where = endpoint.getHostString() + ":" + endpoint.getPort();
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(endpoint.getHostString(), endpoint.getPort()), CONNECT_TIMEOUT_MILLIS);
            return TierHealthService.component(name, true, where + " reachable");
        } catch (IOException e) {
            return TierHealthService.component(name, false, where + " unreachable: " + e.getMessage());
        }
    }
}
