package io.teamtalkj.push.provider;

import com.eatthepath.pushy.apns.ApnsClient;
import com.eatthepath.pushy.apns.ApnsClientBuilder;
import com.eatthepath.pushy.apns.DeliveryPriority;
import com.eatthepath.pushy.apns.PushNotificationResponse;
import com.eatthepath.pushy.apns.PushType;
import com.eatthepath.pushy.apns.auth.ApnsSigningKey;
import com.eatthepath.pushy.apns.util.SimpleApnsPayloadBuilder;
import com.eatthepath.pushy.apns.util.SimpleApnsPushNotification;
import com.eatthepath.pushy.apns.util.TokenUtil;
import io.teamtalkj.push.Notification;
import io.teamtalkj.push.Outcome;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Apple Push Notification service over HTTP/2, through pushy (which keeps the connections open,
 * multiplexes pushes on them and renews the provider token). A visible push has alert, badge
 * and sound ("default"; none when quiet); a silent one (a PC client is online) only the badge and
 * content-available, as a background push. apns-collapse-id is the conversation, so a phone shows
 * one banner per unread conversation. Rejections BadDeviceToken, Unregistered and
 * DeviceTokenNotForTopic mean the token is dead (removed); 429 and 5xx are retried.
 */
public final class ApnsProvider implements PushProvider {
    static final Set<String> DEAD_TOKEN = Set.of("BadDeviceToken", "Unregistered", "DeviceTokenNotForTopic");
    /** APNs refuses payloads over 4 KiB; alerts are capped well below by the push-server. */
    static final Duration EXPIRY = Duration.ofDays(1);

    private final ApnsSettings settings;
    private final ApnsClient client;
    private final String host;
    private final int port;

    public ApnsProvider(ApnsSettings settings) {
        this.settings = settings.validate();
        this.host = settings.host() != null ? settings.host()
                : settings.sandbox() ? ApnsClientBuilder.DEVELOPMENT_APNS_HOST : ApnsClientBuilder.PRODUCTION_APNS_HOST;
        this.port = settings.port() > 0 ? settings.port() : ApnsClientBuilder.DEFAULT_APNS_PORT;
        ApnsClientBuilder b = new ApnsClientBuilder().setApnsServer(host, port)
                .setConcurrentConnections(settings.connections())
                .setConnectionTimeout(Duration.ofSeconds(10));
        try {
            if (settings.tokenAuth()) {
                b.setSigningKey(ApnsSigningKey.loadFromPkcs8File(settings.signingKey().toFile(), settings.teamId(),
                        settings.keyId()));
            } else {
                b.setClientCredentials(settings.certificate().toFile(),
                        settings.certificatePassword() == null ? "" : settings.certificatePassword());
            }
            if (settings.trustedCa() != null) {
                b.setTrustedServerCertificateChain(settings.trustedCa().toFile());
            }
            this.client = b.build();
        } catch (IOException | GeneralSecurityException e) {
            String what = settings.tokenAuth() ? "--apns-key " + settings.signingKey() : "--apns-cert " + settings.certificate();
            throw new IllegalArgumentException("cannot load " + what + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String name() {
        return "apns";
    }

    @Override
    public String app() {
        return settings.topic();
    }

    @Override
    public InetSocketAddress endpoint() {
        return InetSocketAddress.createUnresolved(host, port);
    }

    @Override
    public CompletableFuture<Outcome> send(Notification n) {
        SimpleApnsPayloadBuilder payload = new SimpleApnsPayloadBuilder();
        payload.setBadgeNumber(n.badge());
        boolean visible = !n.silent() && !n.alert().isEmpty();
        if (visible) {
            payload.setAlertBody(n.alert());
            if (!n.quiet()) {
                payload.setSound(SimpleApnsPayloadBuilder.DEFAULT_SOUND_FILENAME);
            }
            payload.setThreadId(n.collapseId());
        } else {
            payload.setContentAvailable(true);
        }
        payload.addCustomProperty("msg_id", Integer.toUnsignedLong(n.msgId()));
        payload.addCustomProperty("from_user_id", Integer.toUnsignedLong(n.fromUserId()));
        payload.addCustomProperty("session_id", Integer.toUnsignedLong(n.sessionId()));
        payload.addCustomProperty("session_type", n.sessionType() == 2 ? "group" : "single");
        payload.addCustomProperty("data", n.data());
        SimpleApnsPushNotification push = new SimpleApnsPushNotification(TokenUtil.sanitizeTokenString(n.token()),
                settings.topic(), payload.build(), Instant.now().plus(EXPIRY),
                visible ? DeliveryPriority.IMMEDIATE : DeliveryPriority.CONSERVE_POWER,
                visible ? PushType.ALERT : PushType.BACKGROUND, n.collapseId().isEmpty() ? null : n.collapseId());
        CompletableFuture<Outcome> out = new CompletableFuture<>();
        client.sendNotification(push).whenComplete((rsp, err) -> out.complete(err != null
                ? Outcome.retry(String.valueOf(err), null) : outcome(rsp)));
        return out;
    }

    static Outcome outcome(PushNotificationResponse<?> rsp) {
        if (rsp.isAccepted()) {
            return Outcome.delivered();
        }
        String reason = rsp.getRejectionReason().orElse("");
        int status = rsp.getStatusCode();
        if (DEAD_TOKEN.contains(reason) || status == 410) {
            return Outcome.invalidToken(reason.isEmpty() ? "HTTP " + status : reason);
        }
        if (status == 429 || status >= 500) {
            return Outcome.retry("HTTP " + status + " " + reason, null);
        }
        return Outcome.failed("HTTP " + status + " " + reason);
    }

    @Override
    public void close() {
        try {
            client.close().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            // closing anyway
        }
    }
}
