package io.teamtalkj.push.provider;

import io.teamtalkj.push.Notification;
import io.teamtalkj.push.Outcome;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;

/**
 * A push service (APNs, FCM, a webhook, the log). {@link #send} must not block: it starts the
 * request and completes the future when the service answers. Errors are outcomes ({@link
 * Outcome.Kind#RETRY} for what may pass later), so the lane in front of it decides retries and
 * counts.
 */
public interface PushProvider extends AutoCloseable {
    /** "apns", "fcm", "webhook", "log": the provider label in metrics and stats. */
    String name();

    /** What the provider pushes for (APNs topic, FCM project, webhook host): the app label. */
    String app();

    CompletableFuture<Outcome> send(Notification notification);

    /** The host the provider talks to, probed for readiness; null for one that needs no network. */
    default InetSocketAddress endpoint() {
        return null;
    }

    @Override
    void close();
}
