package io.teamtalkj.push.provider;

import io.teamtalkj.push.Outcome;
import java.net.http.HttpResponse;
import java.time.Duration;

/** How an HTTP answer of a push service maps to an outcome, shared by the webhook and FCM. */
final class HttpOutcomes {
    private HttpOutcomes() {
    }

    /** 429 and 5xx are retried (after Retry-After seconds when given); other codes are final. */
    static boolean retryable(int status) {
        return status == 429 || status >= 500;
    }

    static Outcome retry(HttpResponse<?> rsp) {
        return Outcome.retry("HTTP " + rsp.statusCode(), retryAfter(rsp));
    }

    /** Retry-After in seconds (the HTTP-date form is ignored: the backoff applies then). */
    static Duration retryAfter(HttpResponse<?> rsp) {
        return rsp.headers().firstValue("Retry-After").map(v -> {
            try {
                long s = Long.parseLong(v.strip());
                return s >= 0 ? Duration.ofSeconds(s) : null;
            } catch (NumberFormatException e) {
                return null;
            }
        }).orElse(null);
    }

    /** The body cut for a log line. */
    static String brief(String body) {
        String b = body == null ? "" : body.replaceAll("\\s+", " ").strip();
        return b.length() <= 200 ? b : b.substring(0, 200) + "…";
    }
}
