package io.teamtalkj.api.auth;

import io.teamtalkj.control.api.App;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/** An application as the api-server checks it: key, HMAC key, scopes, quotas, expiry. */
public record AppEntry(int id, String name, String appKey, byte[] signingKey, Set<String> scopes, long callsPerDay,
                       long pushesPerDay, long expiresAt) {

    static AppEntry of(App a) {
        return new AppEntry(a.getId(), a.getName(), a.getAppKey(), a.getSigningKey().getBytes(StandardCharsets.US_ASCII),
                Set.copyOf(a.getScopesList()), Integer.toUnsignedLong(a.getCallsPerDay()),
                Integer.toUnsignedLong(a.getPushesPerDay()), Integer.toUnsignedLong(a.getExpiresAt()));
    }

    public boolean expired(long nowSeconds) {
        return expiresAt != 0 && nowSeconds >= expiresAt;
    }
}
