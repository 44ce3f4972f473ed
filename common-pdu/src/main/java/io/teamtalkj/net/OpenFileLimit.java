package io.teamtalkj.net;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import org.slf4j.Logger;

/**
 * The process's open-file limit, read once at start so a too-low limit is named before clients
 * hit it: past it every accept fails (EMFILE) and new users cannot connect while the server
 * looks healthy. The JVM already raises the soft limit to the hard one on Linux; what is left
 * is for the operator (ulimit -n, systemd LimitNOFILE=, docker --ulimit nofile=).
 */
public final class OpenFileLimit {
    /** Files a tier keeps open besides client sockets: jars, logs, links, epoll, pipes. */
    static final long RESERVED = 256;
    private static final Path LIMITS = Path.of("/proc/self/limits");

    private OpenFileLimit() {
    }

    /** The soft limit on open files, when the platform tells (Linux /proc). */
    public static OptionalLong current() {
        try {
            return parse(Files.readAllLines(LIMITS));
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    static OptionalLong parse(List<String> limitsLines) {
        for (String line : limitsLines) {
            if (line.startsWith("Max open files")) {
                String[] cols = line.substring("Max open files".length()).trim().split("\\s+");
                if (cols.length > 0) {
                    return cols[0].equals("unlimited") ? OptionalLong.of(Long.MAX_VALUE) : OptionalLong.of(Long.parseLong(cols[0]));
                }
            }
        }
        return OptionalLong.empty();
    }

    /** Below this many connections a limit is too low for any real deployment: WARN, not INFO. */
    static final long WARN_BELOW = 10_000;

    /**
     * Names a limit that leaves room for fewer than {@code wantedConnections} connections, with the
     * number it allows and how to raise it: WARN when that is under {@link #WARN_BELOW} (a distro's
     * 1024 default), INFO when it is only below the configured maximum.
     *
     * @return whether it warned
     */
    public static boolean warnIfLow(Logger log, String tier, OptionalLong limit, long wantedConnections) {
        if (limit.isEmpty()) {
            return false;
        }
        long room = Math.max(0, limit.getAsLong() - RESERVED);
        if (room >= wantedConnections) {
            return false;
        }
        if (room >= WARN_BELOW) {
            log.info("{}: the open-file limit ({}) allows about {} connections (--max-connections {})", tier,
                    limit.getAsLong(), room, wantedConnections);
            return false;
        }
        log.warn("{}: the open-file limit is {}, room for about {} connections of the {} configured; past it new "
                + "connections fail (EMFILE). Raise it: ulimit -n {} (shell), LimitNOFILE= (systemd), "
                + "--ulimit nofile= (docker)", tier, limit.getAsLong(), room, wantedConnections,
                wantedConnections + RESERVED);
        return true;
    }
}
