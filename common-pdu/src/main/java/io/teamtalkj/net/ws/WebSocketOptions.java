package io.teamtalkj.net.ws;

import java.util.List;

/**
 * How a PDU listener speaks WebSocket.
 *
 * @param path          the upgrade path ({@code /ws})
 * @param allowedOrigins browser origins allowed to connect (e.g. {@code https://chat.example.com});
 *                      empty = any origin, and clients that send none (native ones)
 * @param compression   permessage-deflate; off by default: PDUs are small protobufs and the
 *                      per-connection inflater costs memory at 100k connections
 */
public record WebSocketOptions(String path, List<String> allowedOrigins, boolean compression) {
    public static final String DEFAULT_PATH = "/ws";
    public static final WebSocketOptions DEFAULT = new WebSocketOptions(DEFAULT_PATH, List.of(), false);

    public WebSocketOptions {
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("WebSocket path must start with /: " + path);
        }
        allowedOrigins = List.copyOf(allowedOrigins);
    }

    public WebSocketOptions withAllowedOrigins(List<String> origins) {
        return new WebSocketOptions(path, origins, compression);
    }

    public WebSocketOptions withCompression(boolean on) {
        return new WebSocketOptions(path, allowedOrigins, on);
    }

    public WebSocketOptions withPath(String p) {
        return new WebSocketOptions(p, allowedOrigins, compression);
    }

    /** Whether a handshake carrying {@code origin} (null when absent) may go on. */
    public boolean originAllowed(String origin) {
        if (allowedOrigins.isEmpty()) {
            return true;
        }
        if (origin == null) {
            return false; // an allow-list is a browser rule: a request without Origin is not from an allowed page
        }
        for (String o : allowedOrigins) {
            if (o.equalsIgnoreCase(origin)) {
                return true;
            }
        }
        return false;
    }
}
