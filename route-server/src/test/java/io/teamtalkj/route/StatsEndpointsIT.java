package io.teamtalkj.route;

import static io.teamtalkj.route.RouteTestSupport.await;
import static io.teamtalkj.route.RouteTestSupport.awaitLinked;
import static org.assertj.core.api.Assertions.assertThat;

import com.mogujie.tt.protobuf.IMBaseDefine.ClientType;
import com.mogujie.tt.protobuf.IMBuddy.IMUsersStatReq;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.netty.channel.EventLoopGroup;
import io.teamtalkj.control.proto.HealthCheckRequest;
import io.teamtalkj.control.proto.ServingStatus;
import io.teamtalkj.control.proto.TierHealthGrpc;
import io.teamtalkj.control.route.CommandStats;
import io.teamtalkj.control.route.LinkStats;
import io.teamtalkj.control.route.RouteStatsGrpc;
import io.teamtalkj.control.route.RouteStatsReply;
import io.teamtalkj.control.route.RouteStatsRequest;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.route.RouteTestSupport.FakeMsgServer;
import io.teamtalkj.links.route.RouteClient;
import io.teamtalkj.route.stats.RouteStatsFormat;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The figures as the control port (gRPC) and the Prometheus endpoint report them. */
@Timeout(300)
class StatsEndpointsIT {
    private final EventLoopGroup group = RouteTestSupport.newGroup();
    private RouteServer route;
    private FakeMsgServer a;
    private FakeMsgServer b;

    @BeforeEach
    void start() throws Exception {
        RouteServerConfig config = RouteTestSupport.config();
        config.controlPort = 0;
        config.metricsPort = 0;
        route = RouteServer.start(config);
        a = new FakeMsgServer("msg-a", group, route.port());
        b = new FakeMsgServer("msg-b", group, route.port());
        awaitLinked(route, a, b);
        a.online(1, ClientType.CLIENT_TYPE_WINDOWS);
        b.online(2, ClientType.CLIENT_TYPE_IOS);
        b.online(3, ClientType.CLIENT_TYPE_MAC);
        await("presence", () -> route.presence().connections() == 3);
        IMUsersStatReq body = IMUsersStatReq.newBuilder().setUserId(1).build();
        assertThat(a.client.relay(CommandId.CID_MSG_DATA, body, List.of(2, 3, 4), RouteClient.CLASS_ALL)).isTrue();
        b.next();
        await("latency recorded", () -> route.stats().relayLatency().snapshot().count() == 1);
    }

    @AfterEach
    void stop() {
        a.close();
        b.close();
        route.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void routeStatsOverGrpc() throws Exception {
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", route.controlPort()).usePlaintext().build();
        try {
            RouteStatsReply r = RouteStatsGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                    .getStats(RouteStatsRequest.getDefaultInstance());
            assertThat(r.getInstance()).isEqualTo("127.0.0.1:" + route.port());
            assertThat(r.getMobileCountsAsOnline()).isTrue();
            assertThat(r.getPresence().getOnlineUsers()).isEqualTo(3);
            assertThat(r.getPresence().getConnections()).isEqualTo(3);
            assertThat(r.getPresence().getMobileConnections()).isEqualTo(1);
            CommandStats msg = r.getCommandsList().stream().filter(c -> c.getCommandId() == CommandId.CID_MSG_DATA)
                    .findFirst().orElseThrow();
            assertThat(msg.getName()).isEqualTo("CID_MSG_DATA");
            assertThat(msg.getEnvelopesIn()).isEqualTo(1);
            assertThat(msg.getEnvelopesOut()).isEqualTo(1);
            assertThat(msg.getRecipientsTargeted()).isEqualTo(2);
            assertThat(msg.getRecipientsOffline()).isEqualTo(1);
            assertThat(msg.getBytesIn()).isPositive();
            assertThat(r.getLinksList()).extracting(l -> l.getName()).containsExactlyInAnyOrder("msg-a", "msg-b");
            LinkStats linkB = r.getLinksList().stream().filter(l -> l.getName().equals("msg-b")).findFirst().orElseThrow();
            assertThat(linkB.getUsers()).isEqualTo(2);
            assertThat(linkB.getEnvelopesOut()).isEqualTo(1);
            assertThat(linkB.getMobileConnections()).isEqualTo(1);
            assertThat(r.getRelayLatency().getCount()).isEqualTo(1);
            assertThat(r.getRelayLatency().getBucketsCount()).isEqualTo(17);
            assertThat(r.getControl().getStatusUpdates()).isEqualTo(3);
            assertThat(r.getControl().getLinksOpen()).isEqualTo(2);

            assertThat(TierHealthGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                    .check(HealthCheckRequest.getDefaultInstance()).getStatus()).isEqualTo(ServingStatus.SERVING);

            String table = RouteStatsFormat.table(r);
            assertThat(table).contains("CID_MSG_DATA (0x0301)", "msg-a #", "3 online users", "relay latency");
            String json = RouteStatsFormat.json(r);
            assertThat(json).contains("\"online_users\": 3", "\"name\": \"CID_MSG_DATA\"", "\"recipients_offline\": 1");
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void prometheusEndpointServesTheCounters() throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> rsp = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + route.metricsPort() + "/metrics")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(rsp.statusCode()).isEqualTo(200);
        assertThat(rsp.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        String text = rsp.body();
        assertThat(text).contains("teamtalk_route_envelopes_total{command=\"CID_MSG_DATA\",direction=\"in\"} 1.0");
        assertThat(text).contains("teamtalk_route_envelopes_total{command=\"CID_MSG_DATA\",direction=\"out\"} 1.0");
        assertThat(text).contains("teamtalk_route_recipients_total{command=\"CID_MSG_DATA\",outcome=\"offline\"} 1.0");
        assertThat(text).contains("teamtalk_route_online_users 3.0");
        assertThat(text).contains("teamtalk_route_link_users{link=");
        assertThat(text).contains("msg_server=\"msg-b\"");
        assertThat(text).contains("teamtalk_route_relay_latency_seconds_count 1");

        HttpResponse<String> missing = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + route.metricsPort() + "/nope")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(missing.statusCode()).isEqualTo(404);
    }
}
