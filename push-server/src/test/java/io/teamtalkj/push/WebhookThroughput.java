package io.teamtalkj.push;

import com.mogujie.tt.protobuf.IMBaseDefine.ClientType;
import com.mogujie.tt.protobuf.IMServer.IMPushToUserReq;
import com.sun.net.httpserver.HttpServer;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.push.dispatch.ProviderLane;
import io.teamtalkj.testing.PduTestClient;
import java.net.URI;
import java.util.concurrent.atomic.LongAdder;

/**
 * Not a test: pushes per second through the webhook provider to a local HTTP server (README,
 * section Push). Run: java -cp TEST_CLASSPATH io.teamtalkj.push.WebhookThroughput [pushes] [in-flight].
 */
public final class WebhookThroughput {
    private WebhookThroughput() {
    }

    public static void main(String[] args) throws Exception {
        int total = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int inFlight = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        int perRequest = 100;
        LongAdder received = new LongAdder();
        HttpServer http = PushTests.http();
        http.createContext("/push", ex -> {
            ex.getRequestBody().readAllBytes();
            received.increment();
            PushTests.answer(ex, 200, "");
        });
        PushServerConfig c = PushTests.config();
        c.webhookUrl = URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/push");
        c.queueCapacity = total;
        c.maxInFlight = inFlight;
        c.httpThreads = 2;
        try (PushServer server = PushServer.start(c); PduTestClient link = PduTestClient.connect(server.port())) {
            ProviderLane lane = server.lanes().get(0);
            for (int round = 0; round < 2; round++) { // the first round warms the JIT and the connections
                long start = System.nanoTime();
                long before = lane.stats().delivered.sum() + lane.stats().failed.sum();
                for (int r = 0; r < total / perRequest; r++) {
                    IMPushToUserReq.Builder req = PushTests.request("Alice: benchmark");
                    for (int i = 0; i < perRequest; i++) {
                        req.addUserTokenList(PushTests.token(r * perRequest + i, ClientType.CLIENT_TYPE_IOS, "token-" + i, 1, 1));
                    }
                    link.send(CommandId.CID_OTHER_PUSH_TO_USER_REQ, r, req.build());
                }
                while (lane.stats().delivered.sum() + lane.stats().failed.sum() - before < total) {
                    Thread.sleep(5); // a benchmark's own wait, not a test's
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf("round %d: %d pushes in %.2f s = %.0f pushes/s (in-flight %d, failed %d, dropped %d)%n",
                        round + 1, total, seconds, total / seconds, inFlight, lane.stats().failed.sum(),
                        lane.stats().dropped.sum());
            }
        } finally {
            PushTests.stop(http);
        }
    }
}
