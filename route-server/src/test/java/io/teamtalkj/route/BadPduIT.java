package io.teamtalkj.route;

import static io.teamtalkj.route.RouteTestSupport.await;
import static io.teamtalkj.route.RouteTestSupport.awaitLinked;
import static io.teamtalkj.route.RouteTestSupport.link;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.mogujie.tt.protobuf.IMBaseDefine.ClientType;
import com.mogujie.tt.protobuf.IMBaseDefine.ServerUserStat;
import com.mogujie.tt.protobuf.IMBaseDefine.UserStatType;
import com.mogujie.tt.protobuf.IMBuddy.IMUsersStatReq;
import com.mogujie.tt.protobuf.IMBuddy.IMUsersStatRsp;
import com.mogujie.tt.protobuf.IMServer.IMOnlineUserInfo;
import io.netty.channel.EventLoopGroup;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.InternalCommandId;
import io.teamtalkj.pdu.Pdu;
import io.teamtalkj.route.RouteTestSupport.FakeMsgServer;
import io.teamtalkj.links.route.RouteClient;
import io.teamtalkj.testing.PduTestClient;
import java.io.EOFException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A msg-server link that sends garbage is logged and counted; no other link notices. */
@Timeout(300)
class BadPduIT {
    private final EventLoopGroup group = RouteTestSupport.newGroup();
    private RouteServer route;

