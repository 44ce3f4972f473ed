package io.teamtalkj.route;

import static io.teamtalkj.route.RouteTestSupport.await;
import static io.teamtalkj.route.RouteTestSupport.link;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.mogujie.tt.protobuf.IMBaseDefine.ClientType;
import com.mogujie.tt.protobuf.IMBaseDefine.MsgType;
import com.mogujie.tt.protobuf.IMBaseDefine.UserStatType;
import com.mogujie.tt.protobuf.IMBuddy.IMUserStatNotify;
import com.mogujie.tt.protobuf.IMMessage.IMMsgData;
import io.netty.channel.EventLoopGroup;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.internal.RelayEnvelope;
import io.teamtalkj.route.RouteTestSupport.FakeMsgServer;
import io.teamtalkj.links.route.RouteClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Two route-servers: every msg-server links to both, relays through one, fails over to the other. */
@Timeout(300)
class FailoverIT {
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

    private static IMMsgData message(String text) {
        return IMMsgData.newBuilder().setFromUserId(1).setToSessionId(2).setMsgId(1).setCreateTime(1)
                .setMsgType(MsgType.MSG_TYPE_SINGLE_TEXT).setMsgData(ByteString.copyFromUtf8(text)).build();
    }

    private RouteServer byTarget(String target) {
        return target.endsWith(":" + r1.port()) ? r1 : r2;
    }

    @Test
    void whenTheActiveRouteServerDiesRelaysGoThroughTheOtherWithinFiveSeconds() throws Exception {
        r1 = RouteServer.start(RouteTestSupport.config());
        r2 = RouteServer.start(RouteTestSupport.config());
        try (FakeMsgServer a = new FakeMsgServer("msg-a", group, r1.port(), r2.port());
             FakeMsgServer b = new FakeMsgServer("msg-b", group, r1.port(), r2.port());
             FakeMsgServer c = new FakeMsgServer("msg-c", group, r1.port(), r2.port())) {
            await("everyone linked to both", () -> {
                for (RouteServer r : new RouteServer[] {r1, r2}) {
                    for (String n : List.of("msg-a", "msg-b", "msg-c")) {
                        if (link(r, n) == null) {
                            return false;
                        }
                    }
                }
                return true;
            });
            // each msg-server is the master of exactly one route-server's link
            for (String n : List.of("msg-a", "msg-b", "msg-c")) {
                await(n + " active on one route-server", () -> link(r1, n).master() != link(r2, n).master());
            }
            a.online(1, ClientType.CLIENT_TYPE_WINDOWS);
            b.online(2, ClientType.CLIENT_TYPE_WINDOWS, 3);
            await("2 known to both", () -> r1.presence().get(2) != null && r2.presence().get(2) != null);
            c.online(3, ClientType.CLIENT_TYPE_MAC, 2);
            await("status updates reached both route-servers",
                    () -> r1.presence().connections() == 3 && r2.presence().connections() == 3);
            assertThat(UserStatNotifyUser.of(b.next(CommandId.CID_BUDDY_LIST_STATUS_NOTIFY))).isEqualTo(3);

            assertThat(a.client.relay(CommandId.CID_MSG_DATA, message("before"), List.of(2), RouteClient.CLASS_ALL)).isTrue();
            assertThat(b.next().getBody()).isEqualTo(message("before").toByteString());

            String firstActive = a.client.activeRoute();
            RouteServer dying = byTarget(firstActive);
            RouteServer survivor = dying == r1 ? r2 : r1;
            long killed = System.nanoTime();
            dying.close();
            await("A fails over", Duration.ofSeconds(5), () -> a.client.activeRoute() != null
                    && !a.client.activeRoute().equals(firstActive));
            assertThat(Duration.ofNanos(System.nanoTime() - killed)).isLessThan(Duration.ofSeconds(5));
            await("the survivor is master for A", () -> link(survivor, "msg-a").master());

            assertThat(a.client.relay(CommandId.CID_MSG_DATA, message("after"), List.of(2, 3), RouteClient.CLASS_ALL))
                    .isTrue();
            RelayEnvelope toB = b.next(CommandId.CID_MSG_DATA);
            RelayEnvelope toC = c.next(CommandId.CID_MSG_DATA);
            assertThat(toB.getBody()).isEqualTo(message("after").toByteString());
            assertThat(toC.getRecipientIdsList()).containsExactly(3);
            assertThat(survivor.stats().command(CommandId.CID_MSG_DATA).envelopesIn()).isGreaterThanOrEqualTo(1);

            // status notifications still arrive exactly once, now from the survivor
            await("B and C made the survivor their active route", () -> link(survivor, "msg-b").master()
                    && link(survivor, "msg-c").master());
            c.offline(3, ClientType.CLIENT_TYPE_MAC);
            RelayEnvelope n = b.next(CommandId.CID_BUDDY_LIST_STATUS_NOTIFY);
            assertThat(n.getRecipientIdsList()).containsExactly(2);
            assertThat(UserStatNotifyUser.of(n)).isEqualTo(3);
            assertThat(IMUserStatNotify.parseFrom(n.getBody()).getUserStat().getStatus())
                    .isEqualTo(UserStatType.USER_STATUS_OFFLINE);
        }
    }

    private static final class UserStatNotifyUser {
        static int of(RelayEnvelope e) throws Exception {
            return IMUserStatNotify.parseFrom(e.getBody()).getUserStat().getUserId();
        }
    }

    @Test
    void aStatusChangeIsNotifiedOnceThoughEveryRouteServerSeesIt() throws Exception {
        r1 = RouteServer.start(RouteTestSupport.config());
        r2 = RouteServer.start(RouteTestSupport.config());
        try (FakeMsgServer a = new FakeMsgServer("msg-a", group, r1.port(), r2.port());
             FakeMsgServer b = new FakeMsgServer("msg-b", group, r1.port(), r2.port())) {
            await("B's links have their roles", () -> link(r1, "msg-b") != null && link(r2, "msg-b") != null
                    && link(r1, "msg-b").master() != link(r2, "msg-b").master()
                    && link(r1, "msg-a") != null && link(r2, "msg-a") != null);
            b.online(20, ClientType.CLIENT_TYPE_WINDOWS);
            await("20 known to both", () -> r1.presence().get(20) != null && r2.presence().get(20) != null);
            a.online(10, ClientType.CLIENT_TYPE_WINDOWS, 20);
            a.online(11, ClientType.CLIENT_TYPE_WINDOWS); // barrier: A's updates are handled in order
            await("both route-servers handled A's updates",
                    () -> r1.presence().get(11) != null && r2.presence().get(11) != null);
            b.next(CommandId.CID_BUDDY_LIST_STATUS_NOTIFY);
            long sent = r1.stats().command(CommandId.CID_BUDDY_LIST_STATUS_NOTIFY).envelopesOut()
                    + r2.stats().command(CommandId.CID_BUDDY_LIST_STATUS_NOTIFY).envelopesOut();
            assertThat(sent).isEqualTo(1);
        }
    }
}
