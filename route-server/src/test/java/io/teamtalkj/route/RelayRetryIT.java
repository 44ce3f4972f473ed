package io.teamtalkj.route;

import static io.teamtalkj.route.RouteTestSupport.await;
import static io.teamtalkj.route.RouteTestSupport.link;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.mogujie.tt.protobuf.IMBaseDefine.ClientType;
import com.mogujie.tt.protobuf.IMBaseDefine.MsgType;
import com.mogujie.tt.protobuf.IMMessage.IMMsgData;
import io.netty.channel.EventLoopGroup;
import io.teamtalkj.links.route.RouteClient;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.internal.RelayEnvelope;
import io.teamtalkj.route.RouteTestSupport.FakeMsgServer;
import io.teamtalkj.testing.TcpProxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Relays in flight on a route-server that dies are resent through the other one, and the receiver
 * gets every message exactly once: those the dead route-server had forwarded are not delivered again.
 */
@Timeout(120)
class RelayRetryIT {
    private final EventLoopGroup group = RouteTestSupport.newGroup();
    private RouteServer r1;
    private RouteServer r2;

    @AfterEach
    void stop() {
        for (RouteServer r : new RouteServer[] {r1, r2}) {
            if (r != null) {
                r.close();
            }
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static IMMsgData message(int msgId) {
        return IMMsgData.newBuilder().setFromUserId(1).setToSessionId(2).setMsgId(msgId).setCreateTime(1)
                .setMsgType(MsgType.MSG_TYPE_SINGLE_TEXT).setMsgData(ByteString.copyFromUtf8("m" + msgId)).build();
    }

    /** msg_id → copies received, over every MSG_DATA envelope B was handed so far. */
    private static Map<Integer, Integer> copies(List<RelayEnvelope> got) {
        Map<Integer, Integer> out = new HashMap<>();
        for (RelayEnvelope e : got) {
            if (e.getCommandId() == CommandId.CID_MSG_DATA) {
                try {
                    out.merge(IMMsgData.parseFrom(e.getBody()).getMsgId(), 1, Integer::sum);
                } catch (InvalidProtocolBufferException x) {
                    throw new AssertionError("unreadable relayed message", x);
                }
            }
        }
        return out;
    }

    @Test
    void relaysSwallowedByADyingRouteServerArriveThroughTheOtherExactlyOnce() throws Exception {
        r1 = RouteServer.start(RouteTestSupport.config());
        r2 = RouteServer.start(RouteTestSupport.config());
        try (TcpProxy p1 = new TcpProxy(r1.port());
             TcpProxy p2 = new TcpProxy(r2.port());
             FakeMsgServer a = new FakeMsgServer("msg-a", group, p1.port(), p2.port());
             FakeMsgServer b = new FakeMsgServer("msg-b", group, r1.port(), r2.port())) {
            await("A and B linked to both", () -> link(r1, "msg-a") != null && link(r2, "msg-a") != null
                    && link(r1, "msg-b") != null && link(r2, "msg-b") != null && a.client.activeRoute() != null);
            b.online(2, ClientType.CLIENT_TYPE_WINDOWS);
            await("2 known to both", () -> r1.presence().get(2) != null && r2.presence().get(2) != null);
            String active = a.client.activeRoute();
            TcpProxy dying = active.endsWith(":" + p1.port()) ? p1 : p2;
            List<RelayEnvelope> got = new ArrayList<>();

            // through the active route-server, as usual
            for (int id = 1; id <= 50; id++) {
                assertThat(a.client.relay(CommandId.CID_MSG_DATA, message(id), List.of(2), RouteClient.CLASS_ALL)).isTrue();
            }
            await("the first 50 arrived", () -> {
                b.received.drainTo(got);
                return copies(got).size() == 50;
            });

            // the route-server takes these in and dies before forwarding them
            dying.hold();
            for (int id = 51; id <= 100; id++) {
                assertThat(a.client.relay(CommandId.CID_MSG_DATA, message(id), List.of(2), RouteClient.CLASS_ALL)).isTrue();
            }
            await("swallowed", () -> dying.swallowed() > 0);
            dying.cutAll();
            await("A failed over", () -> a.client.activeRoute() != null && !a.client.activeRoute().equals(active));
            // a last one through the survivor: it follows the resent ones on the same links
            assertThat(a.client.relay(CommandId.CID_MSG_DATA, message(101), List.of(2), RouteClient.CLASS_ALL)).isTrue();
            await("all 101 arrived", () -> {
                b.received.drainTo(got);
                return copies(got).containsKey(101);
            });
            b.received.drainTo(got);

            Map<Integer, Integer> copies = copies(got);
            assertThat(copies).hasSize(101);
            assertThat(copies.values()).as("each exactly once").containsOnly(1);
            long retried = a.client.relaysRetried();
            // all 100 unless the first ones left the 10 s window on a very slow machine
            assertThat(retried).as("the swallowed 50 and what else was in the window").isBetween(50L, 100L);
            assertThat(a.client.relaysNotRetried()).isZero();
            assertThat(b.client.duplicatesDropped()).as("the resent ones that had got through were dropped at B")
                    .isEqualTo(retried - 50);
        }
    }
}
