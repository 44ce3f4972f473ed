package io.teamtalkj.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.teamtalkj.launcher.cluster.LocalCluster;
import io.teamtalkj.loadtest.LoadReport;
import io.teamtalkj.loadtest.LoadTest;
import io.teamtalkj.loadtest.LoadTestOptions;
import io.teamtalkj.loadtest.LoadTestOptions.Scenario;
import io.teamtalkj.msgserver.MsgServer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The load tester stops one msg-server of an in-process cluster over its control port
 * (--stop-msg-server-after): its clients move through the login-server to the other one, on their
 * session tokens (no password check there), and the report counts them.
 */
@Timeout(300)
class RehomeIT {
    @TempDir
    static Path dataDir;

    static LocalCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = InProcessClusters.start(dataDir);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void theClientsOfAStoppedMsgServerLogInAgainOnTheOtherWithoutAPasswordCheck() throws Exception {
        LoadTestOptions o = InProcessClusters.loadOptions(cluster, Scenario.IDLE);
        o.userPrefix = "rh";
        o.clients = 10;
        o.duration = Duration.ofSeconds(3);
        o.stopMsgServerAfter = Duration.ofSeconds(1);
        o.stopMsgServer = 0;
        MsgServer survivor = cluster.msgServers().get(1);

        LoadReport r = LoadTest.run(o.validate());

        assertThat(r.clientsConnected).isEqualTo(10);
        assertThat(r.rehomeServer).isEqualTo(o.msgControls.get(0));
        assertThat(r.rehomeDropped).as("round-robin: half the clients were on the stopped one").isEqualTo(5);
        assertThat(r.rehomeBack).isEqualTo(5);
        assertThat(r.rehomeAllSeconds).isPositive();
        assertThat(survivor.stats().loginsByToken.sum()).as("the five moved on their tokens").isEqualTo(5);
        assertThat(survivor.stats().passwordChecks.sum()).as("only its own five first logins").isEqualTo(5);
        assertThat(r.toTable()).contains("re-home", "5 clients of the stopped msg-server");
    }
}
