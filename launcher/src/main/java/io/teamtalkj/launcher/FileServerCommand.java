package io.teamtalkj.launcher;

import io.teamtalkj.file.FileServer;
import io.teamtalkj.file.FileServerConfig;
import io.teamtalkj.net.TlsConfig;
import io.teamtalkj.pdu.PduDecoder;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code teamtalk file-server}: file transfer (TeamTalk's file_server) and the image/audio store
 * (its msfs). Every option maps to a {@link FileServerConfig} field; {@code --config FILE}
 * supplies defaults (keys are the long option names without dashes), options on the command line win.
 */
@Command(name = "file-server",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        defaultValueProvider = TierCommand.ConfigFileDefaults.class,
        description = {
            "Run a file-server: msg-servers link to it and ask for transfer tasks; clients connect to",
            "send files online (relayed to the receiver) or offline (stored until the receiver fetches them);",
            "an HTTP image/audio store (TeamTalk's msfs) takes multipart uploads and serves them back.",
        },
        footer = {
            "",
            "Durations: 60s, 500ms, 2m (a bare number is seconds). Sizes are bytes.",
            "Precedence: command line, then --config, then the defaults shown.",
            "Exit codes: 2 when the settings are wrong, the storage directory cannot be created or a port cannot be bound.",
        })
final class FileServerCommand extends ServerCommand<FileServerConfig, FileServer> {
    @Option(names = "--listen-host", paramLabel = "HOST", defaultValue = "0.0.0.0", order = 1,
            description = "Address of all three ports (default: ${DEFAULT-VALUE}).")
    String listenHost;

    @Option(names = "--client-port", paramLabel = "PORT", defaultValue = "8600", order = 2,
            description = "PDU port file-transfer clients connect to; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int clientPort;

    @Option(names = "--msg-server-port", paramLabel = "PORT", defaultValue = "8601", order = 3,
            description = "PDU port msg-servers link to (default: ${DEFAULT-VALUE}).")
    int msgServerPort;

    @Option(names = "--http-port", paramLabel = "PORT", defaultValue = "8700", order = 4,
            description = "HTTP image/audio store; -1 disables it (default: ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(names = "--metrics-host", paramLabel = "HOST", defaultValue = "127.0.0.1", order = 4,
            description = "Address of the HTTP metrics port (default: ${DEFAULT-VALUE}).")
    String metricsHost;

    @Option(names = "--metrics-port", paramLabel = "PORT", defaultValue = "8602", order = 4,
            description = "HTTP Prometheus GET /metrics, liveness /health, readiness /ready; -1 disables it (default: ${DEFAULT-VALUE}).")
    int metricsPort;

    @Option(names = "--advertised-hosts", paramLabel = "LIST", defaultValue = "127.0.0.1", order = 5,
            description = "Addresses clients are told to reach the client port on, comma-separated; never 0.0.0.0 "
                    + "(default: ${DEFAULT-VALUE}).")
    String advertisedHosts;

    @Option(names = "--advertised-port", paramLabel = "PORT", defaultValue = "0", order = 6,
            description = "Port clients are told; 0 = the bound client port (default: ${DEFAULT-VALUE}).")
    int advertisedPort;

    @Option(names = "--storage-dir", paramLabel = "DIR", defaultValue = "data/file-server", order = 7,
            description = "Offline files (offline/) and images (images/) (default: ${DEFAULT-VALUE}).")
    Path storageDir;

    @Option(names = "--image-base-url", paramLabel = "URL", defaultValue = "", order = 8,
            description = "Base of the \"url\" in upload answers; empty = http://<Host header>/ (default: empty).")
    String imageBaseUrl;

    @Option(names = "--task-timeout", paramLabel = "DURATION", defaultValue = "60s", order = 9,
            converter = DurationConverter.class,
            description = "A task nothing happens on for this long is cancelled (default: ${DEFAULT-VALUE}).")
    Duration taskTimeout;

    @Option(names = "--max-file-size", paramLabel = "BYTES", defaultValue = "1073741824", order = 10,
            description = "Largest file a transfer may announce, at most 4294967295 (default: ${DEFAULT-VALUE}).")
    long maxFileSize;

    @Option(names = "--min-free-space", paramLabel = "BYTES", defaultValue = "104857600", order = 11,
            description = "Offline uploads that would leave less free disk space are refused (default: ${DEFAULT-VALUE}).")
    long minFreeSpace;

    @Option(names = "--max-image-size", paramLabel = "BYTES", defaultValue = "5242880", order = 12,
            description = "Largest file in the image/audio store (default: ${DEFAULT-VALUE}).")
    int maxImageSize;

    @Option(names = "--max-upload-size", paramLabel = "BYTES", defaultValue = "10485760", order = 13,
            description = "Largest HTTP upload request, form overhead included (default: ${DEFAULT-VALUE}).")
    int maxUploadSize;

    @Option(names = "--login-timeout", paramLabel = "DURATION", defaultValue = "15s", order = 14,
            converter = DurationConverter.class,
            description = "A client connection not logged in to a task by then is closed (default: ${DEFAULT-VALUE}).")
    Duration loginTimeout;

    @Option(names = "--client-idle-timeout", paramLabel = "DURATION", defaultValue = "120s", order = 15,
            converter = DurationConverter.class,
            description = "A logged-in client silent this long is closed (default: ${DEFAULT-VALUE}).")
    Duration clientIdleTimeout;

    @Option(names = "--http-idle-timeout", paramLabel = "DURATION", defaultValue = "60s", order = 16,
            converter = DurationConverter.class,
            description = "An idle HTTP connection is closed after this (default: ${DEFAULT-VALUE}).")
    Duration httpIdleTimeout;

    @Option(names = "--link-heartbeat", paramLabel = "DURATION", defaultValue = "5s", order = 17,
            converter = DurationConverter.class,
            description = "Heartbeat to an idle msg-server link (default: ${DEFAULT-VALUE}).")
    Duration linkHeartbeat;

    @Option(names = "--link-timeout", paramLabel = "DURATION", defaultValue = "30s", order = 18,
            converter = DurationConverter.class,
            description = "A msg-server link silent this long is closed (default: ${DEFAULT-VALUE}).")
    Duration linkTimeout;

    @Option(names = "--max-frame-length", paramLabel = "BYTES", defaultValue = "" + PduDecoder.DEFAULT_MAX_FRAME_LENGTH,
            order = 19, description = "Largest PDU frame accepted (default: ${DEFAULT-VALUE}).")
    int maxFrameLength;

    @Option(names = "--io-threads", paramLabel = "N", defaultValue = "0", order = 20,
            description = "Event-loop threads; 0 = 2 x CPU cores (default: ${DEFAULT-VALUE}).")
    int ioThreads;

    @Option(names = "--disk-threads", paramLabel = "N", defaultValue = "2", order = 21,
            description = "Threads for disk reads and writes (default: ${DEFAULT-VALUE}).")
    int diskThreads;

    @Option(names = "--tls-cert", paramLabel = "FILE", defaultValue = "", order = 22,
            description = "PEM certificate (chain) for TLS on the client port and the image store (https); with --tls-key,"
                    + " clients must speak TLS there. Default: plain, as TeamTalk's clients speak.")
    String tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE", defaultValue = "", order = 23,
            description = "PEM (PKCS#8) private key of --tls-cert.")
    String tlsKey;

    /** The settings the options describe. */
    @Override
    FileServerConfig toConfig() {
        FileServerConfig c = new FileServerConfig();
        c.listenHost = listenHost;
        c.clientPort = clientPort;
        c.msgServerPort = msgServerPort;
        c.httpPort = httpPort;
        c.metricsHost = metricsHost;
        c.metricsPort = metricsPort;
        c.advertisedHosts = FileServerConfig.hosts(advertisedHosts);
        c.advertisedPort = advertisedPort;
        c.storageDir = storageDir;
        c.imageBaseUrl = imageBaseUrl == null ? "" : imageBaseUrl.strip();
        c.taskTimeout = taskTimeout;
        c.maxFileSize = maxFileSize;
        c.minFreeSpace = minFreeSpace;
        c.maxImageSize = maxImageSize;
        c.maxUploadSize = maxUploadSize;
        c.loginTimeout = loginTimeout;
        c.clientIdleTimeout = clientIdleTimeout;
        c.httpIdleTimeout = httpIdleTimeout;
        c.linkHeartbeat = linkHeartbeat;
        c.linkTimeout = linkTimeout;
        c.maxFrameLength = maxFrameLength;
        c.ioThreads = ioThreads;
        c.diskThreads = diskThreads;
        c.clientTls = TlsConfig.of(pem("--tls-cert", tlsCert), pem("--tls-key", tlsKey), null);
        if (c.clientTls.enabled()) {
            c.clientTls.serverContext("the client port");
        }
        c.linkTls = linkTls(true);
        return c.validate();
    }

    @Override
    FileServer start(FileServerConfig config) throws Exception {
        return FileServer.start(config);
    }

    @Override
    String startFailure(FileServerConfig config, Exception e) {
        return "cannot start with storage " + config.storageDir.toAbsolutePath() + " on " + config.listenHost
                + " ports " + config.clientPort + " (clients), " + config.msgServerPort + " (msg-servers)"
                + (config.httpPort >= 0 ? ", " + config.httpPort + " (HTTP)" : "")
                + (config.metricsPort >= 0 ? ", " + config.metricsHost + ":" + config.metricsPort + " (metrics)" : "")
                + ": " + describe(e);
    }

    @Override
    String started(FileServerConfig config, FileServer server) {
        String host = config.listenHost;
        return "teamtalk file-server: clients on " + host + ":" + server.clientPort()
                + (config.clientTls.enabled() ? " (TLS)" : "")
                + " (advertised " + String.join(",", config.advertisedHosts) + "), msg-servers on " + host + ":"
                + server.msgServerPort() + ", image store on "
                + (server.httpPort() < 0 ? "none" : (config.clientTls.enabled() ? "https://" : "http://") + host + ":" + server.httpPort() + "/")
                + ", metrics on " + metricsUrl(config.metricsHost, server.metricsPort())
                + "; storage " + config.storageDir.toAbsolutePath()
                + linkTlsNote(config.linkTls);
    }
}
