package io.teamtalkj.push;

import static org.assertj.core.api.Assertions.assertThat;

import com.eatthepath.pushy.apns.server.MockApnsServer;
import com.eatthepath.pushy.apns.server.MockApnsServerBuilder;
import com.eatthepath.pushy.apns.server.RejectedNotificationException;
import com.eatthepath.pushy.apns.server.RejectionReason;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.mogujie.tt.protobuf.IMBaseDefine.ClientType;
import com.mogujie.tt.protobuf.IMServer.IMPushToUserRsp;
import io.teamtalkj.push.dispatch.ProviderLane;
import io.teamtalkj.push.provider.ApnsSettings;
import io.teamtalkj.testing.TestCerts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The APNs provider (pushy, token auth) against pushy's MockApnsServer over TLS, through a push-server. */
@Timeout(120)
class ApnsPushIT {
    static final String TOPIC = "io.teamtalkj.demo";
    static final String GOOD = "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90";
    static final String BAD = "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff";

    record Received(String token, Map<String, String> headers, JsonObject payload) {
    }

    @TempDir
    static Path dir;
    static MockApnsServer apns;
    static PushServer server;
    static final List<Received> received = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        TestCerts.Authority ca = TestCerts.authority(dir, "ca");
        TestCerts.Identity id = ca.issue("apns");
        apns = new MockApnsServerBuilder()
                .setServerCredentials(id.cert().toFile(), id.key().toFile(), null)
                .setHandlerFactory(session -> (headers, payload) -> {
                    String path = headers.path().toString();
                    String token = path.substring(path.lastIndexOf('/') + 1);
                    received.add(new Received(token, Map.of(
                            "topic", String.valueOf(headers.get("apns-topic")),
                            "collapse", String.valueOf(headers.get("apns-collapse-id")),
                            "type", String.valueOf(headers.get("apns-push-type")),
                            "auth", String.valueOf(headers.get("authorization"))),
                            JsonParser.parseString(payload.toString(StandardCharsets.UTF_8)).getAsJsonObject()));
                    if (token.equals(BAD)) {
                        throw new RejectedNotificationException(RejectionReason.BAD_DEVICE_TOKEN);
                    }
                })
                .build();
        int port = apns.start(0).get(30, TimeUnit.SECONDS);

        KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
        gen.initialize(new ECGenParameterSpec("secp256r1"));
        Path p8 = dir.resolve("AuthKey_TEST123456.p8");
        Files.writeString(p8, "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(gen.generateKeyPair().getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        PushServerConfig c = PushTests.config();
        c.apns = new ApnsSettings(TOPIC, true, p8, "TEST123456", "TEAM123456", null, null, "127.0.0.1", port, ca.ca(), 1);
        server = PushServer.start(c);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (apns != null) {
            apns.shutdown().get(10, TimeUnit.SECONDS);
        }
    }

    @BeforeEach
    void clear() {
        received.clear();
    }

    private static ProviderLane lane() {
        return server.lanes().get(0);
    }

    @Test
    void anOfflineIosUserGetsExactlyOnePushWithAlertBadgeAndTopic() throws Exception {
        long before = lane().stats().delivered.sum();
        IMPushToUserRsp rsp = PushTests.push(server, PushTests.request("alice: hello there",
                PushTests.token(5, ClientType.CLIENT_TYPE_IOS, GOOD, 3, 1)).build());
        assertThat(rsp.getPushResultList(0).getResultCode()).isZero();
        assertThat(received).hasSize(1);
        Received r = received.get(0);
        assertThat(r.token()).isEqualTo(GOOD);
        assertThat(r.headers()).containsEntry("topic", TOPIC).containsEntry("collapse", "s-2").containsEntry("type", "alert");
        assertThat(r.headers().get("auth")).startsWith("bearer ");
        JsonObject aps = r.payload().getAsJsonObject("aps");
        String alert = aps.get("alert").isJsonObject() ? aps.getAsJsonObject("alert").get("body").getAsString()
                : aps.get("alert").getAsString();
        assertThat(alert).isEqualTo("alice: hello there");
        assertThat(aps.get("badge").getAsInt()).isEqualTo(3);
        assertThat(aps.get("sound").getAsString()).isEqualTo("default");
        assertThat(r.payload().get("msg_id").getAsLong()).isEqualTo(7);
        assertThat(lane().stats().delivered.sum()).isEqualTo(before + 1);
    }

    @Test
    void badDeviceTokenIsReportedAsInvalid() throws Exception {
        long before = lane().stats().invalidToken.sum();
        IMPushToUserRsp rsp = PushTests.push(server, PushTests.request("alice: hi",
                PushTests.token(6, ClientType.CLIENT_TYPE_IOS, BAD, 1, 1)).build());
        assertThat(rsp.getPushResultList(0).getResultCode()).isEqualTo(1);
        assertThat(rsp.getTtInvalidTokensList()).hasSize(1);
        assertThat(rsp.getTtInvalidTokens(0).getUserId()).isEqualTo(6);
        assertThat(rsp.getTtInvalidTokens(0).getToken()).isEqualTo(BAD);
        assertThat(received).hasSize(1);
        assertThat(lane().stats().invalidToken.sum()).isEqualTo(before + 1);
    }

    @Test
    void aPcOnlineMakesTheIosPushSilent() throws Exception {
        PushTests.push(server, PushTests.request("alice: hi", PushTests.token(5, ClientType.CLIENT_TYPE_IOS, GOOD, 4, 2)).build());
        assertThat(received).hasSize(1);
        JsonObject aps = received.get(0).payload().getAsJsonObject("aps");
        assertThat(aps.has("alert")).isFalse();
        assertThat(aps.has("sound")).isFalse();
        assertThat(aps.get("content-available").getAsInt()).isEqualTo(1);
        assertThat(aps.get("badge").getAsInt()).isEqualTo(4);
        assertThat(received.get(0).headers()).containsEntry("type", "background");
    }

    @Test
    void doNotDisturbShowsTheAlertWithoutSound() throws Exception {
        PushTests.push(server, PushTests.request("alice: hi", PushTests.token(5, ClientType.CLIENT_TYPE_IOS, GOOD, 1, 1))
                .addTtQuiet(true).build());
        assertThat(received).hasSize(1);
        JsonObject aps = received.get(0).payload().getAsJsonObject("aps");
        assertThat(aps.has("alert")).isTrue();
        assertThat(aps.has("sound")).isFalse();
    }
}
