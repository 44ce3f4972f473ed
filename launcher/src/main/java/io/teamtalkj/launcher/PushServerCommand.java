package io.teamtalkj.launcher;

import io.teamtalkj.pdu.PduDecoder;
import io.teamtalkj.push.PushServer;
import io.teamtalkj.push.PushServerConfig;
import io.teamtalkj.push.provider.ApnsSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * {@code teamtalk push-server}: offline push to phones. Every option maps to a {@link
 * PushServerConfig} field; {@code --config FILE} supplies defaults.
 */
@Command(name = "push-server",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        defaultValueProvider = TierCommand.ConfigFileDefaults.class,
        description = {
            "Run a push-server: msg-servers link to it and send IMPushToUserReq for recipients with no phone",
            "connected; each push goes by token type to APNs (iOS), FCM (Android), a webhook, or the log.",
        },
        footer = {
            "",
            "iOS tokens go to APNs when --apns-topic and a key or certificate are set, Android tokens to FCM when",
            "--fcm-service-account is set; otherwise to --webhook-url, otherwise to the log (--log-pushes).",
            "Durations take a unit: 500ms, 5s, 2m. Precedence: command line, then --config, then the defaults shown.",
            "Exit codes: 2 when the settings are wrong or a port cannot be opened.",
        })
