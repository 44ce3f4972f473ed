package io.teamtalkj.push.provider;

import java.nio.file.Path;

/**
 * How to reach APNs: token auth (.p8 key, key id, team id) or certificate auth (.p12 and its
 * password), the app's bundle id (topic), and which APNs (sandbox or production, or any host for
 * tests).
 *
 * @param host           APNs host; null = api.sandbox.push.apple.com or api.push.apple.com by {@code sandbox}
 * @param trustedCa      PEM CA to trust instead of the system's (tests, private gateways); null = system trust
 * @param connections    HTTP/2 connections kept open to APNs (each multiplexes many pushes)
 */
public record ApnsSettings(String topic, boolean sandbox, Path signingKey, String keyId, String teamId,
                           Path certificate, String certificatePassword, String host, int port, Path trustedCa,
                           int connections) {

    public boolean tokenAuth() {
        return signingKey != null;
    }

    /** Exactly one of the two auth methods, with all its parts. */
    public ApnsSettings validate() {
        if (topic == null || topic.isBlank()) {
            throw new IllegalArgumentException("--apns-topic (the app's bundle id) is required with APNs");
        }
        if ((signingKey == null) == (certificate == null)) {
            throw new IllegalArgumentException("APNs needs exactly one of --apns-key (token auth) and --apns-cert (certificate auth)");
        }
        if (signingKey != null && (keyId == null || keyId.isBlank() || teamId == null || teamId.isBlank())) {
            throw new IllegalArgumentException("--apns-key needs --apns-key-id and --apns-team-id");
        }
        if (connections < 1) {
            throw new IllegalArgumentException("--apns-connections must be at least 1 (got " + connections + ")");
        }
        return this;
    }
}
