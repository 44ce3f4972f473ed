package io.teamtalkj.push;

import io.teamtalkj.net.TlsConfig;
import io.teamtalkj.pdu.PduDecoder;
import io.teamtalkj.push.provider.ApnsSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Everything an operator can set on a push-server. TeamTalk's push_server listened on 8500; the
 * gRPC control port is 8501 and the metrics port 8502. With no provider configured every push
 * goes to the log.
 */
public final class PushServerConfig {
    public String listenHost = "0.0.0.0";
    /** PDU port msg-servers link to (TeamTalk's push_server port); 0 picks a free one. */
    public int port = 8500;
    /** gRPC health and PushStats; -1 disables it. */
    public int controlPort = 8501;
    public String controlHost = "127.0.0.1";
    /** Prometheus /metrics, /health, /ready; -1 disables it. */
    public int metricsPort = 8502;
    public String metricsHost = "127.0.0.1";
    public TlsConfig linkTls = TlsConfig.NONE;

    /** Log every push (one line each); the fallback for token types without a configured service. */
    public boolean logPushes = true;

    /** Webhook: POST JSON here (null = off), signed with {@link #webhookSecret}. */
    public URI webhookUrl;
    public String webhookSecret = "";

    /** APNs (null = off). */
    public ApnsSettings apns;

    /** FCM: the service-account JSON file (null = off) and the API's base URL. */
    public Path fcmServiceAccount;
    public URI fcmEndpoint = URI.create("https://fcm.googleapis.com");

    /** Pushes waiting per provider; beyond, new pushes are dropped and counted. */
    public int queueCapacity = 10_000;
    /** Pushes sent and not yet answered, per provider. */
    public int maxInFlight = 256;
    /** Tries per push, the first included (429, 5xx and I/O errors are retried). */
    public int maxAttempts = 4;
    public Duration retryBackoff = Duration.ofMillis(500);
    public Duration maxRetryBackoff = Duration.ofSeconds(30);
    /** A provider call without an answer by then counts as a retryable error. */
    public Duration sendTimeout = Duration.ofSeconds(30);
    /** Alerts longer than this (code points) are cut with "…". */
    public int maxAlertChars = 256;
    /** Threads the JDK HTTP clients (webhook, FCM) run their callbacks on. */
    public int httpThreads = 2;

    public Duration linkHeartbeat = Duration.ofSeconds(5);
    public Duration linkTimeout = Duration.ofSeconds(30);
    public int maxFrameLength = PduDecoder.DEFAULT_MAX_FRAME_LENGTH;
    /** Event-loop threads; 0 = Netty's default. */
    public int ioThreads = 0;

    public PushServerConfig validate() {
        port("--port", port, false);
        port("--control-port", controlPort, true);
        port("--metrics-port", metricsPort, true);
        positive("--queue-capacity", queueCapacity);
        positive("--max-in-flight", maxInFlight);
        positive("--max-attempts", maxAttempts);
        positive("--max-alert-chars", maxAlertChars);
        positive("--http-threads", httpThreads);
        if (apns != null) {
            apns.validate();
        }
        return this;
    }

    private static void port(String option, int value, boolean mayBeOff) {
        if (value < (mayBeOff ? -1 : 0) || value > 65535) {
            throw new IllegalArgumentException(option + " must be " + (mayBeOff ? "-1 (off), " : "") + "0 (any) or 1-65535 (got "
                    + value + ")");
        }
    }

    private static void positive(String option, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(option + " must be at least 1 (got " + value + ")");
        }
    }
}
