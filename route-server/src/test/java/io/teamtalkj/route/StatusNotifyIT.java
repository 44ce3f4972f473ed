package io.teamtalkj.route;

import io.teamtalkj.pdu.ClientClass;
import static io.teamtalkj.route.RouteTestSupport.await;
import static io.teamtalkj.route.RouteTestSupport.awaitLinked;
import static io.teamtalkj.route.RouteTestSupport.awaitMaster;
import static io.teamtalkj.route.RouteTestSupport.link;
import static org.assertj.core.api.Assertions.assertThat;

import com.mogujie.tt.protobuf.IMBaseDefine.ClientType;
import com.mogujie.tt.protobuf.IMBaseDefine.UserStat;
import com.mogujie.tt.protobuf.IMBaseDefine.UserStatType;
import com.mogujie.tt.protobuf.IMBuddy.IMUserStatNotify;
import com.mogujie.tt.protobuf.IMServer.IMServerPCLoginStatusNotify;
import io.netty.channel.EventLoopGroup;
import com.mogujie.tt.protobuf.IMBaseDefine.ServerUserStat;
import com.mogujie.tt.protobuf.IMServer.IMOnlineUserInfo;
import com.mogujie.tt.protobuf.IMServer.IMRoleSet;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.InternalCommandId;
import io.teamtalkj.pdu.Pdu;
import io.teamtalkj.testing.PduTestClient;
import io.teamtalkj.pdu.internal.RelayEnvelope;
import io.teamtalkj.route.RouteTestSupport.FakeMsgServer;
import io.teamtalkj.links.route.RouteClient;
import io.teamtalkj.route.stats.CommandCounters;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Status notifications (0x0203) scoped to contacts, and PC-login notices (0x070e) to own phones. */
@Timeout(300)
class StatusNotifyIT {
    private static final ClientType PC = ClientType.CLIENT_TYPE_WINDOWS;
    private static final ClientType PHONE = ClientType.CLIENT_TYPE_ANDROID;

    private final EventLoopGroup group = RouteTestSupport.newGroup();
    private RouteServer route;
    private FakeMsgServer a;
    private FakeMsgServer b;
    private FakeMsgServer c;

    private void start(boolean mobileCountsAsOnline) throws Exception {
        RouteServerConfig config = RouteTestSupport.config();
        config.mobileCountsAsOnline = mobileCountsAsOnline;
        route = RouteServer.start(config);
        a = new FakeMsgServer("msg-a", group, route.port());
        b = new FakeMsgServer("msg-b", group, route.port());
        c = new FakeMsgServer("msg-c", group, route.port());
        awaitLinked(route, a, b, c);
        awaitMaster(route, a, b, c);
    }

