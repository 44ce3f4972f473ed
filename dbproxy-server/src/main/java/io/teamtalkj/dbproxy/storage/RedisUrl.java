package io.teamtalkj.dbproxy.storage;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A parsed {@code --redis-url}: one server, a Sentinel-managed master, or a Redis Cluster.
 * <ul>
 * <li>{@code redis://[[user]:password@]host[:port][/db]}, {@code rediss://} for TLS</li>
 * <li>{@code redis-sentinel://[[user]:password@]master@host:port,host:port[/db]} (the sentinels;
 *     {@code rediss-sentinel://} for TLS); the password is the master's and replicas'</li>
 * <li>{@code redis-cluster://[[user]:password@]host:port,host:port,...} (some of the nodes; the
 *     rest are discovered; {@code rediss-cluster://} for TLS); a cluster has only database 0</li>
 * </ul>
 * A hand-written parser: {@link java.net.URI} refuses host lists.
 */
public record RedisUrl(Mode mode, boolean tls, String username, String password, String masterName,
        List<String> nodes, int database) {

    public enum Mode { SINGLE, SENTINEL, CLUSTER }

    /** The URL forms, for error messages and help texts. */
    public static final String FORMS = "redis://[:password@]host:port[/db], rediss:// (TLS), "
            + "redis-sentinel://[:password@]master@host:port,host:port[/db] or redis-cluster://[:password@]host:port,host:port,...";

    private static final int DEFAULT_PORT = 6379;
    private static final int DEFAULT_SENTINEL_PORT = 26379;

    /** Parses and checks a URL; an IllegalArgumentException names what is wrong (password hidden). */
    public static RedisUrl parse(String url) {
        if (url == null || url.isBlank()) {
            throw bad(url, "it is empty");
        }
        int sep = url.indexOf("://");
        if (sep < 0) {
            throw bad(url, "it has no scheme");
        }
        String scheme = url.substring(0, sep).toLowerCase(java.util.Locale.ROOT);
        Mode mode;
        boolean tls;
        switch (scheme) {
            case "redis" -> { mode = Mode.SINGLE; tls = false; }
            case "rediss" -> { mode = Mode.SINGLE; tls = true; }
            case "redis-sentinel" -> { mode = Mode.SENTINEL; tls = false; }
            case "rediss-sentinel" -> { mode = Mode.SENTINEL; tls = true; }
            case "redis-cluster" -> { mode = Mode.CLUSTER; tls = false; }
            case "rediss-cluster" -> { mode = Mode.CLUSTER; tls = true; }
            default -> throw bad(url, "unknown scheme " + scheme + "://");
        }
        String rest = url.substring(sep + 3);
        int q = rest.indexOf('?');
        if (q >= 0) {
            throw bad(url, "query parameters are not supported");
        }
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "" : rest.substring(slash + 1);
        int database = 0;
        if (!path.isEmpty()) {
            try {
                database = Integer.parseInt(path);
            } catch (NumberFormatException e) {
                throw bad(url, "the database after / must be a number (got " + path + ")");
            }
            if (database < 0) {
                throw bad(url, "the database must not be negative");
            }
            if (mode == Mode.CLUSTER && database != 0) {
                throw bad(url, "a Redis Cluster has only database 0");
            }
        }
        // [userinfo@][master@]hosts: the hosts never contain '@', a password must encode it (%40)
        String[] parts = authority.split("@", -1);
        String userInfo = null;
        String master = null;
        String hosts;
        if (mode == Mode.SENTINEL) {
            if (parts.length == 2) {
                master = parts[0];
            } else if (parts.length == 3) {
                userInfo = parts[0];
                master = parts[1];
            } else {
                throw bad(url, "a sentinel URL is redis-sentinel://[:password@]master@host:port,...");
            }
            if (master.isEmpty()) {
                throw bad(url, "the master name (before the sentinels' addresses) is empty");
            }
            hosts = parts[parts.length - 1];
        } else {
            if (parts.length > 2) {
                throw bad(url, "more than one @ (encode one in the password as %40)");
            }
            if (parts.length == 2) {
                userInfo = parts[0];
            }
            hosts = parts[parts.length - 1];
        }
        String username = null;
        String password = null;
        if (userInfo != null && !userInfo.isEmpty()) {
            int colon = userInfo.indexOf(':');
            if (colon >= 0) {
                username = colon > 0 ? decode(userInfo.substring(0, colon)) : null;
                password = decode(userInfo.substring(colon + 1));
            } else {
                password = decode(userInfo);
            }
        }
        List<String> nodes = new ArrayList<>();
        if (hosts.isEmpty()) {
            throw bad(url, "no host given");
        }
        for (String h : hosts.split(",", -1)) {
            nodes.add(hostPort(url, h.trim(), mode == Mode.SENTINEL ? DEFAULT_SENTINEL_PORT : DEFAULT_PORT));
        }
        if (mode == Mode.SINGLE && nodes.size() > 1) {
            throw bad(url, "several hosts need redis-sentinel:// or redis-cluster://");
        }
        return new RedisUrl(mode, tls, username, password, master, List.copyOf(nodes), database);
    }

    private static String hostPort(String url, String h, int defaultPort) {
        if (h.isEmpty()) {
            throw bad(url, "an empty host in the list");
        }
        String host = h;
        int port = defaultPort;
        int colon = h.lastIndexOf(':');
        boolean ipv6 = h.startsWith("[");
        if (colon > 0 && (!ipv6 || colon > h.indexOf(']'))) {
            host = h.substring(0, colon);
            String p = h.substring(colon + 1);
            try {
                port = Integer.parseInt(p);
            } catch (NumberFormatException e) {
                throw bad(url, "port of " + host + " is not a number (got " + p + ")");
            }
            if (port < 1 || port > 65535) {
                throw bad(url, "port of " + host + " must be 1..65535 (got " + port + ")");
            }
        }
        if (host.isEmpty() || (ipv6 && !host.endsWith("]"))) {
            throw bad(url, "bad host " + h);
        }
        return host + ":" + port;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static IllegalArgumentException bad(String url, String why) {
        return new IllegalArgumentException("--redis-url " + (url == null ? "" : Storage.redact(url)) + " is not valid: "
                + why + " (expected " + FORMS + ")");
    }

    /** Redisson's address form of a node: redis://host:port or rediss://host:port. */
    public List<String> addresses() {
        List<String> out = new ArrayList<>(nodes.size());
        for (String n : nodes) {
            out.add((tls ? "rediss://" : "redis://") + n);
        }
        return out;
    }

    @Override
    public String toString() {
        return mode + (tls ? " (TLS) " : " ") + (masterName != null ? masterName + "@" : "") + String.join(",", nodes)
                + (database != 0 ? "/" + database : "");
    }
}
