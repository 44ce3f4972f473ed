package io.teamtalkj.route;

import io.teamtalkj.pdu.ClientClass;
import static io.teamtalkj.route.RouteTestSupport.await;
import static io.teamtalkj.route.RouteTestSupport.awaitLinked;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.mogujie.tt.protobuf.IMBaseDefine.ClientType;
import com.mogujie.tt.protobuf.IMBaseDefine.UserStat;
import com.mogujie.tt.protobuf.IMBaseDefine.UserStatType;
import com.mogujie.tt.protobuf.IMBuddy.IMUsersStatReq;
import com.mogujie.tt.protobuf.IMBuddy.IMUsersStatRsp;
import io.netty.channel.EventLoopGroup;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Pdu;
import io.teamtalkj.route.RouteTestSupport.FakeMsgServer;
import io.teamtalkj.testing.PduTestClient;
import io.teamtalkj.testing.Ports;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** IMUsersStatReq (0x020a) answered from the presence table. */
@Timeout(300)
class UsersStatusIT {
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
    void aRouteClientGetsEachUsersStatusAndDeviceClasses() throws Exception {
        route = RouteServer.start(RouteTestSupport.config());
        try (FakeMsgServer a = new FakeMsgServer("msg-a", group, route.port());
             FakeMsgServer b = new FakeMsgServer("msg-b", group, route.port())) {
            awaitLinked(route, a, b);
            a.online(1, ClientType.CLIENT_TYPE_WINDOWS);
            b.online(2, ClientType.CLIENT_TYPE_IOS);
            b.online(3, ClientType.CLIENT_TYPE_MAC);
            a.online(3, ClientType.CLIENT_TYPE_ANDROID);
            await("presence", () -> route.presence().connections() == 4);

            IMUsersStatRsp rsp = a.client.usersStatus(99, List.of(1, 2, 3, 4)).get(10, TimeUnit.SECONDS);
            assertThat(rsp.getUserId()).isEqualTo(99);
            assertThat(rsp.hasAttachData()).as("our correlation data is not handed on").isFalse();
            assertThat(rsp.getUserStatListList()).containsExactly(
                    UserStat.newBuilder().setUserId(1).setStatus(UserStatType.USER_STATUS_ONLINE).setTtOnlineClasses(1).build(),
                    UserStat.newBuilder().setUserId(2).setStatus(UserStatType.USER_STATUS_ONLINE).setTtOnlineClasses(2).build(),
                    UserStat.newBuilder().setUserId(3).setStatus(UserStatType.USER_STATUS_ONLINE).setTtOnlineClasses(3).build(),
                    UserStat.newBuilder().setUserId(4).setStatus(UserStatType.USER_STATUS_OFFLINE).setTtOnlineClasses(0).build());
            assertThat(route.stats().usersStatRequests()).isEqualTo(1);
        }
    }

    @Test
    void withTeamTalksPolicyAPhoneOnlyUserIsOffline() throws Exception {
        RouteServerConfig config = RouteTestSupport.config();
        config.mobileCountsAsOnline = false;
        route = RouteServer.start(config);
        try (FakeMsgServer a = new FakeMsgServer("msg-a", group, route.port())) {
            awaitLinked(route, a);
            a.online(2, ClientType.CLIENT_TYPE_IOS);
            await("presence", () -> route.presence().connections() == 1);
            UserStat s = a.client.usersStatus(1, List.of(2)).get(10, TimeUnit.SECONDS).getUserStatList(0);
            assertThat(s.getStatus()).isEqualTo(UserStatType.USER_STATUS_OFFLINE);
            assertThat(s.getTtOnlineClasses()).isEqualTo(2);
        }
    }

    @Test
    void theAnswerCarriesTheRequestsSeqAndAttachData() throws Exception {
        route = RouteServer.start(RouteTestSupport.config());
        try (PduTestClient raw = PduTestClient.connect(route.port())) {
            ByteString attach = ByteString.copyFrom(new byte[] {0, 0, 0, 1, 0, 0, 0, 42, 0, 0, 0, 2});
            raw.send(CommandId.CID_BUDDY_LIST_USERS_STATUS_REQUEST, 4321,
                    IMUsersStatReq.newBuilder().setUserId(5).addUserIdList(6).setAttachData(attach).build());
            Pdu pdu = raw.receive();
            assertThat(pdu.commandId()).isEqualTo(CommandId.CID_BUDDY_LIST_USERS_STATUS_RESPONSE);
            assertThat(pdu.seq()).isEqualTo(4321);
            IMUsersStatRsp rsp = pdu.parse(IMUsersStatRsp.parser());
            assertThat(rsp.getUserId()).isEqualTo(5);
            assertThat(rsp.getAttachData()).isEqualTo(attach);
            assertThat(rsp.getUserStatList(0).getStatus()).isEqualTo(UserStatType.USER_STATUS_OFFLINE);
        }
    }

    @Test
    void withoutARouteServerTheQueryFailsAtOnce() throws Exception {
        try (Socket refusing = Ports.refusing();
             FakeMsgServer a = new FakeMsgServer("msg-a", group, refusing.getLocalPort())) {
            assertThat(a.client.relay(CommandId.CID_MSG_DATA, IMUsersStatReq.newBuilder().setUserId(1).build(),
                    List.of(2), 0)).as("relay without a route-server").isFalse();
            assertThatThrownBy(() -> a.client.usersStatus(1, List.of(2)).get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("no route-server link is up");
        }
    }
}
