package io.teamtalkj.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds and stops a database server a previous run started and then left behind (its JVM was
 * SIGKILLed, so no shutdown hook ran and the child was orphaned). Each server we start is
 * recorded in a small properties file next to its data (pid, start time, executable, command
 * line); the next start reads it and stops that process, but only after
 * {@code /proc/PID/cmdline} shows it really is our executable from our directory, so a reused pid
 * never gets a signal. As a safety net, {@code /proc} is also scanned for our executable in case
 * the record was lost. A server whose parent is a live JVM is in use, not stale: starting again
 * then fails instead of pulling it from under its owner.
 *
 * <p>Linux only (reads {@code /proc}); elsewhere it does nothing.
 */
final class StaleProcesses {
    private static final Logger log = LoggerFactory.getLogger(StaleProcesses.class);
    private static final Path PROC = Path.of("/proc");

    /** How long a stopped server may take to exit after SIGTERM before it gets SIGKILL. */
    static final Duration DEFAULT_GRACE = Duration.ofSeconds(30);

    private StaleProcesses() {
    }

    /** What a pid file says. */
    record Record(long pid, Instant started, String command, long ownerPid) {
    }

    /**
     * Records {@code process} (a server we just started) in {@code pidFile}, replacing it
     * atomically so a crash never leaves half a record.
     */
    static void write(Path pidFile, ProcessHandle process, Path executable) throws IOException {
        Properties p = new Properties();
        p.setProperty("pid", Long.toString(process.pid()));
        process.info().startInstant().ifPresent(t -> p.setProperty("started", t.toString()));
        p.setProperty("executable", executable.toString());
        p.setProperty("cmdline", String.join(" ", cmdline(process.pid())));
        p.setProperty("owner", Long.toString(ProcessHandle.current().pid()));
        Path tmp = pidFile.resolveSibling(pidFile.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            p.store(out, "written by TeamTalk-J; lets the next start stop this server if it was left running");
        }
        try {
            Files.move(tmp, pidFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, pidFile, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The record in {@code pidFile}, or empty when there is none or it cannot be read. */
    static Optional<Record> read(Path pidFile) {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(pidFile)) {
            p.load(in);
            long pid = Long.parseLong(p.getProperty("pid", "").strip());
            String started = p.getProperty("started");
            return Optional.of(new Record(pid, started == null ? null : Instant.parse(started.strip()),
                    p.getProperty("executable", ""), Long.parseLong(p.getProperty("owner", "0").strip())));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            log.warn("ignoring unreadable pid file {}: {}", pidFile, e.toString());
            return Optional.empty();
        }
    }

    static void delete(Path pidFile) {
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            log.warn("cannot delete pid file {}: {}", pidFile, e.toString());
        }
    }

    /**
     * Stops a stale {@code executable} left behind by an earlier run: the one named in
     * {@code pidFile}, and any other one {@code /proc} shows, as long as
     * {@code isOurs.test(cmdline)} holds for it. Returns the pids stopped.
     *
     * @param what "mariadbd" or "redis-server", for the log
     * @throws IllegalStateException when such a server is still owned by a live JVM
     */
    static List<Long> stopStale(String what, Path pidFile, Path executable, Predicate<List<String>> isOurs,
                                Duration grace) {
        List<Long> stopped = new ArrayList<>();
        if (!Files.isDirectory(PROC)) {
            return stopped;
        }
        Optional<Record> record = read(pidFile);
        if (record.isPresent()) {
            long pid = record.get().pid();
            if (!isAlive(pid)) {
                log.debug("pid file {}: {} (pid {}) is no longer running", pidFile, what, pid);
            } else if (!isOurs.test(cmdline(pid))) {
                // the pid was reused by something else: never signal it
                log.warn("pid file {} names pid {}, which is not our {} any more ({}); leaving it alone",
                        pidFile, pid, what, String.join(" ", cmdline(pid)));
            } else if (stop(what, pid, isOurs, grace, "recorded in " + pidFile)) {
                stopped.add(pid);
            }
        }
        for (long pid : scan(executable)) {
            if (!stopped.contains(pid) && isOurs.test(cmdline(pid)) && stop(what, pid, isOurs, grace, "found in /proc")) {
                stopped.add(pid);
            }
        }
        delete(pidFile);
        return stopped;
    }

    private static boolean stop(String what, long pid, Predicate<List<String>> isOurs, Duration grace, String how) {
        long parent = parentPid(pid);
        if (parent > 1 && isAlive(parent) && isJava(parent)) {
            throw new IllegalStateException(what + " (pid " + pid + ", " + how + ") is still in use by the running process "
                    + parent + "; stop that first");
        }
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty() || !isOurs.test(cmdline(pid))) {
            return false; // gone (or replaced) in the meantime
        }
        String started = handle.get().info().startInstant().map(Instant::toString).orElse("?");
        log.warn("stopping stale {} (pid {}, started {}, {}) left running by an earlier run that did not shut down",
                what, pid, started, how);
        handle.get().destroy(); // SIGTERM: lets the server flush and remove its socket
        if (!awaitExit(pid, grace)) {
            log.warn("stale {} (pid {}) did not exit within {} s of SIGTERM; sending SIGKILL", what, pid, grace.toSeconds());
            handle.get().destroyForcibly();
            if (!awaitExit(pid, Duration.ofSeconds(10))) {
                throw new IllegalStateException("cannot stop stale " + what + " (pid " + pid + ")");
            }
        }
        log.warn("stopped stale {} (pid {})", what, pid);
        return true;
    }

