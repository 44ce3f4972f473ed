package io.teamtalkj.msgserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.mogujie.tt.protobuf.IMBaseDefine.ClientType;
import com.mogujie.tt.protobuf.IMBaseDefine.KickReasonType;
import com.mogujie.tt.protobuf.IMBaseDefine.ResultType;
import com.mogujie.tt.protobuf.IMBuddy.IMRecentContactSessionReq;
import com.mogujie.tt.protobuf.IMLogin.IMKickPCClientReq;
import com.mogujie.tt.protobuf.IMLogin.IMKickPCClientRsp;
import com.mogujie.tt.protobuf.IMLogin.IMKickUser;
import com.mogujie.tt.protobuf.IMLogin.IMLoginRes;
import com.mogujie.tt.protobuf.IMLogin.IMLogoutReq;
import com.mogujie.tt.protobuf.IMLogin.IMLogoutRsp;
import com.mogujie.tt.protobuf.IMMessage.IMClientTimeReq;
import com.mogujie.tt.protobuf.IMMessage.IMClientTimeRsp;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Pdu;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Login, refusals, the pre-login gate, heartbeats, header variants, kicks, logout. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LoginIT {
    static TestBed bed;
    static MsgServer server;

    @BeforeAll
    static void start() throws Exception {
        bed = TestBed.start();
        bed.user(1, "alice", "alice-pw");
        bed.user(2, "bob", "bob-pw");
        bed.user(3, "carol", "carol-pw", 1); // disabled
        bed.user(4, "dave", "dave-pw");
        bed.user(5, "erin", "erin-pw");
        server = bed.startMsgServer(bed.msgConfig("ms-login"));
    }

    @AfterAll
    static void stop() {
        bed.close();
    }

    @Test
    void loginReturnsTheUserInfoAndServerTime() throws Exception {
        try (RawClient c = new RawClient(server.port())) {
            long before = System.currentTimeMillis() / 1000;
            IMLoginRes res = c.login("alice", "alice-pw", ClientType.CLIENT_TYPE_WINDOWS);
            assertThat(res.getResultCode()).isEqualTo(ResultType.REFUSE_REASON_NONE);
            assertThat(res.getUserInfo().getUserId()).isEqualTo(1);
            assertThat(res.getUserInfo().getUserNickName()).isEqualTo("nick1");
            assertThat((long) res.getServerTime()).isBetween(before - 1, before + 5);
            assertThat(server.sessions().isOnline(1)).isTrue();
        }
    }

    @Test
    void wrongPasswordUnknownUserAndDisabledUserAreRefusedWithResult6AndClosed() throws Exception {
        String[][] cases = {{"alice", "nope"}, {"nobody", "whatever"}, {"carol", "carol-pw"}};
        for (String[] c : cases) {
            try (RawClient client = new RawClient(server.port())) {
                IMLoginRes res = client.login(c[0], c[1], ClientType.CLIENT_TYPE_MAC);
                assertThat(res.getResultCode()).as(c[0]).isEqualTo(ResultType.REFUSE_REASON_DB_VALIDATE_FAILED);
                assertThat(res.getResultString()).isNotEmpty();
                assertThat(res.hasUserInfo()).isFalse();
                assertThat(client.closedWithin(5_000)).as("closed after refusing " + c[0]).isTrue();
            }
        }
    }

    @Test
    void aCommandBeforeLoginClosesTheConnection() throws Exception {
        long before = server.stats().refusedBeforeLogin.sum();
        try (RawClient c = new RawClient(server.port())) {
            c.send(CommandId.CID_BUDDY_LIST_RECENT_CONTACT_SESSION_REQUEST,
                    IMRecentContactSessionReq.newBuilder().setUserId(1).setLatestUpdateTime(0).build());
            assertThat(c.closedWithin(5_000)).isTrue();
        }
        assertThat(server.stats().refusedBeforeLogin.sum()).isEqualTo(before + 1);
    }

    @Test
    void heartbeatsAreEchoedWithTheirSeqBeforeAndAfterLogin() throws Exception {
        try (RawClient c = new RawClient(server.port())) {
            c.socket().send(new Pdu(1, 0, 7, CommandId.CID_OTHER_HEARTBEAT, 4242, 0, new byte[0]));
            Pdu echo = c.socket().readFrame();
            assertThat(echo.commandId()).isEqualTo(CommandId.CID_OTHER_HEARTBEAT);
            assertThat(echo.seq()).isEqualTo(4242);
            assertThat(echo.frameLength()).isEqualTo(16);

            c.login("dave", "dave-pw", ClientType.CLIENT_TYPE_WINDOWS);
            c.socket().send(new Pdu(1, 0, 7, CommandId.CID_OTHER_HEARTBEAT, 65535, 0, new byte[0]));
            Pdu echo2 = c.socket().readFrame();
            assertThat(echo2.commandId()).isEqualTo(CommandId.CID_OTHER_HEARTBEAT);
            assertThat(echo2.seq()).isEqualTo(65535);
        }
    }

    @Test
    void androidAndIosHeadersAreAccepted() throws Exception {
        // Android: version 6 and '0' (0x0030) in reserved; iOS: version 13
        int[][] headers = {{6, 0x0030}, {13, 0}};
        for (int[] h : headers) {
            try (RawClient c = new RawClient(server.port())) {
                c.version = h[0];
                c.reserved = h[1];
                IMLoginRes res = c.login("erin", "erin-pw", h[0] == 6 ? ClientType.CLIENT_TYPE_ANDROID : ClientType.CLIENT_TYPE_IOS);
                assertThat(res.getResultCode().getNumber()).isZero();
                int s = c.send(CommandId.CID_MSG_TIME_REQUEST, IMClientTimeReq.getDefaultInstance());
                Pdu rsp = c.expect(CommandId.CID_MSG_TIME_RESPONSE);
                assertThat(rsp.seq()).isEqualTo(s);
                assertThat(rsp.version()).isEqualTo(1); // we always answer as TeamTalk's servers do
                assertThat(RawClient.parse(rsp, IMClientTimeRsp.parser()).getServerTime()).isPositive();
            }
        }
    }

    @Test
    void aSecondLoginOfTheSameClassKicksTheFirstWhilePcAndMobileCoexist() throws Exception {
        try (RawClient pc1 = RawClient.loggedIn(server.port(), "bob", "bob-pw", ClientType.CLIENT_TYPE_WINDOWS);
             RawClient phone = RawClient.loggedIn(server.port(), "bob", "bob-pw", ClientType.CLIENT_TYPE_ANDROID)) {
            assertThat(pc1.noneWithin(CommandId.CID_LOGIN_KICK_USER, 500)).as("a phone does not kick a PC").isTrue();
            assertThat(server.sessions().sessions(2)).hasSize(2);

            try (RawClient pc2 = RawClient.loggedIn(server.port(), "bob", "bob-pw", ClientType.CLIENT_TYPE_MAC)) {
                IMKickUser kick = pc1.expect(CommandId.CID_LOGIN_KICK_USER, IMKickUser.parser());
                assertThat(kick.getUserId()).isEqualTo(2);
                assertThat(kick.getKickReason()).isEqualTo(KickReasonType.KICK_REASON_DUPLICATE_USER);
                assertThat(pc1.closedWithin(5_000)).as("the kicked connection is closed").isTrue();
                assertThat(phone.noneWithin(CommandId.CID_LOGIN_KICK_USER, 300)).isTrue();
                assertThat(server.sessions().sessions(2)).hasSize(2);

                // the phone signs bob out of every PC
                int s = phone.send(CommandId.CID_LOGIN_REQ_KICKPCCLIENT, IMKickPCClientReq.newBuilder().setUserId(2).build());
                Pdu rsp = phone.expect(CommandId.CID_LOGIN_RES_KICKPCCLIENT);
                assertThat(rsp.seq()).isEqualTo(s);
                assertThat(RawClient.parse(rsp, IMKickPCClientRsp.parser()).getResultCode()).isZero();
                IMKickUser mobileKick = pc2.expect(CommandId.CID_LOGIN_KICK_USER, IMKickUser.parser());
                assertThat(mobileKick.getKickReason()).isEqualTo(KickReasonType.KICK_REASON_MOBILE_KICK);
                assertThat(pc2.closedWithin(5_000)).isTrue();
            }
        }
    }

    @Test
    void logoutAnswersAndCloses() throws Exception {
        try (RawClient c = RawClient.loggedIn(server.port(), "dave", "dave-pw", ClientType.CLIENT_TYPE_IOS)) {
            int s = c.send(CommandId.CID_LOGIN_REQ_LOGINOUT, IMLogoutReq.getDefaultInstance());
            Pdu rsp = c.expect(CommandId.CID_LOGIN_RES_LOGINOUT);
            assertThat(rsp.seq()).isEqualTo(s);
            assertThat(RawClient.parse(rsp, IMLogoutRsp.parser()).getResultCode()).isZero();
            assertThat(c.closedWithin(5_000)).isTrue();
        }
    }
}
