package io.teamtalkj.launcher.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.mogujie.tt.protobuf.IMBaseDefine.ClientType;
import io.teamtalkj.client.ClientConfig;
import io.teamtalkj.client.ClientListener;
import io.teamtalkj.client.TeamTalkClient;
import io.teamtalkj.launcher.cluster.LocalCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A message sent through the HTTP API to a user whose iPhone registered a token and then went
 * away reaches the phone as exactly one push (the cluster's push-server posting to a local
 * webhook), decided by the msg-server's OfflinePush running in the api-server.
 */
@Timeout(300)
class ApiOfflinePushIT {
    @Test
    void apiMessageToAnOfflinePhoneIsPushedOnce() throws Exception {
        try (WebhookCluster webhookCluster = WebhookCluster.start("api-push-it")) {
            LocalCluster cluster = webhookCluster.cluster();
            Queue<JsonNode> pushes = webhookCluster.pushes();
            ApiHttp api = ApiHttp.addApp(cluster, "pushy", "--scopes", "users,messages,push");
            int ann = user(api, "ann");
            int bob = user(api, "bob");

            TeamTalkClient phone = TeamTalkClient.create(ClientConfig.builder().loginUrl(cluster.loginUrl()).user("bob")
                    .password("pw-bob").clientType(ClientType.CLIENT_TYPE_IOS).requestTimeout(Duration.ofSeconds(10))
                    .reconnect(false).build(), new ClientListener() {
                    });
            try {
                phone.connect().get(20, TimeUnit.SECONDS);
                phone.deviceToken("bob-ios-token-api").get(10, TimeUnit.SECONDS);
            } finally {
                phone.close();
            }
            // the route-server knows bob has no connection left
            await().atMost(Duration.ofSeconds(10)).until(() -> cluster.routeServers().get(0).presence().get(bob) == null);

            ApiHttp.Answer sent = api.post("/v1/messages", "{\"from_user_id\":" + ann + ",\"to_user_id\":" + bob
                    + ",\"text\":\"your order shipped\"}");
            assertThat(sent.status()).as(sent.body()).isEqualTo(201);
            long msgId = sent.json().get("msg_id").asLong();

            await().atMost(Duration.ofSeconds(20)).until(() -> !pushes.isEmpty());
            // exactly one: nothing more arrives (the sender, ann, is never pushed)
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> pushes.size() == 1);
            JsonNode p = pushes.peek();
            assertThat(p.get("user_id").asInt()).isEqualTo(bob);
            assertThat(p.get("platform").asText()).isEqualTo("ios");
            assertThat(p.get("token").asText()).isEqualTo("bob-ios-token-api");
            assertThat(p.get("alert").asText()).isEqualTo("ann: your order shipped");
            assertThat(p.get("msg_id").asLong()).isEqualTo(msgId);
            assertThat(p.get("silent").asBoolean()).isFalse();

            // a notification through POST /v1/push: one more push, with title and body
            ApiHttp.Answer pushed = api.post("/v1/push", "{\"to_user_ids\":[" + bob + "],\"title\":\"Build\",\"body\":\"green\"}");
            assertThat(pushed.status()).as(pushed.body()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(20)).until(() -> pushes.size() >= 2);
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> pushes.size() == 2);
            JsonNode n = new ArrayList<>(pushes).get(1);
            assertThat(n.get("user_id").asInt()).isEqualTo(bob);
            assertThat(n.get("token").asText()).isEqualTo("bob-ios-token-api");
            assertThat(n.get("alert").asText()).isEqualTo("Build: green");
            // only pc sessions: no phone push
            assertThat(api.post("/v1/push", "{\"to_user_ids\":[" + bob + "],\"sessions\":\"pc\",\"body\":\"x\"}")
                    .status()).isEqualTo(202);
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> pushes.size() == 2);
        }
    }



    private static int user(ApiHttp api, String name) throws Exception {
        ApiHttp.Answer a = api.put("/v1/users/" + name, "{\"password\":\"pw-" + name + "\"}");
        assertThat(a.status()).as(a.body()).isEqualTo(201);
        return a.json().get("id").asInt();
    }
}
