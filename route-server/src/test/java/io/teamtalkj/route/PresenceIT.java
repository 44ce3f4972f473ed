package io.teamtalkj.route;

import io.teamtalkj.pdu.ClientClass;
import static io.teamtalkj.route.RouteTestSupport.await;
import static io.teamtalkj.route.RouteTestSupport.awaitLinked;
import static io.teamtalkj.route.RouteTestSupport.link;
import static org.assertj.core.api.Assertions.assertThat;

import com.mogujie.tt.protobuf.IMBaseDefine.ClientType;
import com.mogujie.tt.protobuf.IMBaseDefine.ServerUserStat;
import com.mogujie.tt.protobuf.IMBaseDefine.UserStatType;
import com.mogujie.tt.protobuf.IMBuddy.IMUserStatNotify;
import com.mogujie.tt.protobuf.IMServer.IMOnlineUserInfo;
import com.mogujie.tt.protobuf.IMServer.IMRoleSet;
import io.netty.channel.EventLoopGroup;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.internal.RelayEnvelope;
import io.teamtalkj.route.RouteTestSupport.FakeMsgServer;
import io.teamtalkj.testing.PduTestClient;
import io.teamtalkj.testing.Ports;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The presence table as msg-servers feed it: snapshots, updates, and links that die. */
@Timeout(300)
class PresenceIT {
    private static final ClientType PC = ClientType.CLIENT_TYPE_WINDOWS;
    private static final ClientType PHONE = ClientType.CLIENT_TYPE_IOS;

    private EventLoopGroup group;
    private RouteServer route;

    @BeforeEach
    void setUp() {
        group = RouteTestSupport.newGroup();
    }

