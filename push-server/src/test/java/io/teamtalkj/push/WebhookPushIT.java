package io.teamtalkj.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.mogujie.tt.protobuf.IMBaseDefine.ClientType;
import com.mogujie.tt.protobuf.IMBaseDefine.UserTokenInfo;
import com.mogujie.tt.protobuf.IMServer.IMPushToUserReq;
import com.mogujie.tt.protobuf.IMServer.IMPushToUserRsp;
import com.sun.net.httpserver.HttpServer;
import io.teamtalkj.control.proto.ServingStatus;
import io.teamtalkj.pdu.push.DeviceTargeting;
import io.teamtalkj.push.dispatch.OriginStats;
import io.teamtalkj.push.dispatch.ProviderLane;
import io.teamtalkj.push.provider.WebhookProvider;
import io.teamtalkj.testing.Ports;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The webhook provider against a local HTTP server, through a running push-server. */
@Timeout(60)
class WebhookPushIT {
    private static final String SECRET = "s3cret";

    record Received(String body, String signature, String id) {
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger status = new AtomicInteger(200);
    private HttpServer http;
    private PushServer server;

    private PushServer start() throws Exception {
        http = PushTests.http();
        http.createContext("/push", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            received.add(new Received(new String(body, StandardCharsets.UTF_8),
                    ex.getRequestHeaders().getFirst(WebhookProvider.SIGNATURE_HEADER),
                    ex.getRequestHeaders().getFirst(WebhookProvider.ID_HEADER)));
            PushTests.answer(ex, status.get(), "");
        });
        PushServerConfig c = PushTests.config();
        c.webhookUrl = URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/push");
        c.webhookSecret = SECRET;
        c.maxAlertChars = 20;
        server = PushServer.start(c);
        return server;
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (http != null) {
            PushTests.stop(http);
        }
    }

    @Test
    void postsTheDocumentedBodyWithAnHmacSignature() throws Exception {
        start();
        IMPushToUserRsp rsp = PushTests.push(server, PushTests.request("bob: hello",
                PushTests.token(5, ClientType.CLIENT_TYPE_IOS, "abcdef0123", 3, 1)).build());
        assertThat(rsp.getPushResultListList()).hasSize(1);
        assertThat(rsp.getPushResultList(0).getResultCode()).isZero();
        assertThat(received).hasSize(1);
        Received r = received.get(0);
        assertThat(r.signature()).isEqualTo("sha256=" + WebhookProvider.sign(SECRET.getBytes(StandardCharsets.UTF_8),
                r.body().getBytes(StandardCharsets.UTF_8)));
        JsonObject o = JsonParser.parseString(r.body()).getAsJsonObject();
        assertThat(o.get("id").getAsString()).isEqualTo(r.id());
        assertThat(o.get("user_id").getAsLong()).isEqualTo(5);
        assertThat(o.get("platform").getAsString()).isEqualTo("ios");
        assertThat(o.get("token").getAsString()).isEqualTo("abcdef0123");
        assertThat(o.get("alert").getAsString()).isEqualTo("bob: hello");
        assertThat(o.get("badge").getAsInt()).isEqualTo(3);
        assertThat(o.get("silent").getAsBoolean()).isFalse();
        assertThat(o.get("collapse_id").getAsString()).isEqualTo("s-2");
        assertThat(o.get("msg_id").getAsLong()).isEqualTo(7);
        assertThat(o.get("session_type").getAsString()).isEqualTo("single");
        assertThat(o.get("data").getAsString()).isEqualTo("{\"msg_type\":1,\"from_id\":2}");
        ProviderLane lane = server.lanes().get(0);
        assertThat(lane.stats().attempted.sum()).isEqualTo(1);
        assertThat(lane.stats().delivered.sum()).isEqualTo(1);
    }

