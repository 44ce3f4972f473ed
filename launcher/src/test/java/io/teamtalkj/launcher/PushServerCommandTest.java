package io.teamtalkj.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.mogujie.tt.protobuf.IMBaseDefine.ClientType;
import com.mogujie.tt.protobuf.IMBaseDefine.UserTokenInfo;
import com.mogujie.tt.protobuf.IMServer.IMPushToUserReq;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.push.PushServer;
import io.teamtalkj.push.PushServerConfig;
import io.teamtalkj.testing.PduTestClient;
import io.teamtalkj.testing.Ports;
import java.net.Socket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class PushServerCommandTest {
    @Test
    void theConfFileCoversEveryOption() throws Exception {
        TeamTalkCommandTest.assertConfCoversEveryOption("push-server.conf", new PushServerCommand());
    }

    @Test
    void badProviderSettingsAreOneLineErrors() {
        TeamTalkCommandTest.Result url = TeamTalkCommandTest.run("push-server", "--webhook-url", "ftp://example.org/x");
        assertThat(url.code).isEqualTo(TierCommand.EXIT_CANNOT_START);
        assertThat(url.err).contains("--webhook-url must be an http:// or https:// URL");
        TeamTalkCommandTest.Result apns = TeamTalkCommandTest.run("push-server", "--apns-topic", "io.example.app");
        assertThat(apns.code).isEqualTo(TierCommand.EXIT_CANNOT_START);
        assertThat(apns.err).contains("exactly one of --apns-key");
        TeamTalkCommandTest.Result key = TeamTalkCommandTest.run("push-server", "--apns-key", "AuthKey.p8");
        assertThat(key.err).contains("need --apns-topic");
        TeamTalkCommandTest.Result fcm = TeamTalkCommandTest.run("push-server", "--port", "0", "--control-port", "-1",
                "--metrics-port", "-1", "--fcm-service-account", "/nonexistent/sa.json");
        assertThat(fcm.code).isEqualTo(TierCommand.EXIT_CANNOT_START);
        assertThat(fcm.err).contains("cannot read --fcm-service-account /nonexistent/sa.json");
    }

    @Test
    void pushStatsPrintsOneRowPerProvider() throws Exception {
        PushServerConfig c = new PushServerConfig();
        c.listenHost = "127.0.0.1";
        c.port = 0;
        c.controlPort = 0;
        c.metricsPort = -1;
        try (PushServer server = PushServer.start(c); PduTestClient link = PduTestClient.connect(server.port())) {
            link.send(CommandId.CID_OTHER_PUSH_TO_USER_REQ, 1, IMPushToUserReq.newBuilder().setFlash("Alice: hi").setData("{}")
                    .addUserTokenList(UserTokenInfo.newBuilder().setUserId(5).setUserType(ClientType.CLIENT_TYPE_IOS)
                            .setToken("tok").setPushCount(1).setPushType(1))
                    .build());
            assertThat(link.receive().commandId()).isEqualTo(CommandId.CID_OTHER_PUSH_TO_USER_RSP);
            TeamTalkCommandTest.Result r = TeamTalkCommandTest.run("push-stats", "--push", "127.0.0.1:" + server.controlPort());
            assertThat(r.code).as(r.err).isZero();
            assertThat(r.out).startsWith("push-server 127.0.0.1:" + server.port()).contains("1 requests", "provider",
                    "delivered");
            assertThat(r.out.lines().filter(l -> l.startsWith("log ")).findFirst().orElseThrow())
                    .matches("log\\s+-\\s+1\\s+1\\s+0\\s+0\\s+0\\s+0\\s+0\\s+0\\s+up.*");
            // the same counts per origin under the provider: this sender named none
            assertThat(r.out.lines().filter(l -> l.startsWith("  origin")).toList()).singleElement().asString()
                    .matches("\\s+origin\\s+-\\s+1\\s+1\\s+0\\s+0\\s+0");
            TeamTalkCommandTest.Result json = TeamTalkCommandTest.run("push-stats", "--push", "127.0.0.1:" + server.controlPort(),
                    "--json");
            assertThat(json.code).as(json.err).isZero();
            com.google.gson.JsonObject o = com.google.gson.JsonParser.parseString(json.out).getAsJsonObject();
            assertThat(o.get("requests").getAsLong()).isEqualTo(1);
            com.google.gson.JsonObject log = o.getAsJsonArray("providers").get(0).getAsJsonObject();
            assertThat(log.get("provider").getAsString()).isEqualTo("log");
            assertThat(log.get("delivered").getAsLong()).isEqualTo(1);
            com.google.gson.JsonObject origin = log.getAsJsonArray("origins").get(0).getAsJsonObject();
            assertThat(origin.get("origin").getAsString()).isEqualTo("-");
            assertThat(origin.get("delivered").getAsLong()).isEqualTo(1);
        }
    }

    @Test
    void pushStatsSaysWhenThePushServerIsUnreachable() throws Exception {
        // a port nothing listens on, held so no other process takes it during the test
        try (Socket refusing = Ports.refusing()) {
            int port = refusing.getLocalPort();
            TeamTalkCommandTest.Result r = TeamTalkCommandTest.run("push-stats", "--push", "127.0.0.1:" + port, "--timeout", "3s");
            assertThat(r.code).isEqualTo(PushStatsCommand.EXIT_UNREACHABLE);
            assertThat(r.err).contains("cannot get stats from 127.0.0.1:" + port);
        }
    }
}
