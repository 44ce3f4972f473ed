package io.teamtalkj.file;

import io.teamtalkj.pdu.FileProtocol;
import io.teamtalkj.pdu.Pdu;
import io.teamtalkj.pdu.PduDecoder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything an operator can set on a file-server; TeamTalk's values are the defaults
 * (file_server: client port 8600, msg-server port 8601, TaskTimeout 60 s; msfs: port 8700,
 * 5 MiB per file, 10 MiB per upload).
 */
public final class FileServerConfig {
    /** Address the three ports bind. */
    public String listenHost = "0.0.0.0";
    /** TLS on the port other tiers link to (certificate and key; with a CA, mutual TLS); NONE = plain TCP. */
    public io.teamtalkj.net.TlsConfig linkTls = io.teamtalkj.net.TlsConfig.NONE;
    /** TLS on the client port and the image store's HTTP port (certificate and key); NONE = plain. */
    public io.teamtalkj.net.TlsConfig clientTls = io.teamtalkj.net.TlsConfig.NONE;
    /** PDU port file-transfer clients connect to (TeamTalk ClientListenPort); 0 picks a free one. */
    public int clientPort = 8600;
    /** PDU port msg-servers link to (TeamTalk MsgServerListenPort); 0 picks a free one. */
    public int msgServerPort = 8601;
    /** HTTP image/audio store (TeamTalk's msfs); -1 disables it, 0 picks a free port. */
    public int httpPort = 8700;
    /** HTTP port with Prometheus /metrics, /health and /ready; -1 disables it. */
    public int metricsPort = 8602;
    /** Address of the metrics port (loopback: it has no authentication). */
    public String metricsHost = "127.0.0.1";

    /**
     * Addresses msg-servers hand to clients for the client port (TeamTalk ClientListenIP): must be
     * reachable by clients, never 0.0.0.0.
     */
    public List<String> advertisedHosts = new ArrayList<>(List.of("127.0.0.1"));
    /** Port handed to clients with those addresses; 0 = the bound client port. */
    public int advertisedPort = 0;

    /** Offline files live under {@code offline/}, images under {@code images/}. */
    public Path storageDir = Path.of("data", "file-server");
    /** Base URL put in image upload answers ("url"); empty = http:// + the request's Host header + /. */
    public String imageBaseUrl = "";

    /** A task nothing happens on for this long is cancelled (TeamTalk TaskTimeout). */
    public Duration taskTimeout = Duration.ofSeconds(60);
    /** Largest file a transfer may announce (the protocol's size field is 32 bits). */
    public long maxFileSize = 1L << 30;
    /** Offline uploads are refused when they would leave less free space than this. */
    public long minFreeSpace = 100L << 20;
    /** Largest image or audio file in the store (msfs: 5 MiB). */
    public int maxImageSize = 5 << 20;
    /** Largest HTTP upload request, multipart overhead included (msfs: 10 MiB). */
    public int maxUploadSize = 10 << 20;

    /** A client connection that has not logged in to a task by then is closed. */
    public Duration loginTimeout = Duration.ofSeconds(15);
    /** A logged-in client connection silent this long is closed (TeamTalk CLIENT_TIMEOUT). */
    public Duration clientIdleTimeout = Duration.ofSeconds(120);
    /** An HTTP connection silent this long is closed. */
    public Duration httpIdleTimeout = Duration.ofSeconds(60);
    /** Heartbeat and timeout of msg-server links (TeamTalk 5 s / 30 s). */
    public Duration linkHeartbeat = Duration.ofSeconds(5);
    public Duration linkTimeout = Duration.ofSeconds(30);

    public int maxFrameLength = PduDecoder.DEFAULT_MAX_FRAME_LENGTH;
    /** Event-loop threads; 0 = Netty's default (2 x cores). */
    public int ioThreads = 0;
    /** Threads doing disk reads and writes (kept off the event loops). */
    public int diskThreads = 2;

    /** Rejects settings that cannot work, with a message an operator can act on. */
    public FileServerConfig validate() {
        port("--client-port", clientPort);
        port("--msg-server-port", msgServerPort);
        if (httpPort != -1) {
            port("--http-port", httpPort);
        }
        if (metricsPort != -1) {
            port("--metrics-port", metricsPort);
        }
        port("--advertised-port", advertisedPort);
        require(listenHost != null && !listenHost.isBlank(), "--listen-host must not be empty");
        require(advertisedHosts != null && !advertisedHosts.isEmpty(), "--advertised-hosts needs at least one address");
        for (String h : advertisedHosts) {
            require(!h.isBlank() && !h.equals("0.0.0.0") && !h.equals("::") && h.chars().noneMatch(c -> c <= ' '),
                    "--advertised-hosts must be addresses clients can reach (got '" + h + "')");
        }
        require(storageDir != null && !storageDir.toString().isBlank(), "--storage-dir must not be empty");
        require(imageBaseUrl != null && (imageBaseUrl.isEmpty() || imageBaseUrl.startsWith("http://")
                || imageBaseUrl.startsWith("https://")), "--image-base-url must be empty or an http(s):// URL (got "
                + imageBaseUrl + ")");
        require(maxFileSize >= 1 && maxFileSize <= 0xFFFF_FFFFL, "--max-file-size must be 1..4294967295 (got "
                + maxFileSize + ")");
        require(minFreeSpace >= 0, "--min-free-space must be >= 0");
        require(maxImageSize >= 1, "--max-image-size must be >= 1");
        require(maxUploadSize >= maxImageSize, "--max-upload-size must be at least --max-image-size");
        require(maxFrameLength >= Pdu.HEADER_LENGTH + FileProtocol.MAX_SEGMENT + 1024,
                "--max-frame-length must hold a 64 KiB segment (at least " + (Pdu.HEADER_LENGTH + FileProtocol.MAX_SEGMENT
                        + 1024) + ")");
        require(ioThreads >= 0, "--io-threads must be >= 0");
        require(diskThreads >= 1, "--disk-threads must be >= 1");
        for (Duration d : List.of(taskTimeout, loginTimeout, clientIdleTimeout, httpIdleTimeout, linkHeartbeat, linkTimeout)) {
            require(d != null && !d.isNegative() && !d.isZero(), "timeouts must be positive");
        }
        require(linkTimeout.compareTo(linkHeartbeat) > 0, "link timeout must be longer than the link heartbeat");
        return this;
    }

    /** Parses "a,b,c" (blank parts dropped). */
    public static List<String> hosts(String list) {
        List<String> out = new ArrayList<>();
        if (list != null) {
            for (String part : list.split(",")) {
                if (!part.isBlank()) {
                    out.add(part.strip());
                }
            }
        }
        return out;
    }

    private static void port(String option, int value) {
        require(value >= 0 && value <= 65535, option + " out of range 0..65535"
                + (option.equals("--http-port") ? " (or -1 to disable)" : "") + " (got " + value + ")");
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
