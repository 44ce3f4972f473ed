package io.teamtalkj.msgserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import com.mogujie.tt.protobuf.IMBaseDefine.ClientType;
import com.mogujie.tt.protobuf.IMBaseDefine.ResultType;
import com.mogujie.tt.protobuf.IMBaseDefine.UserStatType;
import com.mogujie.tt.protobuf.IMLogin.IMLoginReq;
import com.mogujie.tt.protobuf.IMLogin.IMLoginRes;
import io.teamtalkj.client.ClientConfig;
import io.teamtalkj.client.ClientListener;
import io.teamtalkj.client.ClientState;
import io.teamtalkj.client.TeamTalkClient;
import io.teamtalkj.login.LoginServer;
import io.teamtalkj.pdu.CommandId;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Resumable login across msg-servers sharing a session token secret: an SDK client whose
 * msg-server goes away logs in again on the other one without a password check there, and forged
 * or misused tokens are refused.
 */
@Timeout(180)
class SessionTokenIT {
    static final String SECRET = "session-token-it-secret-0123456789";
    static TestBed bed;
    static LoginServer login;

    @BeforeAll
    static void start() throws Exception {
        bed = TestBed.start();
        bed.user(1, "alice", "alice-pw");
        bed.user(2, "bob", "bob-pw");
        login = TestBed.startLoginServer();
    }

    @AfterAll
    static void stop() {
        bed.close();
        login.close();
    }

    static MsgServerConfig config(String name) {
        MsgServerConfig c = bed.msgConfig(name);
        c.sessionTokenSecret = SECRET;
        c.loginServers = new ArrayList<>(List.of(InetSocketAddress.createUnresolved("127.0.0.1", login.msgServerPort())));
        return c;
    }

    @Test
    void aClientWhoseMsgServerIsLostLogsInOnTheOtherWithoutAPasswordCheck() throws Exception {
        MsgServer a = MsgServer.start(config("ms-token-a"));
        MsgServer b = MsgServer.start(config("ms-token-b"));
        TeamTalkClient client = null;
        try {
            TestBed.awaitDbLink(a);
            TestBed.awaitDbLink(b);
            await().atMost(Duration.ofSeconds(10)).until(() -> login.registry().size() == 2);
            client = TeamTalkClient.create(ClientConfig.builder()
                    .loginUrl("http://127.0.0.1:" + login.httpPort() + "/msg_server")
                    .user("alice").password("alice-pw")
                    .backoff(Duration.ofMillis(100), Duration.ofMillis(500))
                    .build(), new ClientListener() { });
            IMLoginRes first = client.connectAndWait(Duration.ofSeconds(20));
            assertThat(first.hasTtSessionToken()).isTrue();
            assertThat(client.sessionToken()).isEqualTo(first.getTtSessionToken());
            MsgServer home = a.sessions().isOnline(1) ? a : b;
            MsgServer other = home == a ? b : a;
            assertThat(home.stats().passwordChecks.sum()).isEqualTo(1);
            assertThat(other.stats().passwordChecks.sum()).isZero();

            home.close();
            TeamTalkClient c = client;
            await("logged in again on the other msg-server").atMost(Duration.ofSeconds(60))
                    .until(() -> other.sessions().isOnline(1) && c.state() == ClientState.LOGGED_IN);
            assertThat(other.stats().loginsByToken.sum()).isEqualTo(1);
            assertThat(other.stats().passwordChecks.sum()).as("no password check on re-home").isZero();
            assertThat(other.stats().tokensRefused.sum()).isZero();
            // (the same bytes when issued within the same second: expiry has second granularity)
            assertThat(other.stats().tokensIssued.sum()).as("a fresh token from the new server").isEqualTo(1);
            assertThat(client.sessionToken()).isNotNull();
        } finally {
            if (client != null) {
                client.close();
            }
            a.close();
            b.close();
        }
    }

    @Test
    void forgedAndMisusedTokensAreRefused() throws Exception {
        MsgServer s = MsgServer.start(config("ms-token-c"));
        try {
            TestBed.awaitDbLink(s);
            ByteString token;
            try (RawClient c = new RawClient(s.port())) {
                IMLoginRes res = c.login("alice", "alice-pw", ClientType.CLIENT_TYPE_WINDOWS);
                assertThat(res.getResultCode()).isEqualTo(ResultType.REFUSE_REASON_NONE);
                token = res.getTtSessionToken();
            }
            long checks = s.stats().passwordChecks.sum();

            assertThat(loginWithToken(s, "alice", token).getResultCode()).as("the real token")
                    .isEqualTo(ResultType.REFUSE_REASON_NONE);
            byte[] forged = token.toByteArray();
            forged[8] = 2; // bob's user id, alice's signature
            IMLoginRes res = loginWithToken(s, "alice", ByteString.copyFrom(forged));
            assertThat(res.getResultCode()).isEqualTo(ResultType.REFUSE_REASON_DB_VALIDATE_FAILED);
            assertThat(res.hasUserInfo()).isFalse();
            assertThat(loginWithToken(s, "bob", token).getResultCode()).as("alice's token with bob's name")
                    .isEqualTo(ResultType.REFUSE_REASON_DB_VALIDATE_FAILED);
            assertThat(s.stats().passwordChecks.sum()).as("no password check for any of them").isEqualTo(checks);
            assertThat(s.stats().loginsByToken.sum()).isEqualTo(1);
            assertThat(s.stats().tokensRefused.sum()).isEqualTo(2);
        } finally {
            s.close();
        }
    }

    private static IMLoginRes loginWithToken(MsgServer s, String name, ByteString token) throws Exception {
        try (RawClient c = new RawClient(s.port())) {
            c.send(CommandId.CID_LOGIN_REQ_USERLOGIN, IMLoginReq.newBuilder().setUserName(name).setPassword("")
                    .setOnlineStatus(UserStatType.USER_STATUS_ONLINE).setClientType(ClientType.CLIENT_TYPE_MAC)
                    .setTtSessionToken(token).build());
            return c.expect(CommandId.CID_LOGIN_RES_USERLOGIN, IMLoginRes.parser());
        }
    }
}
