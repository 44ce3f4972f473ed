package io.teamtalkj.dbproxy;

import com.mogujie.tt.protobuf.IMMessage.IMMsgData;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.teamtalkj.control.TierMetrics;
import io.teamtalkj.pdu.Reply;
import io.teamtalkj.pdu.OrderedExecutor;
import io.teamtalkj.dbproxy.storage.Storage;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.ext.MsgStoreResult;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The dbproxy's Prometheus metrics ({@code teamtalk_dbproxy_*}): requests served, failed and
 * rejected, queue depth per worker, batch sizes, commit latency, message store results by code,
 * and HikariCP's own pool meters ({@code hikaricp_connections_*}). Workers feed it through
 * {@link OrderedExecutor.Observer}; every call is a counter or histogram update, never a block.
 */
final class DbProxyMetrics implements OrderedExecutor.Observer {
    private final MeterRegistry registry;
    private final TierMetrics tier;
    private final DistributionSummary batchSize;
    private final Map<MsgStoreResult, Counter> storeResults = new EnumMap<>(MsgStoreResult.class);
    private final Map<Integer, Timer> commitLatency = new ConcurrentHashMap<>();

    DbProxyMetrics(TierMetrics tier, int maxBatch) {
        this.tier = tier;
        this.registry = tier.registry();
        batchSize = DistributionSummary.builder("teamtalk.dbproxy.batch.size")
                .description("Requests a worker took from its queue at once (up to --batch-size)")
                .serviceLevelObjectives(batchBuckets(maxBatch)).register(registry);
        for (MsgStoreResult r : MsgStoreResult.values()) {
            storeResults.put(r, Counter.builder("teamtalk.dbproxy.store.results")
                    .description("Messages (0x0301) answered by a worker, by store result (ok, duplicate, not_member, ...)")
                    .tag("result", label(r)).register(registry));
        }
    }

    /** Meters that read the pool and storage when scraped. */
    void bind(OrderedExecutor pool, Storage storage) {
        String requests = "Requests from msg-servers: served by a worker, failed with a storage error, "
                + "rejected because the worker's queue was full, or expired (dropped unserved: the caller had stopped waiting)";
        FunctionCounter.builder("teamtalk.dbproxy.requests", pool, OrderedExecutor::served).description(requests)
                .tag("outcome", "served").register(registry);
        FunctionCounter.builder("teamtalk.dbproxy.requests", pool, OrderedExecutor::failed).description(requests)
                .tag("outcome", "failed").register(registry);
        FunctionCounter.builder("teamtalk.dbproxy.requests", pool, OrderedExecutor::rejected).description(requests)
                .tag("outcome", "rejected").register(registry);
        FunctionCounter.builder("teamtalk.dbproxy.requests", pool, OrderedExecutor::expired).description(requests)
                .tag("outcome", "expired").register(registry);
        for (int i = 0; i < pool.workers(); i++) {
            int worker = i;
            Gauge.builder("teamtalk.dbproxy.queue.depth", pool, p -> p.queued(worker))
                    .description("Requests waiting in a worker's queue (refused beyond --queue-capacity)")
                    .tag("worker", Integer.toString(i)).register(registry);
        }
        storage.dataSource().setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
        bindReplicas(storage.replicas());
    }

    /** Which database served the reads that may go to a replica, and each replica's measured lag. */
    private void bindReplicas(io.teamtalkj.dbproxy.storage.ReadReplicas replicas) {
        if (replicas == null) {
            return;
        }
        String reads = "Reads that may lag (history, recent sessions, directory) by the database that served them: "
                + "a replica (host:port) or the primary when no replica was usable";
        FunctionCounter.builder("teamtalk.dbproxy.replica.reads", replicas, io.teamtalkj.dbproxy.storage.ReadReplicas::servedByPrimary)
                .description(reads).tag("served_by", "primary").register(registry);
        List<String> names = replicas.names();
        for (int i = 0; i < names.size(); i++) {
            int idx = i;
            FunctionCounter.builder("teamtalk.dbproxy.replica.reads", replicas, r -> r.served(idx))
                    .description(reads).tag("served_by", names.get(i)).register(registry);
            Gauge.builder("teamtalk.dbproxy.replica.lag.seconds", replicas, r -> r.lagMillis(idx) / 1000.0)
                    .description("How far a replica was behind the primary at its last check (heartbeat row); -1 when it did not answer")
                    .tag("replica", names.get(i)).register(registry);
            Gauge.builder("teamtalk.dbproxy.replica.usable", replicas, r -> r.usable(idx) ? 1 : 0)
                    .description("1 while a replica serves reads (answering, lag under --replica-max-lag), 0 while skipped")
                    .tag("replica", names.get(i)).register(registry);
        }
    }

    @Override
    public void drained(int requests) {
        batchSize.record(requests);
    }

    @Override
    public void committed(int commandId, int requests, long nanos) {
        commitLatency.computeIfAbsent(commandId, id -> tier.latency("teamtalk.dbproxy.commit.latency",
                        "One group-commit transaction of a worker, from its start to its commit", "command",
                        CommandId.name(id)))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void replied(int commandId, Reply reply) {
        if (commandId == CommandId.CID_MSG_DATA && reply.message() instanceof IMMsgData m) {
            MsgStoreResult result = MsgStoreResult.forNumber(m.getTtStoreResult());
            storeResults.get(result == null ? MsgStoreResult.STORE_FAILED : result).increment();
        }
    }

    private static String label(MsgStoreResult r) {
        return r.name().substring("STORE_".length()).toLowerCase(Locale.ROOT);
    }

    /** 1, 2, 4, ... up to the largest batch. */
    private static double[] batchBuckets(int maxBatch) {
        int n = 1;
        while ((1 << (n - 1)) < maxBatch) {
            n++;
        }
        double[] buckets = new double[n];
        for (int i = 0; i < n; i++) {
            buckets[i] = Math.min(1 << i, maxBatch);
        }
        return buckets;
    }
}
