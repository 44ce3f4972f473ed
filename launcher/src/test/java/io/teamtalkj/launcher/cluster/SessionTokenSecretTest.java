package io.teamtalkj.launcher.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cluster's session token secret: generated once, owner-only, kept across restarts. */
class SessionTokenSecretTest {
    @Test
    void generatedOnceAndKept(@TempDir Path dir) throws Exception {
        String first = SessionTokenSecret.readOrCreate(dir);
        assertThat(first).matches("[0-9a-f]{64}");
        Path file = dir.resolve(SessionTokenSecret.FILE_NAME);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(SessionTokenSecret.readOrCreate(dir)).as("a restart keeps it").isEqualTo(first);
        assertThat(SessionTokenSecret.readOrCreate(dir.resolve("other"))).as("another cluster, another secret")
                .isNotEqualTo(first);
    }

    @Test
    void aTruncatedFileIsReplaced(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve(SessionTokenSecret.FILE_NAME), "short\n");
        assertThat(SessionTokenSecret.readOrCreate(dir)).matches("[0-9a-f]{64}");
    }
}