    @Test
    void onlyTheTargetedDevicesArePushedAndEachOriginIsCounted() throws Exception {
        start();
        UserTokenInfo phone = PushTests.token(5, ClientType.CLIENT_TYPE_IOS, "phone-token", 1, 1).toBuilder()
                .setTtDeviceId("iphone").build();
        UserTokenInfo pad = PushTests.token(5, ClientType.CLIENT_TYPE_IOS, "pad-token", 1, 1).toBuilder()
                .setTtDeviceId("ipad").build();
        IMPushToUserRsp rsp = PushTests.push(server, PushTests.request("bob: hi", phone, pad)
                .setTtTargeting(DeviceTargeting.newBuilder().setMode(DeviceTargeting.Mode.DEVICES).addDeviceIds("ipad"))
                .setTtOrigin("api:key-1").build());
        assertThat(rsp.getPushResultListList()).extracting(r -> r.getResultCode()).containsExactly(1, 0);
        assertThat(received).hasSize(1);
        JsonObject o = JsonParser.parseString(received.get(0).body()).getAsJsonObject();
        assertThat(o.get("device_id").getAsString()).isEqualTo("ipad");
        assertThat(o.get("token").getAsString()).isEqualTo("pad-token");

        // a chat push (origin im) and one from a sender naming no origin, with no targeting: every entry
        PushTests.push(server, PushTests.request("bob: hi", phone).setTtOrigin("im").build());
        PushTests.push(server, PushTests.request("bob: hi", phone, pad).build());
        assertThat(received).hasSize(4);
        // the webhook has the body before the push-server has read its answer and counted it
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Map<String, Long> delivered = new java.util.TreeMap<>();
            for (OriginStats.Counts c : server.originStats().all()) {
                assertThat(c.provider).isEqualTo("webhook");
                assertThat(c.attempted.sum()).isEqualTo(c.delivered.sum());
                delivered.put(c.origin, c.delivered.sum());
            }
            assertThat(delivered).isEqualTo(Map.of("api:key-1", 1L, "im", 1L, "-", 2L));
        });
        var rows = server.stats().getProviders(0).getOriginsList();
        assertThat(rows).extracting(r -> r.getOrigin() + "=" + r.getDelivered()).containsExactly("-=2", "api:key-1=1", "im=1");
    }

    /**
     * 10,000 pushes from a msg-server link against a webhook that answers nothing: the push-server
     * holds at most queue + in-flight of them, drops the rest at once and counts them exactly, and
     * the link keeps being served; once the service answers, what was held is delivered.
     */
    @Test
    @Timeout(150)
    void tenThousandPushesAgainstAStalledWebhookAreBoundedAndTheDropsCounted() throws Exception {
        java.util.concurrent.CountDownLatch stall = new java.util.concurrent.CountDownLatch(1);
        http = PushTests.http();
        http.createContext("/push", ex -> {
            ex.getRequestBody().readAllBytes();
            try {
                stall.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            PushTests.answer(ex, 200, "");
        });
        PushServerConfig c = PushTests.config();
        c.webhookUrl = URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/push");
        c.queueCapacity = 1000;
        c.maxInFlight = 10;
        c.sendTimeout = Duration.ofMinutes(2);
        server = PushServer.start(c);
        ProviderLane lane = server.lanes().get(0);
        try (io.teamtalkj.testing.PduTestClient link = io.teamtalkj.testing.PduTestClient.connect(server.port())) {
            for (int r = 0; r < 100; r++) {
                IMPushToUserReq.Builder req = PushTests.request("bob: " + r);
                for (int i = 0; i < 100; i++) {
                    req.addUserTokenList(PushTests.token(r * 100 + i, ClientType.CLIENT_TYPE_IOS, "token-" + i, 1, 1));
                }
                link.send(io.teamtalkj.pdu.CommandId.CID_OTHER_PUSH_TO_USER_REQ, r + 1, req.build());
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> lane.stats().dropped.sum() == 10_000 - 1010);
            assertThat(lane.queued()).isEqualTo(1000);
            assertThat(lane.inFlight()).isEqualTo(10);
            assertThat(lane.stats().attempted.sum()).isEqualTo(10);
            assertThat(server.stats().getRequests()).isEqualTo(100);
            // still served: a request whose pushes are all dropped is answered at once
            link.send(io.teamtalkj.pdu.CommandId.CID_OTHER_PUSH_TO_USER_REQ, 500, PushTests.request("bob: late",
                    PushTests.token(1, ClientType.CLIENT_TYPE_IOS, "late", 1, 1)).build());
            await().atMost(Duration.ofSeconds(30)).until(() -> lane.stats().dropped.sum() == 10_000 - 1010 + 1);

            stall.countDown();
            await().atMost(Duration.ofSeconds(60)).until(() -> lane.stats().delivered.sum() == 1010);
            assertThat(lane.stats().failed.sum()).isZero();
            assertThat(lane.queued()).isZero();
        } finally {
            stall.countDown();
        }
    }

    @Test
    void serverErrorsAreRetriedThenGivenUpAndCounted() throws Exception {
        status.set(503);
        start();
        IMPushToUserRsp rsp = PushTests.push(server, PushTests.request("bob: hello",
                PushTests.token(5, ClientType.CLIENT_TYPE_ANDROID, "tok-1", 1, 1)).build());
        assertThat(rsp.getPushResultList(0).getResultCode()).isEqualTo(1);
        int attempts = server.config().maxAttempts;
        assertThat(received).hasSize(attempts);
        assertThat(received).extracting(Received::id).containsOnly(received.get(0).id());
        ProviderLane lane = server.lanes().get(0);
        assertThat(lane.stats().attempted.sum()).isEqualTo(1);
        assertThat(lane.stats().retried.sum()).isEqualTo(attempts - 1);
        assertThat(lane.stats().failed.sum()).isEqualTo(1);
        assertThat(lane.stats().delivered.sum()).isZero();
        assertThat(server.stats().getProviders(0).getFailed()).isEqualTo(1);
    }

    @Test
    void goneMeansTheTokenIsInvalidAndIsReportedBack() throws Exception {
        status.set(410);
        start();
        IMPushToUserRsp rsp = PushTests.push(server, PushTests.request("bob: hello",
                PushTests.token(5, ClientType.CLIENT_TYPE_IOS, "deadbeef", 1, 1)).build());
        assertThat(rsp.getTtInvalidTokensList()).hasSize(1);
        assertThat(rsp.getTtInvalidTokens(0).getToken()).isEqualTo("deadbeef");
        assertThat(rsp.getTtInvalidTokens(0).getUserId()).isEqualTo(5);
        assertThat(server.lanes().get(0).stats().invalidToken.sum()).isEqualTo(1);
    }

    @Test
    void unknownTokenTypesAndOversizedAlertsAreHandled() throws Exception {
        start();
        String longText = "bob: " + "x".repeat(5000);
        IMPushToUserRsp rsp = PushTests.push(server, PushTests.request(longText,
                PushTests.token(5, ClientType.CLIENT_TYPE_WINDOWS, "pc-token", 1, 1),
                PushTests.token(6, ClientType.CLIENT_TYPE_IOS, "ios-token", 1, 1)).build());
        assertThat(rsp.getPushResultListList()).extracting(r -> r.getResultCode()).containsExactly(1, 0);
        assertThat(server.stats().getUnroutable()).isEqualTo(1);
        assertThat(received).hasSize(1);
        String alert = JsonParser.parseString(received.get(0).body()).getAsJsonObject().get("alert").getAsString();
        assertThat(alert).hasSize(20).endsWith("…").startsWith("bob: xxx");
    }

    @Test
    void aProviderDownAtStartLeavesTheTierRunningButUnready() throws Exception {
        // a port nothing listens on, held so no other process takes it during the test
        try (Socket refusing = Ports.refusing()) {
            int closedPort = refusing.getLocalPort();
            PushServerConfig c = PushTests.config();
            c.webhookUrl = URI.create("http://127.0.0.1:" + closedPort + "/push");
            c.maxAttempts = 2;
            server = PushServer.start(c);
            assertThat(server.health().check("").getStatus()).isEqualTo(ServingStatus.NOT_SERVING);
            assertThat(server.health().check("webhook").getComponents(0).getDetail()).contains("unreachable");
            IMPushToUserRsp rsp = PushTests.push(server, PushTests.request("bob: hi",
                    PushTests.token(5, ClientType.CLIENT_TYPE_IOS, "ios-token", 1, 1)).build());
            assertThat(rsp.getPushResultList(0).getResultCode()).isEqualTo(1);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(server.lanes().get(0).stats().failed.sum()).isEqualTo(1));
        }
    }
}