    @AfterEach
    void tearDown() {
        if (route != null) {
            route.close();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static RouteServer startOn(int port) throws Exception {
        RouteServerConfig c = RouteTestSupport.config();
        c.port = port;
        return RouteServer.start(c);
    }

    @Test
    void aMsgServerSendsItsUsersAsASnapshotWhenTheLinkComesUp() throws Exception {
        int port = RouteTestSupport.portOfAStoppedRouteServer();
        try (FakeMsgServer a = new FakeMsgServer("msg-a", group, port)) {
            // users log in while no route-server is reachable
            a.online(1, PC, 2, 3);
            a.online(1, PHONE);
            a.online(4, PHONE);
            a.online(5, PC);
            a.offline(5, PC);
            assertThat(a.client.anyUp()).isFalse();

            route = Ports.restartOn(() -> startOn(port));
            await("snapshot applied", () -> route.presence().connections() == 3);
            UserPresence u1 = route.presence().get(1);
            assertThat(u1.classes()).isEqualTo(ClientClass.PC.bit | ClientClass.MOBILE.bit);
            assertThat(u1.contacts()).containsExactly(2, 3);
            assertThat(route.presence().get(4).classes()).isEqualTo(ClientClass.MOBILE.bit);
            assertThat(route.presence().get(5)).isNull();
            RouteLink l = link(route, "msg-a");
            assertThat(l).as("the snapshot names the msg-server").isNotNull();
            assertThat(l.userCount()).isEqualTo(2);
            assertThat(route.stats().snapshots()).isEqualTo(1);

            // then updates, per connection
            a.online(6, ClientType.CLIENT_TYPE_MAC);
            a.offline(1, PHONE);
            await("updates applied", () -> route.presence().get(6) != null
                    && route.presence().classes(1) == ClientClass.PC.bit);
            assertThat(route.presence().connections()).isEqualTo(3);
            assertThat(route.stats().statusUpdates()).isEqualTo(2);
        }
    }

    @Test
    void aRouteServerThatRestartsRelearnsPresenceAndContactsFromSnapshots() throws Exception {
        route = startOn(0);
        int port = route.port();
        try (FakeMsgServer a = new FakeMsgServer("msg-a", group, port);
             FakeMsgServer b = new FakeMsgServer("msg-b", group, port)) {
            awaitLinked(route, a, b);
            a.online(10, PC, 20);
            b.online(20, PC);
            await("both online", () -> route.presence().connections() == 2);

            route.close();
            route = Ports.restartOn(() -> startOn(port));
            await("both relinked and re-reported", () -> route.presence().connections() == 2
                    && link(route, "msg-a") != null && link(route, "msg-b") != null);
            assertThat(route.presence().get(10).contacts()).containsExactly(20);
            RouteTestSupport.awaitMaster(route, a, b);
            b.received.clear();

            // the contacts came with the snapshot: B hears that 10 went offline
            a.offline(10, PC);
            RelayEnvelope e = b.next(CommandId.CID_BUDDY_LIST_STATUS_NOTIFY);
            assertThat(e.getRecipientIdsList()).containsExactly(20);
            assertThat(IMUserStatNotify.parseFrom(e.getBody()).getUserStat().getStatus())
                    .isEqualTo(UserStatType.USER_STATUS_OFFLINE);
        }
    }

    @Test
    void aMsgServerThatClosesItsLinkTakesItsUsersOffline() throws Exception {
        route = RouteServer.start(RouteTestSupport.config());
        try (FakeMsgServer b = new FakeMsgServer("msg-b", group, route.port())) {
            FakeMsgServer a = new FakeMsgServer("msg-a", group, route.port());
            awaitLinked(route, a, b);
            RouteTestSupport.awaitMaster(route, a, b);
            b.online(9, PC);
            await("9 online", () -> route.presence().get(9) != null);
            a.online(1, PC, 9);
            a.online(2, PHONE);
            await("online", () -> route.presence().connections() == 3);
            RelayEnvelope online = b.next(CommandId.CID_BUDDY_LIST_STATUS_NOTIFY);
            assertThat(IMUserStatNotify.parseFrom(online.getBody()).getUserStat().getStatus())
                    .isEqualTo(UserStatType.USER_STATUS_ONLINE);

            a.close();
            await("A's users gone", () -> route.presence().get(1) == null && route.presence().get(2) == null);
            assertThat(route.presence().get(9)).isNotNull();
            assertThat(route.links().size()).isEqualTo(1);
            // 9 had 1 as a contact: its msg-server is told 1 is offline
            RelayEnvelope e = b.next(CommandId.CID_BUDDY_LIST_STATUS_NOTIFY);
            IMUserStatNotify n = IMUserStatNotify.parseFrom(e.getBody());
            assertThat(n.getUserStat().getUserId()).isEqualTo(1);
            assertThat(n.getUserStat().getStatus()).isEqualTo(UserStatType.USER_STATUS_OFFLINE);
        }
    }

    @Test
    void aMsgServerThatGoesSilentIsDroppedAfterTheHeartbeatTimeout() throws Exception {
        RouteServerConfig c = RouteTestSupport.config();
        c.linkTimeout = Duration.ofSeconds(1);
        route = RouteServer.start(c);
        try (FakeMsgServer b = new FakeMsgServer("msg-b", group, route.port());
             PduTestClient silent = PduTestClient.connect(route.port())) {
            awaitLinked(route, b);
            silent.send(CommandId.CID_OTHER_ROLE_SET, 0, IMRoleSet.newBuilder().setMaster(1).build());
            silent.send(CommandId.CID_OTHER_ONLINE_USER_INFO, 0, IMOnlineUserInfo.newBuilder()
                    .setTtServerName("silent")
                    .addUserStatList(ServerUserStat.newBuilder().setUserId(77).setStatus(UserStatType.USER_STATUS_ONLINE)
                            .setClientType(PC))
                    .build());
            b.online(78, PC);
            await("77 and 78 online", () -> route.presence().get(77) != null && route.presence().get(78) != null);
            // the silent one sends no heartbeats and goes once the 1 s timeout passes; B heartbeats and stays
            await("77 gone", Duration.ofSeconds(10), () -> route.presence().get(77) == null);
            assertThat(route.presence().get(78)).isNotNull();
            assertThat(link(route, "msg-b")).isNotNull();
            assertThat(link(route, "silent")).isNull();
        }
    }
}
