package io.teamtalkj.embedded;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ports for mariadbd and redis-server when the caller asks for "any free port": both must be told
 * a concrete port, so one is picked and checked free, and the start is retried on another port if
 * something took it in between. Picks come from outside the kernel's ephemeral range
 * (/proc/sys/net/ipv4/ip_local_port_range), which outgoing connections draw from at any moment,
 * and above TeamTalk's fixed cluster layout (8000..10607).
 */
public final class EmbeddedPorts {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedPorts.class);

    static final int ATTEMPTS = 5;
    private static final int LOWEST = 20_000;
    private static final int HIGHEST = 65_535;
    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

    /** Starts a server on a given port; throws if it cannot. */
    @FunctionalInterface
    interface Starter<T, E extends Exception> {
        T start(int port) throws E;
    }

    private EmbeddedPorts() {
    }

    /** Random ports outside the ephemeral range that were free a moment ago. */
    static IntSupplier candidates() {
        int[] ephemeral = ephemeralRange();
        return () -> {
            for (int attempt = 0; attempt < 100; attempt++) {
                int port = pick(ephemeral[0], ephemeral[1]);
                if (canBind(port)) {
                    return port;
                }
            }
            throw new IllegalStateException("no free loopback port found outside the ephemeral range "
                    + ephemeral[0] + ".." + ephemeral[1]);
        };
    }

    /**
     * {@code starter} on ports from {@code candidates} until one start succeeds; a failure that is
     * not a lost race for the port is thrown at once, as is the last one after {@value #ATTEMPTS}.
     */
    static <T, E extends Exception> T startOnFreePort(String what, IntSupplier candidates, Starter<T, E> starter) throws E {
        for (int attempt = 1; ; attempt++) {
            int port = candidates.getAsInt();
            try {
                return starter.start(port);
            } catch (Exception e) {
                if (attempt == ATTEMPTS || !isBindFailure(e, port)) {
                    throw e;
                }
                log.info("{} could not bind 127.0.0.1:{} (taken meanwhile); trying another port", what, port);
            }
        }
    }

    /** The server's own "address in use" error, or the port held by someone now. */
    static boolean isBindFailure(Throwable e, int port) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage());
            if (m.contains("already in use") || m.contains("Bind on TCP/IP port")) {
                return true;
            }
        }
        return !canBind(port);
    }

    static boolean canBind(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A port in LOWEST..HIGHEST outside lo..hi (the whole span if nothing is left outside). */
    static int pick(int lo, int hi) {
        int below = Math.max(0, Math.min(lo, HIGHEST + 1) - LOWEST);
        int above = Math.max(0, HIGHEST - Math.max(hi, LOWEST - 1));
        if (below + above == 0) {
            return ThreadLocalRandom.current().nextInt(LOWEST, HIGHEST + 1);
        }
        int i = ThreadLocalRandom.current().nextInt(below + above);
        return i < below ? LOWEST + i : Math.max(hi, LOWEST - 1) + 1 + (i - below);
    }

    /** lo and hi of the kernel's ephemeral range; Linux's default where it cannot be read. */
    static int[] ephemeralRange() {
        try {
            String[] parts = Files.readString(EPHEMERAL_RANGE).trim().split("\\s+");
            return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
        } catch (IOException | RuntimeException e) {
            return new int[] {32_768, 60_999};
        }
    }
}
