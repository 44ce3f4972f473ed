package io.teamtalkj.launcher.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mogujie.tt.protobuf.IMMessage.IMMsgData;
import io.teamtalkj.client.ClientConfig;
import io.teamtalkj.client.ClientListener;
import io.teamtalkj.client.TeamTalkClient;
import io.teamtalkj.launcher.TeamTalk;
import io.teamtalkj.launcher.cluster.ClusterPorts;
import io.teamtalkj.launcher.cluster.LocalCluster;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/**
 * Not a test (no *IT/*Test name, never run by the build): a measurement for the README. Run with
 * {@code mvn -o verify -pl launcher -am -Dit.test=ApiMessagesBenchmark -Dtest=NONE ...}. It sends
 * text messages through POST /v1/messages (16 HTTP senders) to online SDK clients and, for
 * comparison, the same number over the plain TCP path (SDK senders), and prints messages/s
 * delivered and the p50/p99 from send to receipt. The only assertion is that all arrived.
 */
@Timeout(600)
class ApiMessagesBenchmark {
    static final int RECEIVERS = 40;
    static final int MESSAGES = Integer.getInteger("bench.messages", 4000);
    static final int SENDERS = 16;

    static final class Receiver implements ClientListener {
        final ConcurrentHashMap<String, Long> arrived;

        Receiver(ConcurrentHashMap<String, Long> arrived) {
            this.arrived = arrived;
        }

        @Override
        public void onMessage(IMMsgData msg) {
            arrived.put(msg.getFromUserId() + ":" + msg.getToSessionId() + ":" + msg.getMsgId(), System.nanoTime());
        }
    }

    @Test
    void measure() throws Exception {
        Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target").toAbsolutePath()), "api-bench-");
        LocalCluster.Options o = new LocalCluster.Options();
        o.portBase = ClusterPorts.FREE_PORTS;
        o.dataDir = dir;
        o.seedDemoData = false;
        o.messageRateLimit = 0;
        o.msgServers = 1;
        o.routeServers = 1;
        List<TeamTalkClient> clients = new ArrayList<>();
        try (LocalCluster cluster = LocalCluster.start(o)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> cluster.apiServer().ready()
                    && cluster.loginServer().registry().size() == 1);
            StringWriter out = new StringWriter();
            CommandLine cmd = TeamTalk.commandLine();
            cmd.setOut(new PrintWriter(out, true));
            cmd.execute("admin", "--dbproxy-control", "127.0.0.1:" + cluster.dbProxy().controlPort(), "app", "add", "bench");
            String key = out.toString().lines().filter(l -> l.startsWith("key:")).findFirst().orElseThrow().substring(4).strip();
            String secret = out.toString().lines().filter(l -> l.startsWith("secret:")).findFirst().orElseThrow()
                    .substring(7).strip();
            ApiHttp api = new ApiHttp(cluster.apiServer().port(), key, secret);

            int[] rid = new int[RECEIVERS];
            int[] sid = new int[SENDERS];
            ConcurrentHashMap<String, Long> arrived = new ConcurrentHashMap<>();
            for (int i = 0; i < RECEIVERS; i++) {
                rid[i] = api.put("/v1/users/r" + i, "{\"password\":\"pw\"}").json().get("id").asInt();
                TeamTalkClient c = TeamTalkClient.create(ClientConfig.builder().loginUrl(cluster.loginUrl()).user("r" + i)
                        .password("pw").reconnect(false).build(), new Receiver(arrived));
                clients.add(c);
                c.connect().get(30, TimeUnit.SECONDS);
            }
            List<TeamTalkClient> tcpSenders = new ArrayList<>();
            for (int i = 0; i < SENDERS; i++) {
                sid[i] = api.put("/v1/users/s" + i, "{\"password\":\"pw\"}").json().get("id").asInt();
                TeamTalkClient c = TeamTalkClient.create(ClientConfig.builder().loginUrl(cluster.loginUrl()).user("s" + i)
                        .password("pw").reconnect(false).build(), new ClientListener() { });
                clients.add(c);
                tcpSenders.add(c);
                c.connect().get(30, TimeUnit.SECONDS);
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> Arrays.stream(rid)
                    .allMatch(id -> cluster.routeServers().get(0).presence().get(id) != null));

            // warm-up, then the HTTP path
            run("warm-up (HTTP)", Math.min(500, MESSAGES), arrived, (s, i) -> api.post("/v1/messages", "{\"from_user_id\":"
                    + sid[s] + ",\"to_user_id\":" + rid[i % RECEIVERS] + ",\"text\":\"w" + i + "\"}").json()
                    .get("msg_id").asInt(), sid, rid);
            run("HTTP POST /v1/messages", MESSAGES, arrived, (s, i) -> api.post("/v1/messages", "{\"from_user_id\":"
                    + sid[s] + ",\"to_user_id\":" + rid[i % RECEIVERS] + ",\"text\":\"m" + i + "\"}").json()
                    .get("msg_id").asInt(), sid, rid);
            run("TCP (SDK sendText)", MESSAGES, arrived, (s, i) -> tcpSenders.get(s)
                    .sendText(rid[i % RECEIVERS], "t" + i).get(30, TimeUnit.SECONDS).getMsgId(), sid, rid);
        } finally {
            clients.forEach(TeamTalkClient::close);
            try (var walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @FunctionalInterface
    interface Send {
        int send(int sender, int index) throws Exception;
    }

    private static void run(String label, int count, ConcurrentHashMap<String, Long> arrived, Send send, int[] sid,
                            int[] rid) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(SENDERS);
        AtomicInteger next = new AtomicInteger();
        ConcurrentHashMap<String, Long> sentAt = new ConcurrentHashMap<>();
        long start = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (int s = 0; s < SENDERS; s++) {
            int sender = s;
            futures.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    long t0 = System.nanoTime();
                    int msgId = send.send(sender, i);
                    sentAt.put(sid[sender] + ":" + rid[i % RECEIVERS] + ":" + msgId, t0);
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        await().atMost(Duration.ofSeconds(120)).until(() -> sentAt.keySet().stream().allMatch(arrived::containsKey));
        long end = sentAt.keySet().stream().mapToLong(arrived::get).max().orElse(start);
        long[] lat = sentAt.entrySet().stream().mapToLong(e -> arrived.get(e.getKey()) - e.getValue()).sorted().toArray();
        assertThat(lat).hasSize(count);
        double seconds = (end - start) / 1e9;
        System.out.printf("BENCH %-24s %6d messages in %6.2f s = %7.0f msg/s delivered; send->receive p50 %6.1f ms, p99 %6.1f ms%n",
                label, count, seconds, count / seconds, lat[lat.length / 2] / 1e6, lat[(int) (lat.length * 0.99)] / 1e6);
    }
}
