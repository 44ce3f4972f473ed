package io.teamtalkj.embedded;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Redis Cluster on 127.0.0.1: redis-server processes in cluster mode (the embedded binary,
 * Redis 6.2, so without redis-cli: slots, MEET and REPLICATE are sent by hand), masters holding
 * equal slot ranges and replicas spread over them. For tests of cluster mode and of a master's
 * failover ({@link #kill(EmbeddedRedis)} then {@link #awaitHealthy(Duration)}).
 */
public final class EmbeddedRedisCluster implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedRedisCluster.class);

    public static final int SLOTS = 16_384;
    /** Redis puts a node's cluster bus on its port + 10000. */
    private static final int BUS_OFFSET = 10_000;
    /** Short so a failover in a test takes seconds; long enough that a loaded box does not fail nodes over by itself. */
    static final int NODE_TIMEOUT_MILLIS = 2_000;
    private static final Duration FORM_TIMEOUT = Duration.ofSeconds(60);

    private final List<EmbeddedRedis> nodes;

    private EmbeddedRedisCluster(List<EmbeddedRedis> nodes) {
        this.nodes = nodes;
    }

    /** {@code masters} masters with {@code replicasPerMaster} replicas each, on free ports; returns once the cluster is ok. */
    public static EmbeddedRedisCluster start(int masters, int replicasPerMaster) throws IOException {
        if (masters < 1 || replicasPerMaster < 0) {
            throw new IllegalArgumentException("need at least one master and no negative replica count");
        }
        List<EmbeddedRedis> nodes = new ArrayList<>();
        EmbeddedRedisCluster cluster = new EmbeddedRedisCluster(nodes);
        try {
            IntSupplier ports = withFreeBusPort(EmbeddedPorts.candidates());
            List<String> options = List.of("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                    "--cluster-node-timeout", Integer.toString(NODE_TIMEOUT_MILLIS),
                    // a replica whatever its lag may take over: there is no other copy in a test
                    "--cluster-replica-validity-factor", "0");
            for (int i = 0; i < masters * (1 + replicasPerMaster); i++) {
                nodes.add(EmbeddedRedis.startWithOptions(options, ports));
            }
            cluster.form(masters);
            cluster.awaitHealthy(FORM_TIMEOUT);
            log.info("embedded Redis Cluster: {} masters, {} replicas each, ports {}", masters, replicasPerMaster,
                    nodes.stream().map(n -> Integer.toString(n.port())).collect(Collectors.joining(",")));
            return cluster;
        } catch (IOException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /** Ports whose bus port (port + 10000) is valid and free as well. */
    private static IntSupplier withFreeBusPort(IntSupplier candidates) {
        return () -> {
            for (int attempt = 0; attempt < 200; attempt++) {
                int p = candidates.getAsInt();
                if (p + BUS_OFFSET <= 65_535 && EmbeddedPorts.canBind(p + BUS_OFFSET)) {
                    return p;
                }
            }
            throw new IllegalStateException("no free port pair (port, port + 10000) found");
        };
    }

    private void form(int masters) throws IOException {
        for (int m = 0; m < masters; m++) {
            int from = m * SLOTS / masters;
            int to = (m + 1) * SLOTS / masters - 1;
            List<String> args = new ArrayList<>(List.of("CLUSTER", "ADDSLOTS"));
            for (int s = from; s <= to; s++) {
                args.add(Integer.toString(s));
            }
            expectOk(nodes.get(m), args.toArray(String[]::new));
        }
        for (int i = 1; i < nodes.size(); i++) {
            expectOk(nodes.get(0), "CLUSTER", "MEET", "127.0.0.1", Integer.toString(nodes.get(i).port()));
        }
        Polling.await("every node knows all " + nodes.size(), FORM_TIMEOUT, () -> {
            for (EmbeddedRedis n : nodes) {
                if (clusterNodes(n).size() != nodes.size()) {
                    return false;
                }
            }
            return true;
        });
        for (int i = masters; i < nodes.size(); i++) {
            String masterId = RespCall.call(nodes.get((i - masters) % masters).port(), "CLUSTER", "MYID");
            EmbeddedRedis replica = nodes.get(i);
            // the replica may not have heard of the master's id yet: retried until it has
            Polling.await("node " + replica.port() + " replicates", FORM_TIMEOUT,
                    () -> "+OK".equals(RespCall.call(replica.port(), "CLUSTER", "REPLICATE", masterId)));
        }
    }

    /**
     * Waits until every live node says cluster_state:ok, every slot is served by a live master
     * and every live replica's link to its master is up.
     */
    public void awaitHealthy(Duration timeout) throws IOException {
        Polling.await("the cluster is healthy", timeout, this::healthy);
    }

    /** {@link #awaitHealthy}'s condition now; false while a node does not answer. */
    public boolean isHealthy() {
        try {
            return healthy();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private boolean healthy() throws IOException {
        Map<Integer, EmbeddedRedis> byPort = new HashMap<>();
        for (EmbeddedRedis n : nodes) {
            if (n.running()) {
                byPort.put(n.port(), n);
            }
        }
        for (EmbeddedRedis n : byPort.values()) {
            String info = RespCall.call(n.port(), "CLUSTER", "INFO");
            if (info == null || !info.contains("cluster_state:ok")) {
                return false;
            }
            String repl = RespCall.call(n.port(), "INFO", "replication");
            if (repl.contains("role:slave") && !repl.contains("master_link_status:up")) {
                return false;
            }
        }
        int covered = 0;
        for (Node node : clusterNodes(byPort.values().iterator().next())) {
            if (node.master() && byPort.containsKey(node.port()) && !node.failed()) {
                covered += node.slotCount();
            }
        }
        return covered == SLOTS;
    }

    /** The live master now serving {@code slot}. */
    public EmbeddedRedis masterOf(int slot) throws IOException {
        for (EmbeddedRedis n : nodes) {
            if (!n.running()) {
                continue;
            }
            for (Node node : clusterNodes(n)) {
                if (node.master() && !node.failed() && node.serves(slot)) {
                    return byPort(node.port());
                }
            }
        }
        throw new IllegalStateException("no live master serves slot " + slot);
    }

    /** The live masters now. */
    public List<EmbeddedRedis> masters() throws IOException {
        List<EmbeddedRedis> out = new ArrayList<>();
        for (EmbeddedRedis n : nodes) {
            if (n.running() && RespCall.call(n.port(), "INFO", "replication").contains("role:master")) {
                out.add(n);
            }
        }
        return out;
    }

    /** kill -9 of one node; its replica takes over after the node timeout (see {@link #awaitHealthy}). */
    public void kill(EmbeddedRedis node) throws InterruptedException {
        node.kill();
    }

    public List<EmbeddedRedis> nodes() {
        return List.copyOf(nodes);
    }

    /** {@code redis-cluster://127.0.0.1:p1,127.0.0.1:p2,...}: every node as a seed. */
    public String url() {
        return "redis-cluster://" + nodes.stream().map(n -> "127.0.0.1:" + n.port()).collect(Collectors.joining(","));
    }

    private EmbeddedRedis byPort(int port) {
        for (EmbeddedRedis n : nodes) {
            if (n.port() == port) {
                return n;
            }
        }
        throw new IllegalStateException("no node on port " + port);
    }

    /** One line of CLUSTER NODES. */
    record Node(String id, int port, boolean master, boolean failed, List<int[]> slots) {
        int slotCount() {
            int n = 0;
            for (int[] r : slots) {
                n += r[1] - r[0] + 1;
            }
            return n;
        }

        boolean serves(int slot) {
            for (int[] r : slots) {
                if (slot >= r[0] && slot <= r[1]) {
                    return true;
                }
            }
            return false;
        }
    }

    static List<Node> clusterNodes(EmbeddedRedis at) throws IOException {
        return parseNodes(RespCall.call(at.port(), "CLUSTER", "NODES"));
    }

    /** Lines: id ip:port@bus flags master-id ping pong epoch link-state slot-range... */
    static List<Node> parseNodes(String text) {
        List<Node> out = new ArrayList<>();
        for (String line : text.strip().split("\n")) {
            String[] f = line.strip().split(" ");
            if (f.length < 8) {
                continue;
            }
            String addr = f[1];
            int port = Integer.parseInt(addr.substring(addr.lastIndexOf(':') + 1, addr.indexOf('@')));
            String flags = f[2];
            List<int[]> slots = new ArrayList<>();
            for (int i = 8; i < f.length; i++) {
                if (f[i].startsWith("[")) {
                    continue; // a slot being migrated
                }
                String[] r = f[i].split("-");
                slots.add(new int[] {Integer.parseInt(r[0]), Integer.parseInt(r[r.length - 1])});
            }
            out.add(new Node(f[0], port, flags.contains("master"), flags.contains("fail") && !flags.contains("fail?"),
                    slots));
        }
        return out;
    }

    private static void expectOk(EmbeddedRedis node, String... args) throws IOException {
        String reply = RespCall.call(node.port(), args);
        if (!"+OK".equals(reply)) {
            throw new IOException("redis-server on " + node.port() + " answered " + reply + " to " + args[0] + " " + args[1]);
        }
    }

    @Override
    public void close() {
        for (EmbeddedRedis n : nodes) {
            n.close();
        }
    }
}