    /** Waits for {@code pid} to exit (orphans are not our children, so poll /proc). */
    static boolean awaitExit(long pid, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (isAlive(pid)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return !isAlive(pid);
            }
        }
        return true;
    }

    /**
     * Running, i.e. present in /proc and not a zombie. An orphan's new parent may never reap it
     * (a container's pid 1 often does not), and a zombie holds no port or file.
     */
    static boolean isAlive(long pid) {
        String stat = stat(pid);
        if (stat == null) {
            return false;
        }
        char state = stat.charAt(0);
        return state != 'Z' && state != 'X' && state != 'x';
    }

    static long parentPid(long pid) {
        String stat = stat(pid);
        if (stat == null) {
            return -1;
        }
        String[] fields = stat.split(" ");
        return fields.length > 1 ? Long.parseLong(fields[1]) : -1;
    }

    /** The fields of /proc/PID/stat after "pid (comm) ", state first; null when there is no such process. */
    private static String stat(long pid) {
        try {
            String s = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"), StandardCharsets.UTF_8);
            int close = s.lastIndexOf(')'); // comm may itself contain spaces and parentheses
            return close < 0 || close + 2 >= s.length() ? null : s.substring(close + 2);
        } catch (IOException e) {
            return null;
        }
    }

    /** The arguments in /proc/PID/cmdline (empty when unreadable or a zombie). */
    static List<String> cmdline(long pid) {
        List<String> args = new ArrayList<>();
        try {
            byte[] raw = Files.readAllBytes(PROC.resolve(Long.toString(pid)).resolve("cmdline"));
            int start = 0;
            for (int i = 0; i <= raw.length; i++) {
                if (i == raw.length || raw[i] == 0) {
                    if (i > start) {
                        args.add(new String(raw, start, i - start, StandardCharsets.UTF_8));
                    }
                    start = i + 1;
                }
            }
        } catch (IOException e) {
            // gone, or not ours to read
        }
        return args;
    }

    /**
     * Whether argv[0] is {@code executable}. Some servers (redis-server) rewrite their
     * command line to "path host:port", so only the first word is compared.
     */
    static boolean runs(List<String> cmdline, Path executable) {
        if (cmdline.isEmpty()) {
            return false;
        }
        String argv0 = cmdline.get(0).strip();
        int space = argv0.indexOf(' ');
        return (space < 0 ? argv0 : argv0.substring(0, space)).equals(executable.toString());
    }

    /** Pids whose /proc/PID/exe is {@code executable}. */
    private static List<Long> scan(Path executable) {
        List<Long> found = new ArrayList<>();
        long self = ProcessHandle.current().pid();
        try (Stream<Path> entries = Files.list(PROC)) {
            entries.map(p -> p.getFileName().toString())
                    .filter(n -> !n.isEmpty() && n.chars().allMatch(Character::isDigit))
                    .map(Long::parseLong)
                    .filter(pid -> pid != self)
                    .filter(pid -> executable.equals(exe(pid)))
                    .forEach(found::add);
        } catch (IOException e) {
            log.debug("cannot scan /proc: {}", e.toString());
        }
        return found;
    }

    /** The executable of {@code pid} ("(deleted)" stripped: the binary may have been replaced), or null. */
    private static Path exe(long pid) {
        try {
            String target = Files.readSymbolicLink(PROC.resolve(Long.toString(pid)).resolve("exe")).toString();
            return Path.of(target.endsWith(" (deleted)") ? target.substring(0, target.length() - 10) : target);
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return null;
        }
    }

    private static boolean isJava(long pid) {
        Path exe = exe(pid);
        return exe != null && exe.getFileName() != null && exe.getFileName().toString().startsWith("java");
    }
}
