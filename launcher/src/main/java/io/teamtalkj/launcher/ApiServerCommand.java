package io.teamtalkj.launcher;

import io.teamtalkj.api.ApiServer;
import io.teamtalkj.api.ApiServerConfig;
import io.teamtalkj.msgserver.MsgServerConfig;
import io.teamtalkj.net.HostPort;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code teamtalk api-server}: the HTTP API for back-office and application servers (TeamTalk's
 * http_msg_server on 8400, plus REST v1). Options map to {@link ApiServerConfig}; {@code --config}
 * supplies defaults as for every tier.
 */
@Command(name = "api-server",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        defaultValueProvider = TierCommand.ConfigFileDefaults.class,
        description = {
            "Run an api-server: HTTP API (TeamTalk's /query/CreateGroup and /query/ChangeMembers, REST /v1, /openapi.json)",
            "for applications holding an app key (teamtalk admin app add). It links to the dbproxies and route-servers",
            "like a msg-server, and reads applications from the dbproxy's control port.",
        },
        footer = {
            "",
            "Durations take a unit: 500ms, 5s, 2m. Precedence: command line, then --config, then the defaults shown.",
            "Exit codes: 2 when the settings are wrong or a port cannot be opened.",
        })
final class ApiServerCommand extends ServerCommand<ApiServerConfig, ApiServer> {
    @Option(names = "--listen-host", paramLabel = "HOST", defaultValue = "0.0.0.0", order = 1,
            description = "Address of the HTTP API (default: ${DEFAULT-VALUE}).")
    String listenHost;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8400", order = 2,
            description = "HTTP API port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--control-host", paramLabel = "HOST", defaultValue = "127.0.0.1", order = 3,
            description = "Address of the gRPC control port (health) (default: ${DEFAULT-VALUE}).")
    String controlHost;

    @Option(names = "--control-port", paramLabel = "PORT", defaultValue = "8401", order = 4,
            description = "gRPC control port; -1 disables it (default: ${DEFAULT-VALUE}).")
    int controlPort;

    @Option(names = "--metrics-host", paramLabel = "HOST", defaultValue = "127.0.0.1", order = 5,
            description = "Address of the Prometheus endpoint (default: ${DEFAULT-VALUE}).")
    String metricsHost;

    @Option(names = "--metrics-port", paramLabel = "PORT", defaultValue = "8402", order = 6,
            description = "Prometheus GET /metrics, /health, /ready; -1 disables it (default: ${DEFAULT-VALUE}).")
    int metricsPort;

    @Option(names = "--dbproxies", paramLabel = "LIST", defaultValue = "127.0.0.1:10600", order = 7,
            description = "dbproxy-servers' PDU ports (default: ${DEFAULT-VALUE}).")
    String dbProxies;

    @Option(names = "--dbproxy-control", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:10601", order = 8,
            description = "The dbproxy's gRPC control port: applications, usage, users (default: ${DEFAULT-VALUE}).")
    String dbProxyControl;

    @Option(names = "--route-servers", paramLabel = "LIST", defaultValue = "127.0.0.1:8200", order = 9,
            description = "route-servers (default: ${DEFAULT-VALUE}).")
    String routeServers;

    @Option(names = "--push-servers", paramLabel = "LIST", defaultValue = "", order = 9,
            description = "push-servers (HOST:PORT,...); API message recipients with no phone connected get a push "
                    + "through them; empty = no push (default: none).")
    String pushServers;

    @Option(names = "--max-body-bytes", paramLabel = "BYTES", defaultValue = "65536", order = 10,
            description = "Largest request body; more is answered 413 (default: ${DEFAULT-VALUE}).")
    int maxBodyBytes;

    @Option(names = "--max-recipients", paramLabel = "N", defaultValue = "1000", order = 11,
            description = "Users one push or member change may name (default: ${DEFAULT-VALUE}).")
    int maxRecipients;

    @Option(names = "--signature-window", paramLabel = "DURATION", defaultValue = "5m", order = 12,
            converter = DurationConverter.class,
            description = "How far X-TT-Timestamp may be from this server's clock (default: ${DEFAULT-VALUE}).")
    Duration signatureWindow;

    @Option(names = "--unsigned-query", paramLabel = "BOOL", defaultValue = "true", arity = "1", order = 12,
            description = "Accept TeamTalk's /query calls with only app_key in the body and no signature, as its "
                    + "back-office sends them; false requires signed headers there too (default: ${DEFAULT-VALUE}).")
    boolean unsignedQuery;

    @Option(names = "--app-reload", paramLabel = "DURATION", defaultValue = "2m", order = 13,
            converter = DurationConverter.class,
            description = "Re-read applications and quotas from MySQL this often (default: ${DEFAULT-VALUE}).")
    Duration appReload;

    @Option(names = "--usage-flush", paramLabel = "DURATION", defaultValue = "5s", order = 14,
            converter = DurationConverter.class,
            description = "Write counted calls and pushes to MySQL in one batch this often (default: ${DEFAULT-VALUE}).")
    Duration usageFlush;

    @Option(names = "--user-check-cache", paramLabel = "DURATION", defaultValue = "10s", order = 15,
            converter = DurationConverter.class,
            description = "A user found active is not checked again for this long (a disable made elsewhere applies to "
                    + "API calls within it); 0 checks every call (default: ${DEFAULT-VALUE}).")
    Duration userCheckCache;

    @Option(names = "--system-user", paramLabel = "NAME", defaultValue = "system", order = 15,
            description = "User that messages with from_system=true come from; created on first use (default: ${DEFAULT-VALUE}).")
    String systemUser;

    @Option(names = "--host-name", paramLabel = "NAME", defaultValue = "api-server", order = 16,
            description = "Name shown in route stats (default: ${DEFAULT-VALUE}).")
    String hostName;

    @Override
    ApiServerConfig toConfig() {
        ApiServerConfig c = new ApiServerConfig();
        c.listenHost = listenHost;
        c.port = port;
        c.controlHost = controlHost;
        c.controlPort = controlPort;
        c.metricsHost = metricsHost;
        c.metricsPort = metricsPort;
        c.dbProxies = MsgServerConfig.addresses(dbProxies);
        c.dbProxyControl = HostPort.parse(dbProxyControl);
        c.routeServers = MsgServerConfig.addresses(routeServers);
        c.pushServers = pushServers.isBlank() ? new java.util.ArrayList<>() : MsgServerConfig.addresses(pushServers);
        c.maxBodyBytes = maxBodyBytes;
        c.maxRecipients = maxRecipients;
        c.signatureWindow = signatureWindow;
        c.unsignedQuery = unsignedQuery;
        c.appReload = appReload;
        c.usageFlush = usageFlush;
        c.userCheckCache = userCheckCache;
        c.systemUser = systemUser;
        c.hostName = hostName;
        c.linkTls = linkTls(false);
        c.validate();
        return c;
    }

    @Override
    ApiServer start(ApiServerConfig config) throws Exception {
        return ApiServer.start(config);
    }

    @Override
    String startFailure(ApiServerConfig config, Exception e) {
        return "cannot listen on " + config.listenHost + ":" + config.port + ", " + config.controlHost + ":"
                + config.controlPort + " or " + config.metricsHost + ":" + config.metricsPort + ": " + describe(e);
    }

    @Override
    String started(ApiServerConfig config, ApiServer server) {
        return "teamtalk api-server: HTTP API on http://" + config.listenHost + ":" + server.port()
                + " (OpenAPI at /openapi.json), control (gRPC) on "
                + (server.controlPort() < 0 ? "none" : config.controlHost + ":" + server.controlPort())
                + ", metrics on "
                + (server.metricsPort() < 0 ? "none" : "http://" + config.metricsHost + ":" + server.metricsPort() + "/metrics")
                + linkTlsNote(config.linkTls);
    }
}
