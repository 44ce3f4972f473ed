package io.teamtalkj.push;

import java.time.Duration;

/**
 * What a provider made of one push.
 *
 * @param kind       the result
 * @param detail     the provider's reason (rejection reason, HTTP status), for logs and stats
 * @param retryAfter for {@link Kind#RETRY}: the provider's own wait (Retry-After), or null
 */
public record Outcome(Kind kind, String detail, Duration retryAfter) {
    public enum Kind {
        /** The provider accepted the push. */
        DELIVERED,
        /** Refused for good (bad payload, auth, 4xx): not retried. */
        FAILED,
        /** The provider says the token is dead (APNs BadDeviceToken/Unregistered, FCM UNREGISTERED). */
        INVALID_TOKEN,
        /** Worth another try (429, 5xx, I/O error) after a backoff. */
        RETRY,
        /** Never sent: the provider's queue was full. */
        DROPPED
    }

    public static Outcome delivered() {
        return new Outcome(Kind.DELIVERED, "", null);
    }

    public static Outcome failed(String detail) {
        return new Outcome(Kind.FAILED, detail, null);
    }

    public static Outcome invalidToken(String detail) {
        return new Outcome(Kind.INVALID_TOKEN, detail, null);
    }

    public static Outcome retry(String detail, Duration after) {
        return new Outcome(Kind.RETRY, detail, after);
    }

    public static Outcome dropped() {
        return new Outcome(Kind.DROPPED, "queue full", null);
    }
}
