package io.teamtalkj.launcher;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.teamtalkj.net.HostPort;
import io.teamtalkj.pdu.push.OriginStats;
import io.teamtalkj.pdu.push.ProviderStats;
import io.teamtalkj.pdu.push.PushStatsGrpc;
import io.teamtalkj.pdu.push.PushStatsReply;
import io.teamtalkj.pdu.push.PushStatsRequest;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code teamtalk push-stats}: one push-server's counters per provider, as a table. */
@Command(name = "push-stats",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Print a push-server's statistics (its PushStats gRPC service): per provider and app, pushes attempted,",
            "delivered, failed, with an invalid token, retried, dropped (queue full), queued and in flight now;",
            "under each provider the same counts per origin: im (chat messages), api:<app key> (the HTTP API).",
        },
        footer = {
            "",
            "Exit codes: 2 when the push-server cannot be reached.",
        })
final class PushStatsCommand implements Callable<Integer> {
    static final int EXIT_UNREACHABLE = 2;
    static final String DEFAULT_PUSH = "127.0.0.1:8501";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--push", paramLabel = "HOST:PORT", defaultValue = DEFAULT_PUSH, order = 1,
            description = "The push-server's control (gRPC) port (default: ${DEFAULT-VALUE}, the one `teamtalk cluster` starts).")
    String push;

    @Option(names = "--json", order = 2, description = "Print JSON (proto field names, every field) instead of a table.")
    boolean json;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "5s", order = 3,
            converter = DurationConverter.class,
            description = "How long to wait for the answer (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() throws Exception {
        HostPort address;
        try {
            address = HostPort.parse(push);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--push must be HOST:PORT with a port from 1 to 65535 (got " + push + ")");
        }
        ManagedChannel channel = NettyChannelBuilder.forAddress(address.host(), address.port()).usePlaintext().build();
        try {
            PushStatsReply reply = PushStatsGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .getStats(PushStatsRequest.getDefaultInstance());
            spec.commandLine().getOut().print(json ? io.teamtalkj.route.stats.RouteStatsFormat.json(reply) : table(reply));
            spec.commandLine().getOut().flush();
            return 0;
        } catch (StatusRuntimeException e) {
            spec.commandLine().getErr().println("teamtalk push-stats: cannot get stats from " + push + ": " + e.getStatus().getCode()
                    + (e.getStatus().getDescription() == null ? "" : ": " + e.getStatus().getDescription()));
            spec.commandLine().getErr().flush();
            return EXIT_UNREACHABLE;
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    static String table(PushStatsReply r) {
        StringBuilder b = new StringBuilder();
        b.append(String.format("push-server %s, up %ds, %d msg-server links, %d requests, %d unroutable tokens%n",
                r.getInstance(), r.getUptimeMillis() / 1000, r.getLinks(), r.getRequests(), r.getUnroutable()));
        b.append(String.format("%-8s %-24s %10s %10s %8s %8s %8s %8s %7s %9s %-7s %s%n", "provider", "app", "attempted",
                "delivered", "failed", "invalid", "retried", "dropped", "queued", "in-flight", "health", "last problem"));
        for (ProviderStats p : r.getProvidersList()) {
            b.append(String.format("%-8s %-24s %10d %10d %8d %8d %8d %8d %7d %9d %-7s %s%n", p.getProvider(), p.getApp(),
                    p.getAttempted(), p.getDelivered(), p.getFailed(), p.getInvalidToken(), p.getRetried(), p.getDropped(),
                    p.getQueued(), p.getInFlight(), p.getHealthy() ? "up" : "DOWN", p.getDetail()));
            for (OriginStats o : p.getOriginsList()) {
                b.append(String.format("  %-6s %-24s %10d %10d %8d %8d %8s %8d%n", "origin", o.getOrigin(), o.getAttempted(),
                        o.getDelivered(), o.getFailed(), o.getInvalidToken(), "", o.getDropped()));
            }
        }
        return b.toString();
    }
}
