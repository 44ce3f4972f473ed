package io.teamtalkj.launcher.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterLayoutTest {
    @TempDir
    Path dir;

    static ClusterLayout layout(long pid) {
        return new ClusterLayout(pid, "http://127.0.0.1:41000/msg_server", List.of("127.0.0.1:41001", "127.0.0.1:41002"),
                List.of("127.0.0.1:41003", "127.0.0.1:41004"), List.of("127.0.0.1:41005"), "127.0.0.1:41006",
                Map.of("dbproxy-server", "127.0.0.1:41007", "msg-server-1", "127.0.0.1:41008"));
    }

    @Test
    void aWrittenLayoutReadsBackTheSame() throws Exception {
        ClusterLayout written = layout(ProcessHandle.current().pid());
        written.write(dir);

        assertThat(ClusterLayout.file(dir)).exists();
        assertThat(dir.resolve(ClusterLayout.FILE_NAME + ".tmp")).doesNotExist();
        assertThat(ClusterLayout.readRunning(dir)).isEqualTo(written);
        assertThat(Files.readString(ClusterLayout.file(dir))).contains("login.url=http\\://127.0.0.1\\:41000/msg_server",
                "dbproxy.control=127.0.0.1\\:41006", "metrics.msg-server-1=127.0.0.1\\:41008");
    }

    @Test
    void aClusterWithoutRouteServersReadsBackWithNone() throws Exception {
        ClusterLayout written = new ClusterLayout(ProcessHandle.current().pid(), "http://h:1/msg_server", List.of("h:2"),
                List.of("127.0.0.1:3"), List.of(), "127.0.0.1:4", Map.of());
        written.write(dir);
        assertThat(ClusterLayout.readRunning(dir).routeControls()).isEmpty();
    }

    @Test
    void aMissingFileIsOneLineNamingIt() {
        assertThatThrownBy(() -> ClusterLayout.readRunning(dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(ClusterLayout.file(dir).toString())
                .hasMessageContaining("does not exist")
                .hasMessageNotContaining("\n");
    }

    @Test
    void aFileLeftByAProcessThatIsGoneIsStale() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        layout(gone.pid()).write(dir);

        assertThatThrownBy(() -> ClusterLayout.readRunning(dir))
                .hasMessageContaining(ClusterLayout.file(dir) + " is stale")
                .hasMessageContaining("process " + gone.pid());
    }

    @Test
    void aFileWithoutTheAddressesNamesTheFileAndTheKey() throws Exception {
        Files.writeString(ClusterLayout.file(dir), "pid=" + ProcessHandle.current().pid() + "\n");
        assertThatThrownBy(() -> ClusterLayout.readRunning(dir))
                .hasMessage(ClusterLayout.file(dir) + " has no login.url (not written by `teamtalk cluster`?)");
    }

    @Test
    void removingDeletesOnlyTheFileThisLayoutWrote() throws Exception {
        ClusterLayout mine = layout(ProcessHandle.current().pid());
        ClusterLayout other = new ClusterLayout(ProcessHandle.current().pid(), "http://127.0.0.1:42000/msg_server",
                List.of("127.0.0.1:42001"), List.of("127.0.0.1:42002"), List.of(), "127.0.0.1:42003", Map.of());
        other.write(dir);
        mine.removeFrom(dir);
        assertThat(ClusterLayout.file(dir)).exists();

        mine.write(dir);
        mine.removeFrom(dir);
        assertThat(ClusterLayout.file(dir)).doesNotExist();
    }

    @Test
    void theCommandLinesCarryTheLayoutsAddresses() {
        List<String> lines = layout(1).commandLines("alice");
        assertThat(lines).containsExactly(
                "chat --login http://127.0.0.1:41000/msg_server -u alice",
                "admin --dbproxy-control 127.0.0.1:41006 user list",
                "route-stats --route 127.0.0.1:41005",
                "loadtest --login http://127.0.0.1:41000/msg_server --msg-server 127.0.0.1:41001,127.0.0.1:41002"
                        + " --msg-control 127.0.0.1:41003,127.0.0.1:41004 --route 127.0.0.1:41005 --admin 127.0.0.1:41006"
                        + " --create-users --clients 20 --rate 100 --duration 10s");
    }
}
