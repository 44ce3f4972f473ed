package io.teamtalkj.launcher.cluster;

import com.mogujie.tt.protobuf.IMBaseDefine.ClientType;
import com.sun.net.httpserver.HttpServer;
import io.teamtalkj.client.ClientConfig;
import io.teamtalkj.client.TeamTalkClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Not a test: what the push path adds to message acks (README, section Push). In one cluster
 * whose push-server posts to a local webhook, alice alternates messages to bob (offline, with a
 * token: every message is pushed) and to dave (offline, no token: no push after the first
 * lookup), and prints the ack latency percentiles of each. Run: java -cp TEST_CLASSPATH
 * io.teamtalkj.launcher.cluster.PushAckLatency [messages per recipient].
 */
public final class PushAckLatency {
    private PushAckLatency() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        LongAdder pushes = new LongAdder();
        HttpServer webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        webhook.setExecutor(Executors.newFixedThreadPool(2));
        webhook.createContext("/push", ex -> {
            ex.getRequestBody().readAllBytes();
            pushes.increment();
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        webhook.start();
        Path target = Path.of("target").toAbsolutePath();
        Files.createDirectories(target);
        LocalCluster.Options o = new LocalCluster.Options();
        o.portBase = ClusterPorts.FREE_PORTS;
        o.dataDir = Files.createTempDirectory(target, "push-ack-latency-");
        o.msgServers = 1;
        o.routeServers = 1;
        o.messageRateLimit = 0;
        o.apiServer = false;
        o.pushWebhook = URI.create("http://127.0.0.1:" + webhook.getAddress().getPort() + "/push");
        try (LocalCluster cluster = LocalCluster.start(o)) {
            cluster.seedIfEmpty(new PrintWriter(new StringWriter()));
            int bob;
            int dave;
            try (TeamTalkClient phone = client(cluster, "bob", ClientType.CLIENT_TYPE_IOS)) {
                phone.connect().get(20, TimeUnit.SECONDS);
                phone.deviceToken("bob-benchmark-token").get(10, TimeUnit.SECONDS);
                bob = phone.userId();
            }
            try (TeamTalkClient pc = client(cluster, "dave", ClientType.CLIENT_TYPE_WINDOWS)) {
                pc.connect().get(20, TimeUnit.SECONDS);
                dave = pc.userId();
            }
            try (TeamTalkClient alice = client(cluster, "alice", ClientType.CLIENT_TYPE_WINDOWS)) {
                alice.connect().get(20, TimeUnit.SECONDS);
                for (int i = 0; i < 300; i++) { // warm-up
                    alice.sendText(i % 2 == 0 ? bob : dave, "warm " + i).get(10, TimeUnit.SECONDS);
                }
                long[] withPush = new long[n];
                long[] without = new long[n];
                long pushesBefore = pushes.sum();
                for (int i = 0; i < n; i++) {
                    withPush[i] = ack(alice, bob, i);
                    without[i] = ack(alice, dave, i);
                }
                System.out.printf("to bob (pushed):  %s%nto dave (no push): %s%npushes posted meanwhile: %d%n",
                        percentiles(withPush), percentiles(without), pushes.sum() - pushesBefore);
            }
        } finally {
            webhook.stop(0);
            ((java.util.concurrent.ExecutorService) webhook.getExecutor()).shutdownNow();
        }
    }

    private static TeamTalkClient client(LocalCluster cluster, String user, ClientType type) {
        return TeamTalkClient.create(ClientConfig.builder().loginUrl(cluster.loginUrl()).user(user)
                .password(DemoData.USERS.get(user)).clientType(type).requestTimeout(Duration.ofSeconds(10)).reconnect(false)
                .build(), new ClusterIT.Inbox());
    }

    private static long ack(TeamTalkClient from, int to, int i) throws Exception {
        long start = System.nanoTime();
        from.sendText(to, "message " + i).get(10, TimeUnit.SECONDS);
        return System.nanoTime() - start;
    }

    private static String percentiles(long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        return String.format("p50 %.2f ms, p90 %.2f ms, p99 %.2f ms (%d acks)", s[s.length / 2] / 1e6,
                s[(int) (s.length * 0.9)] / 1e6, s[(int) (s.length * 0.99)] / 1e6, s.length);
    }
}
