package io.teamtalkj.net;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * A HOST:PORT address as operators write it in options and conf files ({@code [::1]:10601} for an
 * IPv6 literal). The one parser every tier and tool uses, so they all accept and refuse the same
 * things with the same words.
 */
public record HostPort(String host, int port) {
    public HostPort {
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("empty host");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not from 1 to 65535");
        }
    }

    /** Parses one address; the message of the exception says what is wrong and repeats the input. */
    public static HostPort parse(String s) {
        String v = s == null ? "" : s.strip();
        int colon = v.lastIndexOf(':');
        if (colon <= 0 || colon == v.length() - 1) {
            throw new IllegalArgumentException("expected HOST:PORT, got '" + s + "'");
        }
        String host = v.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.indexOf(':') >= 0) {
            throw new IllegalArgumentException("write an IPv6 address as [ADDRESS]:PORT, got '" + s + "'");
        }
        int port;
        try {
            port = Integer.parseInt(v.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (host.isEmpty() || port < 1 || port > 65535) {
            throw new IllegalArgumentException("expected HOST:PORT with a port from 1 to 65535, got '" + s + "'");
        }
        return new HostPort(host, port);
    }

    /** A comma-separated list; empty or blank is an empty list. */
    public static List<HostPort> parseList(String list) {
        List<HostPort> out = new ArrayList<>();
        if (list == null || list.isBlank()) {
            return out;
        }
        for (String part : list.split(",")) {
            out.add(parse(part));
        }
        return out;
    }

    /** An unresolved socket address: resolved when a link connects, so DNS changes are followed. */
    public InetSocketAddress toSocketAddress() {
        return InetSocketAddress.createUnresolved(host, port);
    }

    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
