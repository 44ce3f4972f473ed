package io.teamtalkj.login;

import io.teamtalkj.pdu.Pdu;
import io.teamtalkj.pdu.PduDecoder;
import java.time.Duration;

/** Everything an operator can set on a login-server; defaults are TeamTalk's (protocol §4.0, §4.1). */
public final class LoginServerConfig {
    /** Address all three listeners bind. */
    public String listenHost = "0.0.0.0";
    /** TLS on the port other tiers link to (certificate and key; with a CA, mutual TLS); NONE = plain TCP. */
    public io.teamtalkj.net.TlsConfig linkTls = io.teamtalkj.net.TlsConfig.NONE;
    /** TLS on the HTTP port (certificate and key): clients then ask over https; NONE = plain HTTP. */
    public io.teamtalkj.net.TlsConfig clientTls = io.teamtalkj.net.TlsConfig.NONE;
    /** HTTP port clients ask for a msg-server on ({@code GET /msg_server}); 0 picks a free one. */
    public int httpPort = 8080;
    /** Serve the web chat (issue 19) at {@code /} of the HTTP port when the web module is on the classpath. */
    public boolean serveWebChat = true;
    /** PDU port msg-servers link to and report their load on. */
    public int msgServerPort = 8100;
    /** TeamTalk's deprecated TCP variant of the question (IMMsgServReq 0x0101); -1 disables it. */
    public int legacyClientPort = 8008;

    /** gRPC control port (TierHealth); -1 (the default) disables it. */
    public int controlPort = -1;
    public String controlHost = "127.0.0.1";
    /** HTTP port with Prometheus /metrics, /health and /ready; -1 disables it. */
    public int metricsPort = 8081;
    public String metricsHost = "127.0.0.1";

    /** Image/audio store URLs handed to clients with the msg-server address. */
    public String msfsPrior = "http://127.0.0.1:8700/";
    public String msfsBackup = "http://127.0.0.1:8700/";
    /** The "discovery" page URL handed to clients (TeamTalk's PHP admin serves it). */
    public String discovery = "http://127.0.0.1/api/discovery";

    /** Largest PDU frame accepted on the msg-server and legacy ports. */
    public int maxFrameLength = PduDecoder.DEFAULT_MAX_FRAME_LENGTH;
    /** A heartbeat goes to a msg-server link after this long without writes. */
    public Duration linkHeartbeat = Duration.ofSeconds(5);
    /** A msg-server link silent this long is closed and its msg-server forgotten. */
    public Duration linkTimeout = Duration.ofSeconds(30);
    /** An HTTP connection that sends nothing this long is closed (TeamTalk: 60 s). */
    public Duration httpIdleTimeout = Duration.ofSeconds(60);
    /** A legacy-port client that sends nothing this long is closed (TeamTalk: 120 s). */
    public Duration clientIdleTimeout = Duration.ofSeconds(120);

    /** Rejects settings that cannot work, with a message an operator can act on. */
    public void validate() {
        port("--http-port", httpPort);
        port("--msg-server-port", msgServerPort);
        if (legacyClientPort != -1) {
            port("--legacy-port", legacyClientPort);
        }
        if (controlPort != -1) {
            port("--control-port", controlPort);
        }
        if (metricsPort != -1) {
            port("--metrics-port", metricsPort);
        }
        if (listenHost == null || listenHost.isBlank()) {
            throw new IllegalArgumentException("--listen-host must not be empty");
        }
        url("--msfs-prior", msfsPrior);
        url("--msfs-backup", msfsBackup);
        url("--discovery", discovery);
        if (maxFrameLength < Pdu.HEADER_LENGTH) {
            throw new IllegalArgumentException("--max-frame-length must be at least " + Pdu.HEADER_LENGTH + " (got "
                    + maxFrameLength + ")");
        }
        positive("link heartbeat", linkHeartbeat);
        positive("link timeout", linkTimeout);
        positive("HTTP idle timeout", httpIdleTimeout);
        positive("client idle timeout", clientIdleTimeout);
        if (linkTimeout.compareTo(linkHeartbeat) <= 0) {
            throw new IllegalArgumentException("link timeout (" + linkTimeout.toMillis()
                    + " ms) must be longer than the link heartbeat (" + linkHeartbeat.toMillis() + " ms)");
        }
    }

    private static void port(String option, int value) {
        if (value < 0 || value > 65535) {
            throw new IllegalArgumentException(option + " out of range 0..65535"
                    + (option.equals("--legacy-port") || option.equals("--control-port") ? " (or -1 to disable)" : "") + " (got " + value + ")");
        }
    }

    private static void url(String option, String value) {
        if (value == null || !(value.startsWith("http://") || value.startsWith("https://"))) {
            throw new IllegalArgumentException(option + " must be an http:// or https:// URL (got " + value + ")");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= ' ' || c == 0x7f) {
                throw new IllegalArgumentException(option + " must not contain spaces or control characters (got "
                        + value.strip() + ")");
            }
        }
    }

    private static void positive(String what, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive (got " + d + ")");
        }
    }
}
