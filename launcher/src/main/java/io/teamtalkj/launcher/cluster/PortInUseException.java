package io.teamtalkj.launcher.cluster;

import java.io.IOException;

/** A tier of a one-process cluster could not bind its port of the layout: someone else holds it. */
public final class PortInUseException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String tier;
    private final int port;

    PortInUseException(String tier, String host, int port, Throwable cause) {
        super(tier + " cannot bind " + host + ":" + port + ": Address already in use", cause);
        this.tier = tier;
        this.port = port;
    }

    public String tier() {
        return tier;
    }

    public int port() {
        return port;
    }
}
