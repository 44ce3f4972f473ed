package io.teamtalkj.launcher;

import io.teamtalkj.pdu.PduDecoder;
import io.teamtalkj.route.RouteServer;
import io.teamtalkj.route.RouteServerConfig;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * {@code teamtalk route-server}: presence and targeted relay between msg-servers. Every option
 * maps to a {@link RouteServerConfig} field; {@code --config FILE} supplies defaults (keys are the
 * long option names without dashes), and options on the command line win over the file.
 */
@Command(name = "route-server",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        defaultValueProvider = TierCommand.ConfigFileDefaults.class,
        description = {
            "Run a route-server: msg-servers link to it; it keeps the presence table, relays each PDU only",
            "to the msg-servers holding its recipients, and reports route stats (gRPC RouteStats, Prometheus).",
        },
        footer = {
            "",
            "Durations take a unit: 500ms, 5s, 2m. Precedence: command line, then --config, then the defaults shown.",
            "Run several route-servers for failover: every msg-server links to all of them and relays through one.",
            "Exit codes: 2 when the settings are wrong or a port cannot be opened.",
        })
final class RouteServerCommand extends ServerCommand<RouteServerConfig, RouteServer> {
    @Option(names = "--listen-host", paramLabel = "HOST", defaultValue = "0.0.0.0", order = 1,
            description = "Address of the PDU port msg-servers link to (default: ${DEFAULT-VALUE}).")
    String listenHost;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8200", order = 2,
            description = "PDU port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--control-host", paramLabel = "HOST", defaultValue = "127.0.0.1", order = 3,
            description = "Address of the gRPC control port (health, RouteStats) (default: ${DEFAULT-VALUE}).")
    String controlHost;

    @Option(names = "--control-port", paramLabel = "PORT", defaultValue = "8201", order = 4,
            description = "gRPC control port; -1 disables it (default: ${DEFAULT-VALUE}).")
    int controlPort;

    @Option(names = "--metrics-host", paramLabel = "HOST", defaultValue = "127.0.0.1", order = 5,
            description = "Address of the Prometheus endpoint (default: ${DEFAULT-VALUE}).")
    String metricsHost;

    @Option(names = "--metrics-port", paramLabel = "PORT", defaultValue = "8202", order = 6,
            description = "Prometheus GET /metrics, liveness /health, readiness /ready; -1 disables it (default: ${DEFAULT-VALUE}).")
    int metricsPort;

    @Option(names = "--link-heartbeat", paramLabel = "DURATION", defaultValue = "1s", order = 7,
            converter = DurationConverter.class,
            description = "Heartbeat to a msg-server after this long without writing to it (default: ${DEFAULT-VALUE}).")
    Duration linkHeartbeat;

    @Option(names = "--link-timeout", paramLabel = "DURATION", defaultValue = "10s", order = 8,
            converter = DurationConverter.class,
            description = "A msg-server silent this long is dropped and its users go offline (default: ${DEFAULT-VALUE}).")
    Duration linkTimeout;

    @Option(names = "--max-frame-length", paramLabel = "BYTES", defaultValue = "" + PduDecoder.DEFAULT_MAX_FRAME_LENGTH,
            order = 9, description = "Largest PDU frame accepted (default: ${DEFAULT-VALUE}).")
    int maxFrameLength;

    @Option(names = "--max-link-backlog", paramLabel = "BYTES", defaultValue = "33554432", order = 10,
            description = "Bytes queued to a slow msg-server before relays to it are dropped and counted "
                    + "(default: ${DEFAULT-VALUE}).")
    int maxLinkBacklog;

    @Option(names = "--io-threads", paramLabel = "N", defaultValue = "0", order = 11,
            description = "Event-loop threads for msg-server links; 0 = twice the cores (default: ${DEFAULT-VALUE}).")
    int ioThreads;

    // no picocli default: a negatable flag defaulting to true would flip (see DbProxyCommand.migrate)
    @Option(names = "--mobile-online", negatable = true, order = 12,
            description = "Users with only phone sessions count as ONLINE; --no-mobile-online is TeamTalk's PC-only "
                    + "rule; mobile-online=false in --config also turns it off (default: true).")
    Boolean mobileOnline;

    @Override
    boolean skipDefault(OptionSpec option) {
        return option.longestName().equals("--mobile-online");
    }

    /** The settings the options describe. */
    @Override
    RouteServerConfig toConfig() {
        RouteServerConfig c = new RouteServerConfig();
        c.listenHost = listenHost;
        c.port = port;
        c.controlHost = controlHost;
        c.controlPort = controlPort;
        c.metricsHost = metricsHost;
        c.metricsPort = metricsPort;
        c.linkHeartbeat = linkHeartbeat;
        c.linkTimeout = linkTimeout;
        c.maxFrameLength = maxFrameLength;
        c.maxLinkBacklog = maxLinkBacklog;
        c.ioThreads = ioThreads;
        c.mobileCountsAsOnline = mobileOnline != null ? mobileOnline : booleanFromFile("mobile-online", true);
        c.linkTls = linkTls(true);
        c.validate();
        return c;
    }

    @Override
    RouteServer start(RouteServerConfig config) throws Exception {
        return RouteServer.start(config);
    }

    @Override
    String startFailure(RouteServerConfig config, Exception e) {
        return "cannot listen on " + config.listenHost + ":" + config.port + ", " + config.controlHost + ":"
                + config.controlPort + " or " + config.metricsHost + ":" + config.metricsPort + ": " + describe(e);
    }

    @Override
    String started(RouteServerConfig config, RouteServer server) {
        return "teamtalk route-server: listening on " + config.listenHost + ":" + server.port()
                + " for msg-servers, control (gRPC) on "
                + (server.controlPort() < 0 ? "none" : config.controlHost + ":" + server.controlPort())
                + ", metrics on "
                + (server.metricsPort() < 0 ? "none" : "http://" + config.metricsHost + ":" + server.metricsPort() + "/metrics")
                + "; mobile sessions count as online: " + (config.mobileCountsAsOnline ? "yes" : "no")
                + linkTlsNote(config.linkTls);
    }
}
