package io.teamtalkj.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * Ports for tests. Servers bind port 0 and report what they got; these helpers cover the two cases
 * where a test needs a port it did not just bind: an address where nothing listens, and a server
 * that comes back on the port it had before.
 */
public final class Ports {
    private Ports() {
    }

    /**
     * A loopback port held by a bound socket that does not listen: connecting to it is refused,
     * and no other process can bind it until the socket is closed (it has no SO_REUSEADDR).
     */
    public static Socket refusing() throws IOException {
        Socket s = new Socket();
        s.setReuseAddress(false);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return s;
    }

    /**
     * Starts a server again on the port it had (a restart), retrying for a few seconds while
     * the bind fails because the port is still taken; any other failure is thrown.
     */
    public static <T> T restartOn(Callable<T> start) {
        return await("restart on the same port").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .ignoreExceptionsMatching(Ports::isAddressInUse)
                .until(start, Objects::nonNull);
    }

    private static boolean isAddressInUse(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (String.valueOf(t.getMessage()).contains("already in use")) {
                return true;
            }
        }
        return false;
    }
}
