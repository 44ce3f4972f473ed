package io.teamtalkj.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which processes the stale-process cleanup stops, using a copy of sleep(1) as the "server":
 * an orphan of ours is stopped (SIGKILL if it ignores SIGTERM), whatever else a pid file names is
 * left alone, and a server a live JVM still owns is not taken away from it.
 */
class StaleProcessesTest {
    private static final Duration GRACE = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    private Path server;
    private Path pidFile;
    private final List<Long> started = new ArrayList<>();

    @BeforeEach
    void copySleepAsOurServer() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc")), "needs Linux /proc");
        dir = dir.toRealPath();
        server = dir.resolve("fake-server");
        Files.copy(Path.of("/bin/sleep").toRealPath(), server);
        Files.setPosixFilePermissions(server, PosixFilePermissions.fromString("rwxr-xr-x"));
        pidFile = dir.resolve("fake-server.pid");
    }

    @AfterEach
    void killWhatWeStarted() {
        for (long pid : started) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    /** Starts {@code command} in the background of a shell that exits at once, so it is orphaned. */
    private long orphan(String command) throws Exception {
        Process sh = new ProcessBuilder("sh", "-c", "(" + command + ") >/dev/null 2>&1 </dev/null & echo $!").start();
        String pid;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(sh.getInputStream(), StandardCharsets.UTF_8))) {
            pid = in.readLine();
        }
        assertThat(sh.waitFor(10, TimeUnit.SECONDS)).isTrue();
        long p = Long.parseLong(pid.strip());
        started.add(p);
        // wait for the exec to have happened
        await().atMost(Duration.ofSeconds(10)).until(() -> StaleProcesses.cmdline(p).toString().contains("60"));
        return p;
    }

    private List<Long> stopStale() {
        return StaleProcesses.stopStale("fake-server", pidFile, server, cmd -> StaleProcesses.runs(cmd, server), GRACE);
    }

    @Test
    void anOrphanOfOursIsStoppedAndItsPidFileRemoved() throws Exception {
        long pid = orphan("exec " + server + " 60");
        StaleProcesses.write(pidFile, ProcessHandle.of(pid).orElseThrow(), server);
        assertThat(StaleProcesses.read(pidFile).orElseThrow().pid()).isEqualTo(pid);
        assertThat(Files.readString(pidFile)).contains("cmdline=" + server + " 60");

        assertThat(stopStale()).containsExactly(pid);
        assertThat(StaleProcesses.isAlive(pid)).isFalse();
        assertThat(pidFile).doesNotExist();
    }

    @Test
    void anOrphanIgnoringSigtermIsKilled() throws Exception {
        long pid = orphan("trap '' TERM; exec " + server + " 60");
        StaleProcesses.write(pidFile, ProcessHandle.of(pid).orElseThrow(), server);
        List<Long> stopped = StaleProcesses.stopStale("fake-server", pidFile, server,
                cmd -> StaleProcesses.runs(cmd, server), Duration.ofMillis(300));
        assertThat(stopped).containsExactly(pid);
        assertThat(StaleProcesses.isAlive(pid)).isFalse();
    }

    @Test
    void anOrphanWithoutPidFileIsFoundInProc() throws Exception {
        long pid = orphan("exec " + server + " 60");
        assertThat(stopStale()).containsExactly(pid);
        assertThat(StaleProcesses.isAlive(pid)).isFalse();
    }

    @Test
    void aPidFileNamingSomeOtherProgramNeverGetsItSignalled() throws Exception {
        // a reused pid: the file names a process that is not our executable
        long pid = orphan("exec sleep 60");
        StaleProcesses.write(pidFile, ProcessHandle.of(pid).orElseThrow(), server);
        assertThat(stopStale()).isEmpty();
        assertThat(StaleProcesses.isAlive(pid)).isTrue();
        assertThat(pidFile).doesNotExist();
    }

    @Test
    void aPidFileOfAProcessThatIsGoneIsDropped() throws Exception {
        Process p = new ProcessBuilder(server.toString(), "0").start();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        Files.writeString(pidFile, "pid=" + p.pid() + "\n");
        assertThat(stopStale()).isEmpty();
        assertThat(pidFile).doesNotExist();
    }

    @Test
    void aServerALiveJvmStillOwnsIsNotTakenFromIt() throws Exception {
        Process mine = new ProcessBuilder(server.toString(), "60").start(); // parent: this JVM
        started.add(mine.pid());
        StaleProcesses.write(pidFile, mine.toHandle(), server);
        assertThatThrownBy(this::stopStale).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("still in use").hasMessageContaining(Long.toString(ProcessHandle.current().pid()));
        assertThat(mine.isAlive()).isTrue();
    }
}
