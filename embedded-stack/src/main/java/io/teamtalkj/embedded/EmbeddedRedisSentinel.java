package io.teamtalkj.embedded;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Redis master, its replica and three Sentinels watching them, on 127.0.0.1 (the embedded
 * redis-server binary, the Sentinels in its sentinel mode). For tests of a Sentinel failover:
 * {@link #kill(EmbeddedRedis)} the {@link #master()}, then {@link #awaitFailover(EmbeddedRedis, Duration)}.
 */
public final class EmbeddedRedisSentinel implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedRedisSentinel.class);

    public static final String MASTER_NAME = "mymaster";
    /** Short so a failover in a test takes seconds. */
    static final int DOWN_AFTER_MILLIS = 1_500;
    private static final Duration FORM_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern MASTER_LINE = Pattern.compile(
            "master0:name=" + MASTER_NAME + ",status=(\\w+),address=[^:]+:(\\d+),slaves=(\\d+),sentinels=(\\d+)");

    private final List<EmbeddedRedis> data = new ArrayList<>();
    private final List<EmbeddedRedis> sentinels = new ArrayList<>();

    private EmbeddedRedisSentinel() {
    }

    /** A master, {@code replicas} replicas and three Sentinels (quorum 2); returns once all agree. */
    public static EmbeddedRedisSentinel start(int replicas) throws IOException {
        EmbeddedRedisSentinel s = new EmbeddedRedisSentinel();
        try {
            EmbeddedRedis master = EmbeddedRedis.startWithOptions(List.of(), EmbeddedPorts.candidates());
            s.data.add(master);
            for (int i = 0; i < replicas; i++) {
                s.data.add(EmbeddedRedis.startWithOptions(
                        List.of("--replicaof", "127.0.0.1", Integer.toString(master.port())), EmbeddedPorts.candidates()));
            }
            List<String> options = List.of(
                    "--sentinel", "monitor", MASTER_NAME, "127.0.0.1", Integer.toString(master.port()), "2",
                    "--sentinel", "down-after-milliseconds", MASTER_NAME, Integer.toString(DOWN_AFTER_MILLIS),
                    "--sentinel", "failover-timeout", MASTER_NAME, "10000");
            for (int i = 0; i < 3; i++) {
                s.sentinels.add(EmbeddedRedis.startWithOptions(options, EmbeddedPorts.candidates()));
            }
            Polling.await("the Sentinels see the master, its " + replicas + " replicas and each other", FORM_TIMEOUT,
                    () -> s.agreed(master.port(), replicas));
            log.info("embedded Redis with Sentinel: master {}, replicas {}, sentinels {}", master.port(),
                    s.data.subList(1, s.data.size()).stream().map(n -> Integer.toString(n.port())).toList(),
                    s.sentinels.stream().map(n -> Integer.toString(n.port())).toList());
            return s;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** Every live Sentinel names {@code masterPort} as an ok master with the replicas and 3 Sentinels. */
    private boolean agreed(int masterPort, int replicas) throws IOException {
        for (EmbeddedRedis s : sentinels) {
            Matcher m = MASTER_LINE.matcher(String.valueOf(RespCall.call(s.port(), "INFO", "sentinel")));
            if (!m.find() || !"ok".equals(m.group(1)) || Integer.parseInt(m.group(2)) != masterPort
                    || Integer.parseInt(m.group(3)) < replicas || Integer.parseInt(m.group(4)) != sentinels.size()) {
                return false;
            }
        }
        return true;
    }

    /** The data node the Sentinels name as master now. */
    public EmbeddedRedis master() throws IOException {
        for (EmbeddedRedis s : sentinels) {
            if (!s.running()) {
                continue;
            }
            Matcher m = MASTER_LINE.matcher(String.valueOf(RespCall.call(s.port(), "INFO", "sentinel")));
            if (m.find()) {
                int port = Integer.parseInt(m.group(2));
                for (EmbeddedRedis n : data) {
                    if (n.port() == port) {
                        return n;
                    }
                }
            }
        }
        throw new IllegalStateException("no Sentinel names a master");
    }

    /** kill -9 of a data node. */
    public void kill(EmbeddedRedis node) throws InterruptedException {
        node.kill();
    }

    /**
     * Waits until every Sentinel names a live master other than {@code old}, and that node says
     * it is a master (the promotion is done, not only decided).
     */
    public void awaitFailover(EmbeddedRedis old, Duration timeout) throws IOException {
        Polling.await("a replica replaces the master on " + old.port(), timeout, () -> isFailedOver(old));
    }

    /** {@link #awaitFailover}'s condition now; false while a node does not answer. */
    public boolean isFailedOver(EmbeddedRedis old) {
        try {
            EmbeddedRedis now = null;
            for (EmbeddedRedis s : sentinels) {
                EmbeddedRedis named = null;
                Matcher m = MASTER_LINE.matcher(String.valueOf(RespCall.call(s.port(), "INFO", "sentinel")));
                if (m.find()) {
                    int port = Integer.parseInt(m.group(2));
                    for (EmbeddedRedis n : data) {
                        if (n.port() == port) {
                            named = n;
                        }
                    }
                }
                if (named == null || named == old || (now != null && named != now)) {
                    return false;
                }
                now = named;
            }
            return now != null && now.running()
                    && RespCall.call(now.port(), "INFO", "replication").contains("role:master");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** {@code redis-sentinel://mymaster@127.0.0.1:s1,127.0.0.1:s2,127.0.0.1:s3}. */
    public String url() {
        return "redis-sentinel://" + MASTER_NAME + "@"
                + sentinels.stream().map(n -> "127.0.0.1:" + n.port()).collect(Collectors.joining(","));
    }

    public List<EmbeddedRedis> dataNodes() {
        return List.copyOf(data);
    }

    @Override
    public void close() {
        sentinels.forEach(EmbeddedRedis::close);
        data.forEach(EmbeddedRedis::close);
    }
}
