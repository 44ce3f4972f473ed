package io.teamtalkj.launcher;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.teamtalkj.launcher.cluster.ClusterLayout;
import io.teamtalkj.net.HostPort;
import io.teamtalkj.control.route.RouteStatsGrpc;
import io.teamtalkj.control.route.RouteStatsReply;
import io.teamtalkj.control.route.RouteStatsRequest;
import io.teamtalkj.route.stats.RouteStatsFormat;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code teamtalk route-stats}: one route-server's relay statistics, as a table or JSON. */
@Command(name = "route-stats",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Print a route-server's statistics (its RouteStats gRPC service): presence, relayed PDUs and bytes",
            "by command, recipients targeted / local / offline, per msg-server link figures, relay latency.",
        },
        footer = {
            "",
            "Exit codes: 2 when the route-server cannot be reached.",
        })
final class RouteStatsCommand implements Callable<Integer> {
    static final int EXIT_UNREACHABLE = 2;
    static final String DEFAULT_ROUTE = "127.0.0.1:8201";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--route", paramLabel = "HOST:PORT", order = 1,
            description = "The route-server's control (gRPC) port (default: the --cluster's first route-server, else "
                    + DEFAULT_ROUTE + ").")
    String route;

    @Option(names = "--cluster", paramLabel = "DIR", order = 1,
            description = "Ask the `teamtalk cluster` running on this data directory: its first route-server's control port from DIR/"
                    + ClusterLayout.FILE_NAME + ".")
    Path cluster;

    @Option(names = "--json", order = 2, description = "Print JSON (proto field names, every field) instead of a table.")
    boolean json;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "5s", order = 3,
            converter = DurationConverter.class,
            description = "How long to wait for the answer (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() throws InterruptedException {
        if (route == null) {
            try {
                route = cluster == null ? DEFAULT_ROUTE : firstRoute(ClusterLayout.readRunning(cluster));
            } catch (IllegalArgumentException e) {
                spec.commandLine().getErr().println("teamtalk route-stats: " + e.getMessage());
                spec.commandLine().getErr().flush();
                return EXIT_UNREACHABLE;
            }
        }
        HostPort address;
        try {
            address = HostPort.parse(route);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--route must be HOST:PORT with a port from 1 to 65535 (got " + route + ")");
        }
        ManagedChannel channel = NettyChannelBuilder.forAddress(address.host(), address.port()).usePlaintext().build();
        try {
            RouteStatsReply reply = RouteStatsGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .getStats(RouteStatsRequest.getDefaultInstance());
            spec.commandLine().getOut().print(json ? RouteStatsFormat.json(reply) : RouteStatsFormat.table(reply));
            spec.commandLine().getOut().flush();
            return 0;
        } catch (StatusRuntimeException e) {
            String why = e.getStatus().getCode() + (e.getStatus().getDescription() == null ? ""
                    : ": " + e.getStatus().getDescription().replaceAll("\\s*\\R\\s*", " "));
            spec.commandLine().getErr().println("teamtalk route-stats: cannot get stats from " + route + ": " + why);
            spec.commandLine().getErr().flush();
            return EXIT_UNREACHABLE;
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private String firstRoute(ClusterLayout layout) {
        if (layout.routeControls().isEmpty()) {
            throw new IllegalArgumentException("the cluster of " + ClusterLayout.file(cluster) + " runs no route-servers");
        }
        return layout.routeControls().get(0);
    }
}
