package io.teamtalkj.launcher;

import io.teamtalkj.login.LoginServer;
import io.teamtalkj.login.LoginServerConfig;
import io.teamtalkj.net.TlsConfig;
import io.teamtalkj.pdu.PduDecoder;
import java.io.IOException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code teamtalk login-server}: the directory clients ask for a msg-server. Every option maps to
 * a {@link LoginServerConfig} field; {@code --config FILE} supplies defaults (keys are the long
 * option names without dashes), and options given on the command line win over the file.
 */
@Command(name = "login-server",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        defaultValueProvider = TierCommand.ConfigFileDefaults.class,
        description = {
            "Run the login-server: msg-servers register on the msg-server port and report their users;",
            "clients ask GET /msg_server on the HTTP port and get the least-loaded msg-server as JSON.",
            "An optional gRPC control port serves TierHealth.",
        },
        footer = {
            "",
            "Precedence: command line, then --config, then the defaults shown.",
            "Exit codes: 2 when the settings are wrong or a port cannot be bound.",
        })
final class LoginServerCommand extends ServerCommand<LoginServerConfig, LoginServer> {
    @Option(names = "--listen-host", paramLabel = "HOST", defaultValue = "0.0.0.0", order = 1,
            description = "Address of all three ports (default: ${DEFAULT-VALUE}).")
    String listenHost;

    @Option(names = "--http-port", paramLabel = "PORT", defaultValue = "8080", order = 2,
            description = "HTTP port clients ask GET /msg_server on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(names = "--msg-server-port", paramLabel = "PORT", defaultValue = "8100", order = 3,
            description = "PDU port msg-servers link to and report their users on (default: ${DEFAULT-VALUE}).")
    int msgServerPort;

    @Option(names = "--legacy-port", paramLabel = "PORT", defaultValue = "8008", order = 4,
            description = "TeamTalk's deprecated TCP variant (IMMsgServReq 0x0101); -1 disables it (default: ${DEFAULT-VALUE}).")
    int legacyPort;

    @Option(names = "--msfs-prior", paramLabel = "URL", defaultValue = "http://127.0.0.1:8700/", order = 5,
            description = "Image/audio store URL handed to clients as msfsPrior (default: ${DEFAULT-VALUE}).")
    String msfsPrior;

    @Option(names = "--msfs-backup", paramLabel = "URL", defaultValue = "http://127.0.0.1:8700/", order = 6,
            description = "Backup image/audio store URL handed to clients as msfsBackup (default: ${DEFAULT-VALUE}).")
    String msfsBackup;

    @Option(names = "--discovery", paramLabel = "URL", defaultValue = "http://127.0.0.1/api/discovery", order = 7,
            // own line for the default: picocli would otherwise break the URL at a dot
            description = {"Discovery page URL handed to clients", "(default: ${DEFAULT-VALUE})."})
    String discovery;

    @Option(names = "--control-host", paramLabel = "HOST", defaultValue = "127.0.0.1", order = 8,
            description = "Address of the gRPC control port (TierHealth) (default: ${DEFAULT-VALUE}).")
    String controlHost;

    @Option(names = "--control-port", paramLabel = "PORT", defaultValue = "-1", order = 9,
            description = "gRPC control port (TierHealth); -1 disables it (default: ${DEFAULT-VALUE}).")
    int controlPort;

    @Option(names = "--metrics-host", paramLabel = "HOST", defaultValue = "127.0.0.1", order = 9,
            description = "Address of the HTTP metrics port (default: ${DEFAULT-VALUE}).")
    String metricsHost;

    @Option(names = "--metrics-port", paramLabel = "PORT", defaultValue = "8081", order = 9,
            description = "HTTP Prometheus GET /metrics, liveness /health, readiness /ready; -1 disables it (default: ${DEFAULT-VALUE}).")
    int metricsPort;

    @Option(names = "--max-frame-length", paramLabel = "BYTES", defaultValue = "" + PduDecoder.DEFAULT_MAX_FRAME_LENGTH, order = 10,
            description = "Largest PDU frame accepted on the msg-server and legacy ports (default: ${DEFAULT-VALUE}).")
    int maxFrameLength;

    @Option(names = "--tls-cert", paramLabel = "FILE", defaultValue = "", order = 11,
            description = "PEM certificate (chain) for TLS on the HTTP port; with --tls-key, clients ask https://.../msg_server."
                    + " Default: plain HTTP, as TeamTalk's clients ask.")
    String tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE", defaultValue = "", order = 12,
            description = "PEM (PKCS#8) private key of --tls-cert.")
    String tlsKey;

    /** The settings the options describe. */
    @Override
    LoginServerConfig toConfig() {
        LoginServerConfig c = new LoginServerConfig();
        c.listenHost = listenHost;
        c.httpPort = httpPort;
        c.msgServerPort = msgServerPort;
        c.legacyClientPort = legacyPort;
        c.msfsPrior = msfsPrior;
        c.msfsBackup = msfsBackup;
        c.discovery = discovery;
        c.controlHost = controlHost;
        c.controlPort = controlPort;
        c.metricsHost = metricsHost;
        c.metricsPort = metricsPort;
        c.maxFrameLength = maxFrameLength;
        c.clientTls = TlsConfig.of(pem("--tls-cert", tlsCert), pem("--tls-key", tlsKey), null);
        if (c.clientTls.enabled()) {
            c.clientTls.serverContext("the HTTP port");
        }
        c.linkTls = linkTls(true);
        return c;
    }

    @Override
    LoginServer start(LoginServerConfig config) throws Exception {
        return LoginServer.start(config);
    }

    @Override
    String startFailure(LoginServerConfig config, Exception e) {
        if (!(e instanceof IOException)) {
            return describe(e);
        }
        return "cannot listen on " + config.listenHost + " ports " + config.httpPort + " (HTTP), "
                + config.msgServerPort + " (msg-servers)"
                + (config.legacyClientPort >= 0 ? ", " + config.legacyClientPort + " (legacy)" : "")
                + (config.controlPort >= 0 ? " or " + config.controlHost + ":" + config.controlPort + " (control)" : "")
                + (config.metricsPort >= 0 ? " or " + config.metricsHost + ":" + config.metricsPort + " (metrics)" : "")
                + ": " + describe(e);
    }

    @Override
    String started(LoginServerConfig config, LoginServer server) {
        String host = config.listenHost;
        return "teamtalk login-server: HTTP" + (config.clientTls.enabled() ? "S" : "") + " /msg_server on " + host + ":" + server.httpPort()
                + ", msg-servers on " + host + ":" + server.msgServerPort() + ", legacy TCP on "
                + (server.legacyPort() < 0 ? "none" : host + ":" + server.legacyPort())
                + ", control (gRPC) on " + (server.controlPort() < 0 ? "none" : config.controlHost + ":" + server.controlPort())
                + ", metrics on " + metricsUrl(config.metricsHost, server.metricsPort())
                + linkTlsNote(config.linkTls);
    }
}
