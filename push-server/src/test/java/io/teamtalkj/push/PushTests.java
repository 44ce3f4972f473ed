package io.teamtalkj.push;

import com.mogujie.tt.protobuf.IMBaseDefine.ClientType;
import com.mogujie.tt.protobuf.IMBaseDefine.UserTokenInfo;
import com.mogujie.tt.protobuf.IMServer.IMPushToUserReq;
import com.mogujie.tt.protobuf.IMServer.IMPushToUserRsp;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Pdu;
import io.teamtalkj.testing.PduTestClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;

/** Shared pieces of the push-server tests: configs on free ports, requests, a local HTTP server. */
final class PushTests {
    private PushTests() {
    }

    /** Free ports, no control or metrics port, quick retries. */
    static PushServerConfig config() {
        PushServerConfig c = new PushServerConfig();
        c.listenHost = "127.0.0.1";
        c.port = 0;
        c.controlPort = -1;
        c.metricsPort = -1;
        c.logPushes = false;
        c.retryBackoff = Duration.ofMillis(10);
        c.maxRetryBackoff = Duration.ofMillis(50);
        c.sendTimeout = Duration.ofSeconds(10);
        return c;
    }

    static UserTokenInfo token(int user, ClientType type, String token, int badge, int pushType) {
        return UserTokenInfo.newBuilder().setUserId(user).setUserType(type).setToken(token).setPushCount(badge)
                .setPushType(pushType).build();
    }

    static IMPushToUserReq.Builder request(String flash, UserTokenInfo... tokens) {
        IMPushToUserReq.Builder b = IMPushToUserReq.newBuilder().setFlash(flash)
                .setData("{\"msg_type\":1,\"from_id\":2}").setTtMsgId(7).setTtFromUserId(2).setTtSessionId(2)
                .setTtSessionType(1).setTtCollapseId("s-2");
        for (UserTokenInfo t : tokens) {
            b.addUserTokenList(t);
        }
        return b;
    }

    /** Sends the request over a msg-server link and waits for the push-server's answer. */
    static IMPushToUserRsp push(PushServer server, IMPushToUserReq req) throws IOException {
        try (PduTestClient link = PduTestClient.connect(server.port())) {
            link.send(CommandId.CID_OTHER_PUSH_TO_USER_REQ, 9, req);
            Pdu rsp = link.receive(20_000);
            if (rsp.commandId() != CommandId.CID_OTHER_PUSH_TO_USER_RSP || rsp.seq() != 9) {
                throw new AssertionError("unexpected answer " + rsp);
            }
            return rsp.parse(IMPushToUserRsp.parser());
        }
    }

    /** A local HTTP server on a free port; handlers added by the test. */
    static HttpServer http() throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        s.setExecutor(Executors.newFixedThreadPool(4));
        s.start();
        return s;
    }

    static void answer(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
        if (b.length > 0) {
            ex.getResponseBody().write(b);
        }
        ex.close();
    }

    static void stop(HttpServer s) {
        s.stop(0);
        ((java.util.concurrent.ExecutorService) s.getExecutor()).shutdownNow();
    }
}
