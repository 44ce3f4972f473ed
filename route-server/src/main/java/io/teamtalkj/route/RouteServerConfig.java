package io.teamtalkj.route;

import io.teamtalkj.pdu.Pdu;
import io.teamtalkj.pdu.PduDecoder;
import java.time.Duration;

/** Everything an operator can set on a route-server; the defaults are the documented ones. */
public final class RouteServerConfig {
    /** Address of the PDU port msg-servers link to. */
    public String listenHost = "0.0.0.0";
    /** TLS on the port other tiers link to (certificate and key; with a CA, mutual TLS); NONE = plain TCP. */
    public io.teamtalkj.net.TlsConfig linkTls = io.teamtalkj.net.TlsConfig.NONE;
    /** TeamTalk's route_server port; 0 picks a free one. */
    public int port = 8200;
    /** gRPC control port (TierHealth, RouteStats); -1 disables it. */
    public String controlHost = "127.0.0.1";
    public int controlPort = 8201;
    /** Prometheus scrape endpoint ({@code GET /metrics}); -1 disables it. */
    public String metricsHost = "127.0.0.1";
    public int metricsPort = 8202;
    /**
     * A heartbeat goes to a msg-server after this long without writing to it. Kept short so a
     * msg-server can use a short link timeout and fail over to another route-server quickly when
     * this one vanishes without closing its sockets.
     */
    public Duration linkHeartbeat = Duration.ofSeconds(1);
    /** A msg-server link silent this long is closed and its users leave the presence table. */
    public Duration linkTimeout = Duration.ofSeconds(10);
    public int maxFrameLength = PduDecoder.DEFAULT_MAX_FRAME_LENGTH;
    /**
     * Bytes queued towards one msg-server before further relays to it are dropped (and counted):
     * a stalled msg-server must not make the route-server buffer without bound. Receivers repair
     * dropped deliveries by pull, as for any missed online delivery.
     */
    public int maxLinkBacklog = 32 * 1024 * 1024;
    /** Event-loop threads for msg-server links; 0 = Netty's default (twice the cores). */
    public int ioThreads = 0;
    /**
     * Whether a user with only mobile sessions is ONLINE in IMUsersStatRsp and status
     * notifications. TeamTalk counted PC clients only; we count both by default.
     */
    public boolean mobileCountsAsOnline = true;

    /** Rejects settings that cannot work, with a message an operator can act on. */
    public void validate() {
        port("port", port, false);
        port("control port", controlPort, true);
        port("metrics port", metricsPort, true);
        if (linkHeartbeat == null || linkHeartbeat.toMillis() < 10) {
            throw new IllegalArgumentException("link heartbeat must be at least 10 ms (got " + linkHeartbeat + ")");
        }
        if (linkTimeout == null || linkTimeout.compareTo(linkHeartbeat.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("link timeout must be at least twice the link heartbeat (got "
                    + linkTimeout + " with heartbeat " + linkHeartbeat + ")");
        }
        if (maxFrameLength < Pdu.HEADER_LENGTH + 1024) {
            throw new IllegalArgumentException("max frame length must be at least " + (Pdu.HEADER_LENGTH + 1024)
                    + " bytes (got " + maxFrameLength + ")");
        }
        if (maxLinkBacklog < 64 * 1024) {
            throw new IllegalArgumentException("max link backlog must be at least 65536 bytes (got " + maxLinkBacklog + ")");
        }
        if (ioThreads < 0) {
            throw new IllegalArgumentException("io threads must be 0 (default) or more (got " + ioThreads + ")");
        }
        for (String[] host : new String[][] {{"listen host", listenHost}, {"control host", controlHost},
                {"metrics host", metricsHost}}) {
            if (host[1] == null || host[1].isBlank()) {
                throw new IllegalArgumentException(host[0] + " must not be empty");
            }
        }
    }

    private static void port(String what, int value, boolean mayBeOff) {
        if (value < (mayBeOff ? -1 : 0) || value > 65535) {
            throw new IllegalArgumentException(what + " out of range" + (mayBeOff ? " (-1 disables it)" : "")
                    + ": " + value);
        }
    }
}
