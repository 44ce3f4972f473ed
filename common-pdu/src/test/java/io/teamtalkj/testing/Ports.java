package io.teamtalkj.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Loopback ports for tests. Prefer binding port 0; use this only when a port must be known first. */
public final class Ports {
    private Ports() {
    }

    /** A TCP port on 127.0.0.1 that was free a moment ago (another process may still take it). */
    public static int freeTcpPort() {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
