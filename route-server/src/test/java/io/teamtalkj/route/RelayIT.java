package io.teamtalkj.route;

import static io.teamtalkj.route.RouteTestSupport.await;
import static io.teamtalkj.route.RouteTestSupport.awaitLinked;
import static io.teamtalkj.route.RouteTestSupport.link;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.mogujie.tt.protobuf.IMBaseDefine.ClientType;
import com.mogujie.tt.protobuf.IMBaseDefine.MsgType;
import com.mogujie.tt.protobuf.IMMessage.IMMsgData;
import io.netty.channel.EventLoopGroup;
import io.teamtalkj.control.route.RouteStatsReply;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Pdu;
import io.teamtalkj.pdu.internal.RelayEnvelope;
import io.teamtalkj.route.RouteTestSupport.FakeMsgServer;
import io.teamtalkj.links.route.RouteClient;
import io.teamtalkj.route.stats.CommandCounters;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Targeted relay with three RouteClients posing as msg-servers A, B and C. */
@Timeout(300)
class RelayIT {
    private static final ClientType PC = ClientType.CLIENT_TYPE_WINDOWS;
    private static final ClientType PHONE = ClientType.CLIENT_TYPE_ANDROID;

    private EventLoopGroup group;
    private RouteServer route;
    private FakeMsgServer a;
    private FakeMsgServer b;
    private FakeMsgServer c;

    @BeforeEach
    void start() throws Exception {
        group = RouteTestSupport.newGroup();
        route = RouteServer.start(RouteTestSupport.config());
        a = new FakeMsgServer("msg-a", group, route.port());
        b = new FakeMsgServer("msg-b", group, route.port());
        c = new FakeMsgServer("msg-c", group, route.port());
        awaitLinked(route, a, b, c);
        // A: 1 and 7; B: 2, 3 (phone only); C: 4 and 5; 8 on A (Mac) and B (Windows); 6 nowhere
        a.online(1, PC);
        a.online(7, PC);
        b.online(2, PC);
        b.online(3, PHONE);
        c.online(4, PC);
        c.online(5, ClientType.CLIENT_TYPE_MAC);
        a.online(8, ClientType.CLIENT_TYPE_MAC);
        b.online(8, PC);
        await("presence of all users", () -> route.presence().connections() == 8);
    }

