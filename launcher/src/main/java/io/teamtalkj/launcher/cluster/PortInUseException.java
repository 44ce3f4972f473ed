package io.teamtalkj.launcher.cluster;

import java.io.IOException;

/** A tier of a one-process cluster could not bind its port of the layout: someone else holds it. */
public final class PortInUseException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String tier;
    private final int port;
    private final int otherBase;

    PortInUseException(String tier, String host, int port, ClusterPorts layout, Throwable cause) {
        super(tier + " cannot bind " + host + ":" + port + ": Address already in use", cause);
        this.tier = tier;
        this.port = port;
        this.otherBase = layout.otherBase();
    }

    /** The way out, for the operator. */
    public String advice() {
        return "another cluster running? try --port-base " + otherBase + ", or --port-base " + ClusterPorts.FREE_PORTS
                + " for free ports";
    }

    public String tier() {
        return tier;
    }

    public int port() {
        return port;
    }
}
