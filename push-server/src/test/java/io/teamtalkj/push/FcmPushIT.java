package io.teamtalkj.push;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.mogujie.tt.protobuf.IMBaseDefine.ClientType;
import com.mogujie.tt.protobuf.IMServer.IMPushToUserRsp;
import com.sun.net.httpserver.HttpServer;
import io.teamtalkj.push.provider.FcmProvider;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** FCM HTTP v1 against a local fake of Google's token endpoint and the send endpoint. */
@Timeout(60)
class FcmPushIT {
    @TempDir
    Path dir;
    private HttpServer http;
    private PushServer server;
    private KeyPair keys;
    private final AtomicInteger tokenFetches = new AtomicInteger();
    private final List<String> badAssertions = new CopyOnWriteArrayList<>();
    private final List<JsonObject> sent = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048);
        keys = gen.generateKeyPair();
        http = PushTests.http();
        int port = http.getAddress().getPort();
        String tokenUri = "http://127.0.0.1:" + port + "/token";
        http.createContext("/token", ex -> {
            tokenFetches.incrementAndGet();
            String form = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String assertion = URLDecoder.decode(form.replaceAll(".*assertion=([^&]*).*", "$1"), StandardCharsets.UTF_8);
            if (!validAssertion(assertion, tokenUri)) {
                badAssertions.add(assertion);
                PushTests.answer(ex, 400, "{\"error\":\"invalid_grant\"}");
                return;
            }
            PushTests.answer(ex, 200, "{\"access_token\":\"at-1\",\"expires_in\":3599,\"token_type\":\"Bearer\"}");
        });
        http.createContext("/v1/projects/demo-project/messages:send", ex -> {
            if (!"Bearer at-1".equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                PushTests.answer(ex, 401, "{}");
                return;
            }
            JsonObject body = JsonParser.parseString(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8))
                    .getAsJsonObject();
            sent.add(body);
            if (body.getAsJsonObject("message").get("token").getAsString().equals("dead-token")) {
                PushTests.answer(ex, 404, "{\"error\":{\"code\":404,\"status\":\"NOT_FOUND\",\"details\":[{\"@type\":"
                        + "\"type.googleapis.com/google.firebase.fcm.v1.FcmError\",\"errorCode\":\"UNREGISTERED\"}]}}");
                return;
            }
            PushTests.answer(ex, 200, "{\"name\":\"projects/demo-project/messages/1\"}");
        });
        Path account = dir.resolve("service-account.json");
        JsonObject sa = new JsonObject();
        sa.addProperty("type", "service_account");
        sa.addProperty("project_id", "demo-project");
        sa.addProperty("client_email", "push@demo-project.iam.gserviceaccount.com");
        sa.addProperty("private_key", "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(keys.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n");
        sa.addProperty("token_uri", tokenUri);
        Files.writeString(account, sa.toString());
        PushServerConfig c = PushTests.config();
        c.fcmServiceAccount = account;
        c.fcmEndpoint = URI.create("http://127.0.0.1:" + port);
        server = PushServer.start(c);
    }

    private boolean validAssertion(String jwt, String audience) {
        String[] parts = jwt.split("\\.");
        if (parts.length != 3) {
            return false;
        }
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initVerify(keys.getPublic());
            rsa.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!rsa.verify(Base64.getUrlDecoder().decode(parts[2]))) {
                return false;
            }
            JsonObject claims = JsonParser.parseString(new String(Base64.getUrlDecoder().decode(parts[1]),
                    StandardCharsets.UTF_8)).getAsJsonObject();
            return claims.get("aud").getAsString().equals(audience)
                    && claims.get("iss").getAsString().equals("push@demo-project.iam.gserviceaccount.com")
                    && claims.get("scope").getAsString().contains("firebase.messaging");
        } catch (Exception e) {
            return false;
        }
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
    void theAccessTokenIsFetchedOnceAndReused() throws Exception {
        for (int i = 0; i < 3; i++) {
            IMPushToUserRsp rsp = PushTests.push(server, PushTests.request("bob: hi " + i,
                    PushTests.token(5, ClientType.CLIENT_TYPE_ANDROID, "android-token-5", i + 1, 1)).build());
            assertThat(rsp.getPushResultList(0).getResultCode()).isZero();
        }
        assertThat(badAssertions).isEmpty();
        assertThat(tokenFetches.get()).isEqualTo(1);
        assertThat(((FcmProvider) server.lanes().get(0).provider()).tokenFetches()).isEqualTo(1);
        assertThat(sent).hasSize(3);
        JsonObject message = sent.get(2).getAsJsonObject("message");
        assertThat(message.get("token").getAsString()).isEqualTo("android-token-5");
        assertThat(message.getAsJsonObject("notification").get("body").getAsString()).isEqualTo("bob: hi 2");
        assertThat(message.getAsJsonObject("android").get("collapse_key").getAsString()).isEqualTo("s-2");
        assertThat(message.getAsJsonObject("android").getAsJsonObject("notification").get("notification_count").getAsInt())
                .isEqualTo(3);
        assertThat(message.getAsJsonObject("data").get("msg_id").getAsString()).isEqualTo("7");
    }

    @Test
    void unregisteredMarksTheTokenInvalid() throws Exception {
        IMPushToUserRsp rsp = PushTests.push(server, PushTests.request("bob: hi",
                PushTests.token(8, ClientType.CLIENT_TYPE_ANDROID, "dead-token", 1, 1)).build());
        assertThat(rsp.getTtInvalidTokensList()).hasSize(1);
        assertThat(rsp.getTtInvalidTokens(0).getUserId()).isEqualTo(8);
        assertThat(server.lanes().get(0).stats().invalidToken.sum()).isEqualTo(1);
        assertThat(sent).hasSize(1);
    }

    @Test
    void aSilentPushIsDataOnly() throws Exception {
        PushTests.push(server, PushTests.request("bob: hi", PushTests.token(5, ClientType.CLIENT_TYPE_ANDROID, "t", 2, 2)).build());
        JsonObject message = sent.get(0).getAsJsonObject("message");
        assertThat(message.has("notification")).isFalse();
        assertThat(message.getAsJsonObject("data").get("badge").getAsString()).isEqualTo("2");
    }
}