    @AfterEach
    void stop() {
        for (AutoCloseable x : new AutoCloseable[] {a, b, c}) {
            try {
                x.close();
            } catch (Exception ignored) {
                // best effort
            }
        }
        route.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static IMMsgData message(int from, int to, MsgType type, String text) {
        return IMMsgData.newBuilder().setFromUserId(from).setToSessionId(to).setMsgId(11).setCreateTime(1000)
                .setMsgType(type).setMsgData(ByteString.copyFromUtf8(text)).build();
    }

    private CommandCounters counters(int cmd) {
        return route.stats().command(cmd);
    }

    @Test
    void oneToOneGoesToExactlyTheMsgServerOfTheRecipient() throws Exception {
        IMMsgData msg = message(1, 2, MsgType.MSG_TYPE_SINGLE_TEXT, "hi");
        // the origin names sender and recipient: the sender's other sessions may be elsewhere too
        assertThat(a.client.relay(CommandId.CID_MSG_DATA, msg, List.of(2, 1), RouteClient.CLASS_ALL)).isTrue();

        RelayEnvelope got = b.next();
        assertThat(got.getCommandId()).isEqualTo(CommandId.CID_MSG_DATA);
        assertThat(got.getRecipientIdsList()).containsExactly(2);
        assertThat(IMMsgData.parseFrom(got.getBody())).isEqualTo(msg);
        assertThat(got.getSentAtMicros()).isPositive();

        CommandCounters cc = counters(CommandId.CID_MSG_DATA);
        assertThat(cc.envelopesIn()).isEqualTo(1);
        assertThat(cc.envelopesOut()).isEqualTo(1);
        assertThat(cc.recipientsTargeted()).isEqualTo(1);
        assertThat(cc.recipientsLocal()).isEqualTo(1);
        assertThat(cc.recipientsOffline()).isZero();
        assertThat(link(route, "msg-a").envelopesOut()).isZero();
        assertThat(link(route, "msg-c").envelopesOut()).isZero();
        assertThat(link(route, "msg-b").envelopesOut()).isEqualTo(1);
        assertThat(a.received).isEmpty();
        assertThat(c.received).isEmpty();
    }

    @Test
    void groupMessageIsSplitPerMsgServerNamingOnlyItsRecipients() throws Exception {
        IMMsgData msg = message(1, 900, MsgType.MSG_TYPE_GROUP_TEXT, "all");
        List<Integer> members = List.of(1, 2, 3, 4, 5, 6, 7, 3);
        assertThat(a.client.relay(CommandId.CID_MSG_DATA, msg, members, RouteClient.CLASS_ALL)).isTrue();

        RelayEnvelope toB = b.next();
        RelayEnvelope toC = c.next();
        assertThat(toB.getRecipientIdsList()).containsExactlyInAnyOrder(2, 3);
        assertThat(toC.getRecipientIdsList()).containsExactlyInAnyOrder(4, 5);
        assertThat(toB.getBody()).isEqualTo(msg.toByteString());
        assertThat(toC.getBody()).isEqualTo(msg.toByteString());

        CommandCounters cc = counters(CommandId.CID_MSG_DATA);
        assertThat(cc.envelopesIn()).isEqualTo(1);
        assertThat(cc.envelopesOut()).as("one envelope per target msg-server").isEqualTo(2);
        assertThat(cc.recipientsTargeted()).isEqualTo(4); // 2, 3, 4, 5
        assertThat(cc.recipientsLocal()).isEqualTo(2); // 1, 7: A delivered them itself
        assertThat(cc.recipientsOffline()).isEqualTo(1); // 6
        assertThat(cc.bytesOut()).isEqualTo(Pdu.HEADER_LENGTH * 2L + toB.getSerializedSize() + toC.getSerializedSize());
        assertThat(link(route, "msg-a").envelopesOut()).isZero();
        assertThat(a.received).isEmpty();
    }

    @Test
    void theOriginNeverGetsItsOwnEnvelopeBack() throws Exception {
        // user 8 has a Mac on A and a Windows PC on B
        assertThat(a.client.relay(CommandId.CID_MSG_READ_NOTIFY, message(8, 2, MsgType.MSG_TYPE_SINGLE_TEXT, "r"),
                List.of(8), RouteClient.CLASS_ALL)).isTrue();
        assertThat(b.next().getRecipientIdsList()).containsExactly(8);
        CommandCounters cc = counters(CommandId.CID_MSG_READ_NOTIFY);
        assertThat(cc.envelopesOut()).isEqualTo(1);
        assertThat(cc.recipientsTargeted()).isEqualTo(1);
        assertThat(link(route, "msg-a").envelopesOut()).isZero();

        // from B, 8 is on A: A gets it, B does not
        assertThat(b.client.relay(CommandId.CID_MSG_READ_NOTIFY, message(8, 2, MsgType.MSG_TYPE_SINGLE_TEXT, "r"),
                List.of(8), RouteClient.CLASS_ALL)).isTrue();
        assertThat(a.next().getRecipientIdsList()).containsExactly(8);
        assertThat(link(route, "msg-b").envelopesOut()).isEqualTo(1);
        assertThat(b.received).isEmpty();
    }

    @Test
    void deviceClassFilterAndOfflineRecipientsAreCounted() throws Exception {
        IMMsgData msg = message(1, 3, MsgType.MSG_TYPE_SINGLE_TEXT, "f");
        // 3 has only a phone: a PC-only relay reaches nobody and counts 3 (and 6) as offline
        assertThat(a.client.relay(CommandId.CID_FILE_NOTIFY, msg, List.of(3, 6), RouteClient.CLASS_PC)).isTrue();
        // a mobile-only relay from B goes nowhere: 3's phone is on the origin
        assertThat(b.client.relay(CommandId.CID_FILE_NOTIFY, msg, List.of(3), RouteClient.CLASS_MOBILE)).isTrue();
        // and one from A reaches B, with client_class kept
        assertThat(a.client.relay(CommandId.CID_FILE_NOTIFY, msg, List.of(3), RouteClient.CLASS_MOBILE)).isTrue();
        RelayEnvelope got = b.next();
        assertThat(got.getRecipientIdsList()).containsExactly(3);
        assertThat(got.getClientClass()).isEqualTo(RouteClient.CLASS_MOBILE);

        CommandCounters cc = counters(CommandId.CID_FILE_NOTIFY);
        await("three envelopes counted", () -> cc.envelopesIn() == 3);
        assertThat(cc.recipientsOffline()).isEqualTo(2);
        assertThat(cc.recipientsLocal()).isEqualTo(1);
        assertThat(cc.recipientsTargeted()).isEqualTo(1);
        assertThat(cc.envelopesOut()).isEqualTo(1);
        assertThat(a.received).isEmpty();
        assertThat(c.received).isEmpty();
    }

    @Test
    void broadcastGoesToEveryOtherMsgServer() throws Exception {
        IMMsgData body = message(1, 0, MsgType.MSG_TYPE_SINGLE_TEXT, "sign");
        assertThat(a.client.relayBroadcast(CommandId.CID_BUDDY_LIST_SIGN_INFO_CHANGED_NOTIFY, body)).isTrue();
        RelayEnvelope toB = b.next();
        RelayEnvelope toC = c.next();
        assertThat(toB.getBroadcast()).isTrue();
        assertThat(toC.getBroadcast()).isTrue();
        assertThat(toB.getBody()).isEqualTo(body.toByteString());
        CommandCounters cc = counters(CommandId.CID_BUDDY_LIST_SIGN_INFO_CHANGED_NOTIFY);
        assertThat(cc.envelopesOut()).isEqualTo(2);
        assertThat(a.received).isEmpty();
    }

    @Test
    void statsReportAddsUpPerCommandPerLinkAndOverall() throws Exception {
        a.client.relay(CommandId.CID_MSG_DATA, message(1, 2, MsgType.MSG_TYPE_SINGLE_TEXT, "x"), List.of(2, 1),
                RouteClient.CLASS_ALL);
        b.next();
        a.client.relay(CommandId.CID_SWITCH_P2P_CMD, message(1, 4, MsgType.MSG_TYPE_SINGLE_TEXT, "typing"),
                List.of(4, 1), RouteClient.CLASS_ALL);
        c.next();
        await("latency of both copies recorded", () -> route.stats().relayLatency().snapshot().count() == 2);

        RouteStatsReply r = route.report();
        assertThat(r.getCommandsList()).extracting(x -> x.getName())
                .containsExactly("CID_MSG_DATA", "CID_SWITCH_P2P_CMD");
        assertThat(r.getTotal().getEnvelopesIn()).isEqualTo(2);
        assertThat(r.getTotal().getEnvelopesOut()).isEqualTo(2);
        assertThat(r.getTotal().getRecipientsTargeted()).isEqualTo(2);
        assertThat(r.getTotal().getRecipientsLocal()).isEqualTo(2);
        assertThat(r.getPresence().getConnectedUsers()).isEqualTo(7);
        assertThat(r.getPresence().getConnections()).isEqualTo(8);
        assertThat(r.getPresence().getPcConnections()).isEqualTo(7);
        assertThat(r.getPresence().getMobileConnections()).isEqualTo(1);
        assertThat(r.getLinksList()).extracting(l -> l.getName()).containsExactlyInAnyOrder("msg-a", "msg-b", "msg-c");
        assertThat(r.getLinksList()).filteredOn(l -> l.getName().equals("msg-a")).singleElement()
                .satisfies(l -> {
                    assertThat(l.getEnvelopesIn()).isEqualTo(2);
                    assertThat(l.getEnvelopesOut()).isZero();
                    assertThat(l.getUsers()).isEqualTo(3);
                    assertThat(l.getMaster()).isTrue();
                });
        assertThat(r.getRelayLatency().getCount()).isEqualTo(2);
        assertThat(r.getTransitLatency().getCount()).isEqualTo(2);
        assertThat(r.getControl().getLinksOpen()).isEqualTo(3);
    }
}
