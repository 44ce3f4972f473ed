package io.teamtalkj.launcher;

import io.teamtalkj.launcher.cluster.ClusterPorts;
import io.teamtalkj.launcher.cluster.LocalCluster;
import io.teamtalkj.loadtest.LoadTestOptions;
import io.teamtalkj.loadtest.LoadTestOptions.Scenario;
import io.teamtalkj.msgserver.MsgServer;
import java.nio.file.Path;
import java.util.function.Consumer;

/** The in-process cluster the load-test ITs run against, and load-test options aimed at it. */
final class InProcessClusters {
    private InProcessClusters() {
    }

    /** Two msg-servers, two route-servers, free ports, no demo data, rate limit off, no api-server. */
    static LocalCluster start(Path dataDir) throws Exception {
        return start(dataDir, o -> { });
    }

    /** As {@link #start(Path)}, with {@code more} settings on top. */
    static LocalCluster start(Path dataDir, Consumer<LocalCluster.Options> more) throws Exception {
        LocalCluster.Options o = new LocalCluster.Options();
        o.portBase = ClusterPorts.FREE_PORTS;
        o.dataDir = dataDir;
        o.seedDemoData = false;
        o.messageRateLimit = 0;
        o.apiServer = false; // the load and fault figures are the TCP tiers'; ApiServerIT covers the HTTP API
        more.accept(o);
        return LocalCluster.start(o);
    }

    /** Every address of {@code cluster}, users created, the tester sharing the JVM. */
    static LoadTestOptions loadOptions(LocalCluster cluster, Scenario scenario) {
        LoadTestOptions o = new LoadTestOptions();
        o.scenario = scenario;
        o.loginUrl = cluster.loginUrl();
        for (MsgServer m : cluster.msgServers()) {
            o.msgServers.add("127.0.0.1:" + m.port());
            o.msgControls.add("127.0.0.1:" + m.controlPort());
        }
        o.routeControls.addAll(cluster.routeControls());
        o.admin = "127.0.0.1:" + cluster.dbProxy().controlPort();
        o.createUsers = true;
        o.sharedJvm = true;
        o.sourceAddresses = 4;
        return o;
    }
}
