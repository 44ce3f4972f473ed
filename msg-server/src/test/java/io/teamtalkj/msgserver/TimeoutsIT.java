package io.teamtalkj.msgserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.mogujie.tt.protobuf.IMBaseDefine.ClientType;
import com.mogujie.tt.protobuf.IMBaseDefine.MsgType;
import com.mogujie.tt.protobuf.IMBaseDefine.SessionType;
import com.mogujie.tt.protobuf.IMMessage.IMMsgData;
import com.mogujie.tt.protobuf.IMMessage.IMMsgDataAck;
import io.teamtalkj.pdu.CommandId;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Idle timeouts by login state and device class, and unacked deliveries counted after the ack timeout. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TimeoutsIT {
    static TestBed bed;
    static MsgServer server;

    @BeforeAll
    static void start() throws Exception {
        bed = TestBed.start();
        for (int i = 1; i <= 4; i++) {
            bed.user(i, "t" + i, "pw" + i);
        }
        MsgServerConfig cfg = bed.msgConfig("ms-timeouts");
        cfg.unauthenticatedTimeout = Duration.ofSeconds(2); // long enough for a login on a slow CI machine
        cfg.pcIdleTimeout = Duration.ofSeconds(4);
        cfg.mobileIdleTimeout = Duration.ofSeconds(60);
        cfg.receiverAckTimeout = Duration.ofMillis(600);
        server = bed.startMsgServer(cfg);
    }

    @AfterAll
    static void stop() {
        bed.close();
    }

    @Test
    void anUnauthenticatedConnectionIsClosedAfterItsTimeout() throws Exception {
        try (RawClient c = new RawClient(server.port())) {
            assertThat(c.closedWithin(5_000)).isTrue();
        }
    }

    @Test
    void afterLoginPcAndMobileGetTheirOwnIdleTimeouts() throws Exception {
        try (RawClient pc = RawClient.loggedIn(server.port(), "t1", "pw1", ClientType.CLIENT_TYPE_WINDOWS);
             RawClient phone = RawClient.loggedIn(server.port(), "t2", "pw2", ClientType.CLIENT_TYPE_IOS)) {
            // both outlive the 2 s unauthenticated timeout; the PC then goes at 4 s, the phone stays
            assertThat(pc.closedWithin(2_500)).isFalse();
            assertThat(pc.closedWithin(10_000)).as("PC idle timeout").isTrue();
            assertThat(phone.closedWithin(500)).as("mobile timeout is longer").isFalse();
        }
    }

    @Test
    void deliveriesWithoutAReceiverAckAreCounted() throws Exception {
        try (RawClient sender = RawClient.loggedIn(server.port(), "t3", "pw3", ClientType.CLIENT_TYPE_ANDROID);
             RawClient receiver = RawClient.loggedIn(server.port(), "t4", "pw4", ClientType.CLIENT_TYPE_ANDROID)) {
            long before = server.stats().unackedDeliveries.sum();
            for (int i = 0; i < 2; i++) {
                sender.send(CommandId.CID_MSG_DATA, IMMsgData.newBuilder().setFromUserId(3).setToSessionId(4).setMsgId(0)
                        .setCreateTime(0).setMsgType(MsgType.MSG_TYPE_SINGLE_TEXT)
                        .setMsgData(ByteString.copyFromUtf8("m" + i)).build());
                sender.expect(CommandId.CID_MSG_DATA_ACK);
            }
            IMMsgData first = receiver.expect(CommandId.CID_MSG_DATA, IMMsgData.parser());
            receiver.expect(CommandId.CID_MSG_DATA);
            // ack only the first one
            receiver.send(CommandId.CID_MSG_DATA_ACK, IMMsgDataAck.newBuilder().setUserId(4).setSessionId(3)
                    .setMsgId(first.getMsgId()).setSessionType(SessionType.SESSION_TYPE_SINGLE).build());
            Awaitility.await("the unacked delivery counted").atMost(Duration.ofSeconds(5))
                    .until(() -> server.stats().unackedDeliveries.sum() >= before + 1);
            // the acked one must never be counted
            Awaitility.await("only the unacked one counted").during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2))
                    .until(() -> server.stats().unackedDeliveries.sum() == before + 1);
        }
    }
}