    @AfterEach
    void stop() {
        if (route != null) {
            route.close();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void malformedAndUnknownPdusAreDroppedAndOtherLinksCarryOn() throws Exception {
        route = RouteServer.start(RouteTestSupport.config());
        try (FakeMsgServer b = new FakeMsgServer("msg-b", group, route.port());
             FakeMsgServer c = new FakeMsgServer("msg-c", group, route.port());
             PduTestClient bad = PduTestClient.connect(route.port())) {
            awaitLinked(route, b, c);
            bad.send(CommandId.CID_OTHER_ONLINE_USER_INFO, 0, IMOnlineUserInfo.newBuilder().setTtServerName("bad")
                    .addUserStatList(ServerUserStat.newBuilder().setUserId(900).setStatus(UserStatType.USER_STATUS_ONLINE)
                            .setClientType(ClientType.CLIENT_TYPE_WINDOWS))
                    .build());
            b.online(1, ClientType.CLIENT_TYPE_WINDOWS);
            c.online(2, ClientType.CLIENT_TYPE_WINDOWS);
            await("presence", () -> route.presence().connections() == 3);

            // an envelope whose bytes are not a RelayEnvelope, a status update missing its required fields,
            // a command the route-server does not know and a raw TeamTalk message it does not relay
            bad.send(Pdu.ofBody(InternalCommandId.CID_INTERNAL_RELAY, 1, new byte[] {(byte) 0xff, (byte) 0xff, 0x07}));
            bad.send(Pdu.ofBody(CommandId.CID_OTHER_USER_STATUS_UPDATE, 2, new byte[0]));
            bad.send(Pdu.ofBody(0x0799, 3, new byte[] {1, 2, 3}));
            bad.send(Pdu.ofBody(CommandId.CID_MSG_DATA, 4, new byte[] {8, 1}));
            await("all four counted", () -> route.stats().malformed() == 2 && route.stats().unknown() == 2);
            assertThat(link(route, "bad").rejected()).isEqualTo(4);

            // the bad link is still up and served...
            bad.send(CommandId.CID_BUDDY_LIST_USERS_STATUS_REQUEST, 5, IMUsersStatReq.newBuilder().setUserId(0)
                    .addUserIdList(900).build());
            Pdu answer = bad.receive();
            assertThat(answer.seq()).isEqualTo(5);
            assertThat(answer.parse(IMUsersStatRsp.parser()).getUserStatList(0).getStatus())
                    .isEqualTo(UserStatType.USER_STATUS_ONLINE);
            // ...and the others relay as before
            assertThat(b.client.relay(CommandId.CID_MSG_DATA, IMUsersStatReq.newBuilder().setUserId(1).build(),
                    List.of(2), RouteClient.CLASS_ALL)).isTrue();
            assertThat(c.next().getRecipientIdsList()).containsExactly(2);
            assertThat(route.links().size()).isEqualTo(3);
            assertThat(link(route, "msg-b").rejected()).isZero();
            assertThat(route.presence().connections()).isEqualTo(3);
        }
    }

    @Test
    void aFrameWithAnImpossibleLengthClosesOnlyThatLink() throws Exception {
        route = RouteServer.start(RouteTestSupport.config());
        try (FakeMsgServer b = new FakeMsgServer("msg-b", group, route.port());
             FakeMsgServer c = new FakeMsgServer("msg-c", group, route.port());
             PduTestClient bad = PduTestClient.connect(route.port())) {
            awaitLinked(route, b, c);
            c.online(2, ClientType.CLIENT_TYPE_WINDOWS);
            await("presence", () -> route.presence().connections() == 1);
            bad.sendRaw(new byte[] {0, 0, 0, 5, 0, 1, 0, 0});
            try {
                bad.readFrame();
                throw new AssertionError("the link should have been closed");
            } catch (EOFException | java.net.SocketException expected) {
                // closed by the route-server
            } catch (IOException other) {
                throw new AssertionError("expected the link to close, got " + other, other);
            }
            await("bad link gone", () -> route.links().size() == 2);
            assertThat(b.client.relay(CommandId.CID_MSG_DATA, IMUsersStatReq.newBuilder().setUserId(1).build(),
                    List.of(2), RouteClient.CLASS_ALL)).isTrue();
            assertThat(c.next().getBody()).isEqualTo(ByteString.copyFrom(
                    IMUsersStatReq.newBuilder().setUserId(1).build().toByteArray()));
        }
    }

    @Test
    void aMsgServerThatStopsReadingLosesRelaysInsteadOfFillingTheRouteServersMemory() throws Exception {
        RouteServerConfig config = RouteTestSupport.config();
        config.linkTimeout = Duration.ofSeconds(30); // the stalled link sends no heartbeats
        config.maxLinkBacklog = 64 * 1024;
        route = RouteServer.start(config);
        try (FakeMsgServer a = new FakeMsgServer("msg-a", group, route.port());
             FakeMsgServer c = new FakeMsgServer("msg-c", group, route.port());
             PduTestClient stalled = PduTestClient.connect(route.port())) {
            awaitLinked(route, a, c);
            stalled.send(CommandId.CID_OTHER_ONLINE_USER_INFO, 0, IMOnlineUserInfo.newBuilder().setTtServerName("stalled")
                    .addUserStatList(ServerUserStat.newBuilder().setUserId(500).setStatus(UserStatType.USER_STATUS_ONLINE)
                            .setClientType(ClientType.CLIENT_TYPE_WINDOWS))
                    .build());
            c.online(2, ClientType.CLIENT_TYPE_WINDOWS);
            await("presence", () -> route.presence().connections() == 2);

            // 300 KB relays to a user whose msg-server never reads: kernel buffers fill, then the backlog
            IMUsersStatReq big = IMUsersStatReq.newBuilder().setUserId(1)
                    .setAttachData(ByteString.copyFrom(new byte[300 * 1024])).build();
            RouteLink stalledLink = link(route, "stalled");
            for (int i = 0; i < 400 && stalledLink.dropped() == 0; i++) {
                assertThat(a.client.relay(CommandId.CID_MSG_DATA, big, List.of(500), RouteClient.CLASS_ALL)).isTrue();
                if (i % 20 == 19) {
                    int sent = i + 1;
                    await("the route-server has read what A sent", () -> route.stats().command(CommandId.CID_MSG_DATA)
                            .envelopesIn() == sent);
                }
            }
            await("relays to the stalled msg-server dropped", () -> stalledLink.dropped() > 0);
            assertThat(route.stats().command(CommandId.CID_MSG_DATA).dropped()).isEqualTo(stalledLink.dropped());
            assertThat(stalledLink.channel().isWritable()).isFalse();
            assertThat(stalledLink.channel().config().isAutoRead())
                    .as("a link that cannot take its output is not read either").isFalse();

            // the other links carry on
            assertThat(a.client.relay(CommandId.CID_MSG_DATA, IMUsersStatReq.newBuilder().setUserId(1).build(),
                    List.of(2), RouteClient.CLASS_ALL)).isTrue();
            assertThat(c.next().getRecipientIdsList()).containsExactly(2);
        }
    }
}