    @AfterEach
    void stop() {
        for (FakeMsgServer s : new FakeMsgServer[] {a, b, c}) {
            if (s != null) {
                s.close();
            }
        }
        if (route != null) {
            route.close();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static UserStat stat(RelayEnvelope e) throws Exception {
        assertThat(e.getCommandId()).isEqualTo(CommandId.CID_BUDDY_LIST_STATUS_NOTIFY);
        return IMUserStatNotify.parseFrom(e.getBody()).getUserStat();
    }

    /** Waits until {@code userId}'s update has been applied and its notifications sent. */
    private void awaitClasses(int userId, int classes) {
        await("user " + userId + " has classes " + classes, () -> route.presence().classes(userId) == classes);
    }

    @Test
    void statusChangesGoOnlyToThePcSessionsOfOnlineContacts() throws Exception {
        start(true);
        b.online(20, PC);       // a contact of 10, PC on B
        c.online(30, PC);       // not a contact
        c.online(40, PHONE);    // a contact, but only a phone
        awaitClasses(40, ClientClass.MOBILE.bit);
        awaitClasses(30, ClientClass.PC.bit);
        awaitClasses(20, ClientClass.PC.bit);

        a.online(10, PC, 20, 40, 50); // 50 is offline
        RelayEnvelope e = b.next();
        assertThat(e.getRecipientIdsList()).containsExactly(20);
        assertThat(e.getClientClass()).isEqualTo(RouteClient.CLASS_PC);
        assertThat(stat(e).getUserId()).isEqualTo(10);
        assertThat(stat(e).getStatus()).isEqualTo(UserStatType.USER_STATUS_ONLINE);
        assertThat(stat(e).getTtOnlineClasses()).isEqualTo(ClientClass.PC.bit);
        CommandCounters cc = route.stats().command(CommandId.CID_BUDDY_LIST_STATUS_NOTIFY);
        assertThat(cc.recipientsTargeted()).isEqualTo(1);
        assertThat(cc.recipientsOffline()).as("40 has no PC session, 50 none at all").isEqualTo(2);
        assertThat(cc.envelopesOut()).isEqualTo(1);

        a.offline(10, PC);
        e = b.next();
        assertThat(stat(e).getUserId()).isEqualTo(10);
        assertThat(stat(e).getStatus()).isEqualTo(UserStatType.USER_STATUS_OFFLINE);
        assertThat(stat(e).getTtOnlineClasses()).isZero();
        await("second notification counted", () -> cc.envelopesOut() == 2);
        assertThat(link(route, "msg-c").envelopesOut()).as("nothing for C: 30 is no contact, 40 has no PC").isZero();
        assertThat(link(route, "msg-a").envelopesOut()).isZero();
        assertThat(c.received).isEmpty();
        assertThat(a.received).isEmpty();
    }

    @Test
    void aPhoneAloneCountsAsOnlineAndAddingAPcChangesNothingForContacts() throws Exception {
        start(true);
        b.online(20, PC);
        awaitClasses(20, ClientClass.PC.bit);

        a.online(11, PHONE, 20);
        UserStat s = stat(b.next());
        assertThat(s.getUserId()).isEqualTo(11);
        assertThat(s.getStatus()).isEqualTo(UserStatType.USER_STATUS_ONLINE);
        assertThat(s.getTtOnlineClasses()).isEqualTo(ClientClass.MOBILE.bit);

        // still online: no notification for the PC coming and the phone going
        a.online(11, ClientType.CLIENT_TYPE_MAC);
        a.offline(11, PHONE);
        a.offline(11, ClientType.CLIENT_TYPE_MAC);
        s = stat(b.next(CommandId.CID_BUDDY_LIST_STATUS_NOTIFY));
        assertThat(s.getStatus()).as("the next notification is the final OFFLINE").isEqualTo(UserStatType.USER_STATUS_OFFLINE);
        assertThat(route.stats().command(CommandId.CID_BUDDY_LIST_STATUS_NOTIFY).envelopesOut()).isEqualTo(2);
    }

    @Test
    void withTeamTalksPolicyAPhoneAloneIsOfflineAndNobodyIsNotified() throws Exception {
        start(false);
        b.online(20, PC);
        awaitClasses(20, ClientClass.PC.bit);
        a.online(12, PHONE, 20);
        awaitClasses(12, ClientClass.MOBILE.bit);
        assertThat(route.presence().status(12)).isEqualTo(UserStatType.USER_STATUS_OFFLINE);
        a.online(12, PC);
        UserStat s = stat(b.next(CommandId.CID_BUDDY_LIST_STATUS_NOTIFY));
        assertThat(s.getStatus()).isEqualTo(UserStatType.USER_STATUS_ONLINE);
        assertThat(s.getTtOnlineClasses()).isEqualTo(ClientClass.PC.bit | ClientClass.MOBILE.bit);
        assertThat(route.stats().command(CommandId.CID_BUDDY_LIST_STATUS_NOTIFY).envelopesOut())
                .as("only the PC login was news").isEqualTo(1);
    }

    @Test
    void aPcLoginIsAnnouncedToTheSameUsersPhonesOnly() throws Exception {
        start(true);
        b.online(13, PHONE);
        c.online(14, PHONE);
        awaitClasses(13, ClientClass.MOBILE.bit);
        awaitClasses(14, ClientClass.MOBILE.bit);

        a.online(13, PC);
        RelayEnvelope e = b.next(CommandId.CID_OTHER_LOGIN_STATUS_NOTIFY);
        assertThat(e.getRecipientIdsList()).containsExactly(13);
        assertThat(e.getClientClass()).isEqualTo(RouteClient.CLASS_MOBILE);
        IMServerPCLoginStatusNotify n = IMServerPCLoginStatusNotify.parseFrom(e.getBody());
        assertThat(n.getUserId()).isEqualTo(13);
        assertThat(n.getLoginStatus()).isEqualTo(1);

        a.offline(13, PC);
        n = IMServerPCLoginStatusNotify.parseFrom(b.next(CommandId.CID_OTHER_LOGIN_STATUS_NOTIFY).getBody());
        assertThat(n.getLoginStatus()).isZero();

        // a phone logging in while the PC is on hears about the PC
        a.online(14, PC);
        n = IMServerPCLoginStatusNotify.parseFrom(c.next(CommandId.CID_OTHER_LOGIN_STATUS_NOTIFY).getBody());
        assertThat(n.getLoginStatus()).isEqualTo(1);
        b.online(14, PHONE);
        e = b.next(CommandId.CID_OTHER_LOGIN_STATUS_NOTIFY);
        assertThat(e.getRecipientIdsList()).containsExactly(14);
        assertThat(IMServerPCLoginStatusNotify.parseFrom(e.getBody()).getLoginStatus()).isEqualTo(1);
        assertThat(a.received).as("A holds no phone of 13 or 14").isEmpty();
    }

    @Test
    void onlyMsgServersThatChoseThisRouteServerAsActiveAreNotified() throws Exception {
        start(true);
        try (PduTestClient standby = PduTestClient.connect(route.port())) {
            // a msg-server whose active route is another route-server: master=0
            standby.send(CommandId.CID_OTHER_ROLE_SET, 0, IMRoleSet.newBuilder().setMaster(0).build());
            standby.send(CommandId.CID_OTHER_ONLINE_USER_INFO, 0, IMOnlineUserInfo.newBuilder()
                    .setTtServerName("standby")
                    .addUserStatList(ServerUserStat.newBuilder().setUserId(21).setStatus(UserStatType.USER_STATUS_ONLINE)
                            .setClientType(PC))
                    .build());
            awaitClasses(21, ClientClass.PC.bit);
            a.online(15, PC, 21);
            a.online(16, PC); // a barrier: A's updates are handled in order
            awaitClasses(16, ClientClass.PC.bit);
            assertThat(link(route, "standby").envelopesOut()).isZero();

            // once it says this is its active route-server, it hears about its users' contacts
            standby.send(CommandId.CID_OTHER_ROLE_SET, 0, IMRoleSet.newBuilder().setMaster(1).build());
            await("standby turned master", () -> link(route, "standby").master());
            a.online(17, PC, 21);
            Pdu pdu = standby.receive();
            assertThat(pdu.commandId()).isEqualTo(InternalCommandId.CID_INTERNAL_RELAY);
            RelayEnvelope e = pdu.parse(RelayEnvelope.parser());
            assertThat(stat(e).getUserId()).isEqualTo(17);
            assertThat(e.getRecipientIdsList()).containsExactly(21);
        }
    }
}
