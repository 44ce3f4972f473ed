package io.teamtalkj.msgserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import com.mogujie.tt.protobuf.IMBaseDefine.ClientType;
import com.mogujie.tt.protobuf.IMBaseDefine.MsgType;
import com.mogujie.tt.protobuf.IMMessage.IMMsgData;
import com.mogujie.tt.protobuf.IMMessage.IMMsgDataAck;
import io.netty.channel.Channel;
import io.teamtalkj.msgserver.session.ClientSession;
import io.teamtalkj.pdu.CommandId;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Inter-tier backpressure: while the dbproxy link cannot take more output, the msg-server stops
 * reading its clients (TCP holds their requests) instead of queueing into the link; it reads
 * again when the link drains, and nothing sent meanwhile is lost.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LinkBackpressureIT {
    static TestBed bed;
    static MsgServer server;

    @BeforeAll
    static void start() throws Exception {
        bed = TestBed.start();
        bed.user(1, "u1", "pw1");
        bed.user(2, "u2", "pw2");
        MsgServerConfig cfg = bed.msgConfig("ms-link-backpressure");
        cfg.metricsPort = 0;
        server = bed.startMsgServer(cfg);
    }

    @AfterAll
    static void stop() {
        bed.close();
    }

    /** What a dbproxy that stopped reading does to the link: its output turns unwritable. */
    private static void linkFull(Channel link, boolean full) throws Exception {
        link.eventLoop().submit(() -> link.unsafe().outboundBuffer().setUserDefinedWritability(1, !full)).sync();
    }

    private static boolean reading(int userId) {
        ClientSession[] s = server.sessions().sessions(userId);
        return s.length == 1 && s[0].channel().config().isAutoRead();
    }

    @Test
    void clientsStopBeingReadWhileTheDbproxyLinkIsFullAndCarryOnAfter() throws Exception {
        try (RawClient alice = RawClient.loggedIn(server.port(), "u1", "pw1", ClientType.CLIENT_TYPE_WINDOWS);
             RawClient bob = RawClient.loggedIn(server.port(), "u2", "pw2", ClientType.CLIENT_TYPE_MAC)) {
            Channel link = server.db().linkChannels().get(0);
            linkFull(link, true);
            await("clients paused").atMost(Duration.ofSeconds(5)).until(() -> !reading(1) && !reading(2));
            assertThat(server.readThrottle().pauses()).isEqualTo(1);

            int seq = alice.send(CommandId.CID_MSG_DATA, IMMsgData.newBuilder().setFromUserId(1).setToSessionId(2)
                    .setMsgId(0).setCreateTime(0).setMsgType(MsgType.MSG_TYPE_SINGLE_TEXT)
                    .setMsgData(ByteString.copyFromUtf8("held by TCP")).setTtClientMsgId("held").build());
            assertThat(alice.noneWithin(CommandId.CID_MSG_DATA_ACK, 500)).as("not read while the link is full").isTrue();
            assertThat(server.stats().messagesIn.sum()).isZero();

            linkFull(link, false);
            await("clients read again").atMost(Duration.ofSeconds(5)).until(() -> reading(1) && reading(2));
            var ackPdu = alice.expect(CommandId.CID_MSG_DATA_ACK);
            assertThat(ackPdu.seq()).isEqualTo(seq);
            assertThat(RawClient.parse(ackPdu, IMMsgDataAck.parser()).getMsgId()).isEqualTo(1);
            assertThat(bob.expect(CommandId.CID_MSG_DATA, IMMsgData.parser()).getMsgData().toStringUtf8())
                    .isEqualTo("held by TCP");
            assertThat(server.stats().messagesIn.sum()).isEqualTo(1);
            assertThat(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + server.metricsPort() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body())
                    .contains("teamtalk_msg_link_full_pauses_total 1.0");
        }
    }
}