final class PushServerCommand extends ServerCommand<PushServerConfig, PushServer> {
    @Option(names = "--listen-host", paramLabel = "HOST", defaultValue = "0.0.0.0", order = 1,
            description = "Address of the PDU port msg-servers link to (default: ${DEFAULT-VALUE}).")
    String listenHost;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8500", order = 2,
            description = "PDU port (TeamTalk's push_server port); 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--control-host", paramLabel = "HOST", defaultValue = "127.0.0.1", order = 3,
            description = "Address of the gRPC control port (health, PushStats) (default: ${DEFAULT-VALUE}).")
    String controlHost;

    @Option(names = "--control-port", paramLabel = "PORT", defaultValue = "8501", order = 4,
            description = "gRPC control port; -1 disables it (default: ${DEFAULT-VALUE}).")
    int controlPort;

    @Option(names = "--metrics-host", paramLabel = "HOST", defaultValue = "127.0.0.1", order = 5,
            description = "Address of the Prometheus endpoint (default: ${DEFAULT-VALUE}).")
    String metricsHost;

    @Option(names = "--metrics-port", paramLabel = "PORT", defaultValue = "8502", order = 6,
            description = "Prometheus GET /metrics, liveness /health, readiness /ready; -1 disables it (default: ${DEFAULT-VALUE}).")
    int metricsPort;

    // no picocli default: a negatable flag defaulting to true would flip (see RouteServerCommand)
    @Option(names = "--log-pushes", negatable = true, order = 10,
            description = "Log each push in one line; token types with no service configured go only there (default: true).")
    Boolean logPushes;

    @Option(names = "--webhook-url", paramLabel = "URL", defaultValue = "", order = 11,
            description = "POST each push as JSON here (iOS/Android tokens without their own service configured). Default: off")
    String webhookUrl;

    @Option(names = "--webhook-secret", paramLabel = "SECRET", defaultValue = "", order = 12,
            description = "Shared secret of the X-TeamTalk-Signature header (HMAC-SHA256 of the body). "
                    + "Default: $TEAMTALK_PUSH_WEBHOOK_SECRET, else empty.")
    String webhookSecret;

    @Option(names = "--apns-topic", paramLabel = "BUNDLE_ID", defaultValue = "", order = 20,
            description = "The iOS app's bundle id; turns APNs on. Default: off")
    String apnsTopic;

    @Option(names = "--apns-key", paramLabel = "FILE", defaultValue = "", order = 21,
            description = "Token auth: the .p8 signing key from Apple (with --apns-key-id, --apns-team-id).")
    String apnsKey;

    @Option(names = "--apns-key-id", paramLabel = "ID", defaultValue = "", order = 22, description = "Key id of --apns-key.")
    String apnsKeyId;

    @Option(names = "--apns-team-id", paramLabel = "ID", defaultValue = "", order = 23, description = "Apple developer team id.")
    String apnsTeamId;

    @Option(names = "--apns-cert", paramLabel = "FILE", defaultValue = "", order = 24,
            description = "Certificate auth instead: the .p12 push certificate.")
    String apnsCert;

    @Option(names = "--apns-cert-password", paramLabel = "PASSWORD", defaultValue = "", order = 25,
            description = "Password of --apns-cert. Default: $TEAMTALK_APNS_CERT_PASSWORD, else empty.")
    String apnsCertPassword;

    @Option(names = "--apns-sandbox", order = 26,
            description = "Use APNs' development server (apps built for development) instead of production.")
    boolean apnsSandbox;

    @Option(names = "--apns-host", paramLabel = "HOST:PORT", defaultValue = "", order = 27,
            description = "Another APNs host (a gateway or a mock); default: Apple's, by --apns-sandbox.")
    String apnsHost;

    @Option(names = "--apns-connections", paramLabel = "N", defaultValue = "2", order = 28,
            description = "HTTP/2 connections kept open to APNs (default: ${DEFAULT-VALUE}).")
    int apnsConnections;

    @Option(names = "--fcm-service-account", paramLabel = "FILE", defaultValue = "", order = 30,
            description = "Firebase service-account JSON; turns FCM (HTTP v1) on. Default: off")
    String fcmServiceAccount;

    @Option(names = "--fcm-endpoint", paramLabel = "URL", defaultValue = "https://fcm.googleapis.com", order = 31,
            description = "FCM API base URL (default: ${DEFAULT-VALUE}).")
    String fcmEndpoint;

    @Option(names = "--queue-capacity", paramLabel = "N", defaultValue = "10000", order = 40,
            description = "Pushes waiting per provider; more are dropped and counted (default: ${DEFAULT-VALUE}).")
    int queueCapacity;

    @Option(names = "--max-in-flight", paramLabel = "N", defaultValue = "256", order = 41,
            description = "Pushes sent and not yet answered, per provider (default: ${DEFAULT-VALUE}).")
    int maxInFlight;

    @Option(names = "--max-attempts", paramLabel = "N", defaultValue = "4", order = 42,
            description = "Tries per push on 429, 5xx or I/O errors, the first included (default: ${DEFAULT-VALUE}).")
    int maxAttempts;

    @Option(names = "--retry-backoff", paramLabel = "DURATION", defaultValue = "500ms", order = 43,
            converter = DurationConverter.class,
            description = "First retry wait, doubled each time up to 30s, or the provider's Retry-After (default: ${DEFAULT-VALUE}).")
    Duration retryBackoff;

    @Option(names = "--max-alert-chars", paramLabel = "N", defaultValue = "256", order = 44,
            description = "Alerts longer than this are cut with \"…\" (default: ${DEFAULT-VALUE}).")
    int maxAlertChars;

    @Option(names = "--link-heartbeat", paramLabel = "DURATION", defaultValue = "5s", order = 50,
            converter = DurationConverter.class,
            description = "Heartbeat to a msg-server after this long without writing to it (default: ${DEFAULT-VALUE}).")
    Duration linkHeartbeat;

    @Option(names = "--link-timeout", paramLabel = "DURATION", defaultValue = "30s", order = 51,
            converter = DurationConverter.class,
            description = "A msg-server link silent this long is closed (default: ${DEFAULT-VALUE}).")
    Duration linkTimeout;

    @Option(names = "--max-frame-length", paramLabel = "BYTES", defaultValue = "" + PduDecoder.DEFAULT_MAX_FRAME_LENGTH,
            order = 52, description = "Largest PDU frame accepted (default: ${DEFAULT-VALUE}).")
    int maxFrameLength;

    @Override
    boolean skipDefault(OptionSpec option) {
        return option.longestName().equals("--log-pushes");
    }

    @Override
    String overrideDefault(OptionSpec option) {
        if (option.longestName().equals("--webhook-secret") && configFileLacks("webhook-secret")) {
            return System.getenv("TEAMTALK_PUSH_WEBHOOK_SECRET");
        }
        if (option.longestName().equals("--apns-cert-password") && configFileLacks("apns-cert-password")) {
            return System.getenv("TEAMTALK_APNS_CERT_PASSWORD");
        }
        return null;
    }

    private boolean configFileLacks(String key) {
        return configFile == null || !configFile.containsKey(key);
    }

    @Override
    PushServerConfig toConfig() {
        PushServerConfig c = new PushServerConfig();
        c.listenHost = listenHost;
        c.port = port;
        c.controlHost = controlHost;
        c.controlPort = controlPort;
        c.metricsHost = metricsHost;
        c.metricsPort = metricsPort;
        c.logPushes = logPushes != null ? logPushes : booleanFromFile("log-pushes", true);
        if (!webhookUrl.isBlank()) {
            try {
                c.webhookUrl = URI.create(webhookUrl.strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--webhook-url is not a URL: " + webhookUrl);
            }
            if (c.webhookUrl.getHost() == null || !(c.webhookUrl.getScheme().equals("http") || c.webhookUrl.getScheme().equals("https"))) {
                throw new IllegalArgumentException("--webhook-url must be an http:// or https:// URL (got " + webhookUrl + ")");
            }
        }
        c.webhookSecret = webhookSecret == null ? "" : webhookSecret;
        if (!apnsTopic.isBlank()) {
            String host = null;
            int apnsPort = 0;
            if (!apnsHost.isBlank()) {
                io.teamtalkj.net.HostPort hp = io.teamtalkj.net.HostPort.parse(apnsHost.strip());
                host = hp.host();
                apnsPort = hp.port();
            }
            c.apns = new ApnsSettings(apnsTopic.strip(), apnsSandbox, path(apnsKey), apnsKeyId, apnsTeamId, path(apnsCert),
                    apnsCertPassword, host, apnsPort, null, apnsConnections).validate();
        } else if (!apnsKey.isBlank() || !apnsCert.isBlank()) {
            throw new IllegalArgumentException("--apns-key/--apns-cert need --apns-topic (the app's bundle id)");
        }
        c.fcmServiceAccount = path(fcmServiceAccount);
        c.fcmEndpoint = URI.create(fcmEndpoint.strip());
        c.queueCapacity = queueCapacity;
        c.maxInFlight = maxInFlight;
        c.maxAttempts = maxAttempts;
        c.retryBackoff = retryBackoff;
        c.maxAlertChars = maxAlertChars;
        c.linkHeartbeat = linkHeartbeat;
        c.linkTimeout = linkTimeout;
        c.maxFrameLength = maxFrameLength;
        c.linkTls = linkTls(true);
        return c.validate();
    }

    private static Path path(String s) {
        return s == null || s.isBlank() ? null : Path.of(s.strip());
    }

    @Override
    PushServer start(PushServerConfig config) throws Exception {
        return PushServer.start(config);
    }

    @Override
    String startFailure(PushServerConfig config, Exception e) {
        return "cannot start on " + config.listenHost + ":" + config.port + ", control " + config.controlHost + ":"
                + config.controlPort + ", metrics " + config.metricsHost + ":" + config.metricsPort + ": " + describe(e);
    }

    @Override
    String started(PushServerConfig config, PushServer server) {
        return "teamtalk push-server: listening on " + config.listenHost + ":" + server.port()
                + " for msg-servers, control (gRPC) on "
                + (server.controlPort() < 0 ? "none" : config.controlHost + ":" + server.controlPort())
                + ", metrics on " + metricsUrl(config.metricsHost, server.metricsPort())
                + "; providers " + server.lanes().stream().map(l -> l.provider().name()).toList()
                + linkTlsNote(config.linkTls);
    }
}
