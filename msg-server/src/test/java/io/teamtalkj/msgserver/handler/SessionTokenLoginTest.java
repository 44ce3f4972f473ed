package io.teamtalkj.msgserver.handler;

import static io.teamtalkj.msgserver.fakes.FakeTier.sent;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.mogujie.tt.protobuf.IMBaseDefine.ClientType;
import com.mogujie.tt.protobuf.IMBaseDefine.ResultType;
import com.mogujie.tt.protobuf.IMBaseDefine.UserInfo;
import com.mogujie.tt.protobuf.IMBaseDefine.UserStatType;
import com.mogujie.tt.protobuf.IMBuddy.IMUsersInfoReq;
import com.mogujie.tt.protobuf.IMBuddy.IMUsersInfoRsp;
import com.mogujie.tt.protobuf.IMLogin.IMLoginReq;
import com.mogujie.tt.protobuf.IMLogin.IMLoginRes;
import com.mogujie.tt.protobuf.IMOther.IMHeartBeat;
import com.mogujie.tt.protobuf.IMServer.IMValidateRsp;
import io.netty.channel.embedded.EmbeddedChannel;
import io.teamtalkj.msgserver.fakes.FakeTier;
import io.teamtalkj.msgserver.session.ClientSession;
import io.teamtalkj.msgserver.session.SessionTokenRefresh;
import io.teamtalkj.msgserver.session.SessionTokens;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Pdu;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * Resumable login on fakes: a password login hands out a token; a token login on another
 * msg-server of the cluster reads the profile instead of asking for a password check; forged,
 * foreign and expired tokens and disabled users fall back to the password or are refused.
 */
class SessionTokenLoginTest {
    private static final String SECRET = "test-cluster-secret-0123456789";
    private static final long NOW = FakeTier.NOW.toEpochMilli();

    private static FakeTier tier(String secret) {
        FakeTier t = new FakeTier();
        t.config.sessionTokenSecret = secret;
        return t;
    }

    private static Pdu login(String password, ByteString token) {
        IMLoginReq.Builder b = IMLoginReq.newBuilder().setUserName("alice").setPassword(password)
                .setOnlineStatus(UserStatType.USER_STATUS_ONLINE).setClientType(ClientType.CLIENT_TYPE_ANDROID);
        if (token != null) {
            b.setTtSessionToken(token);
        }
        return Pdu.of(CommandId.CID_LOGIN_REQ_USERLOGIN, 5, b.build());
    }

    private static UserInfo alice(int status) {
        return UserInfo.newBuilder().setUserId(7).setUserGender(1).setUserNickName("al").setAvatarUrl("")
                .setDepartmentId(1).setEmail("").setUserRealName("Alice").setUserTel("").setUserDomain("")
                .setStatus(status).build();
    }

    private static ByteString token(String secret, long now) {
        return ByteString.copyFrom(SessionTokens.of(secret, "", Duration.ofMinutes(10)).issue(7, "alice", now));
    }

    @Test
    void aPasswordLoginCarriesATokenThatAnotherServerAcceptsWithoutAPasswordCheck() throws Exception {
        FakeTier first = tier(SECRET);
        EmbeddedChannel ch = first.connection();
        ch.writeInbound(login("md5", null));
        assertThat(first.db.only().commandId()).isEqualTo(CommandId.CID_OTHER_VALIDATE_REQ);
        first.db.only().answer(CommandId.CID_OTHER_VALIDATE_RSP, IMValidateRsp.newBuilder().setUserName("alice")
                .setResultCode(0).setUserInfo(alice(0)).build().toByteArray());
        IMLoginRes res = sent(ch, CommandId.CID_LOGIN_RES_USERLOGIN, IMLoginRes.parser());
        assertThat(res.getResultCode()).isEqualTo(ResultType.REFUSE_REASON_NONE);
        assertThat(res.hasTtSessionToken()).isTrue();
        assertThat(first.stats.passwordChecks.sum()).isEqualTo(1);
        assertThat(first.stats.tokensIssued.sum()).isEqualTo(1);

        FakeTier second = tier(SECRET);
        EmbeddedChannel again = second.connection();
        again.writeInbound(login("", res.getTtSessionToken()));
        var profile = second.db.only();
        assertThat(profile.commandId()).as("a profile read, not a password check")
                .isEqualTo(CommandId.CID_BUDDY_LIST_USER_INFO_REQUEST);
        assertThat(IMUsersInfoReq.parseFrom(profile.body()).getUserIdListList()).containsExactly(7);
        profile.answer(CommandId.CID_BUDDY_LIST_USER_INFO_RESPONSE,
                IMUsersInfoRsp.newBuilder().setUserId(7).addUserInfoList(alice(0)).build().toByteArray());
        IMLoginRes resumed = sent(again, CommandId.CID_LOGIN_RES_USERLOGIN, IMLoginRes.parser());
        assertThat(resumed.getResultCode()).isEqualTo(ResultType.REFUSE_REASON_NONE);
        assertThat(resumed.getUserInfo().getUserId()).isEqualTo(7);
        assertThat(resumed.hasTtSessionToken()).as("a fresh token").isTrue();
        assertThat(second.sessions.sessions(7)).containsExactly(ClientSession.of(again));
        assertThat(second.stats.passwordChecks.sum()).isZero();
        assertThat(second.stats.loginsByToken.sum()).isEqualTo(1);
    }

    @Test
    void aForgedTokenWithoutAPasswordIsRefusedWithoutAskingTheDatabase() throws Exception {
        FakeTier t = tier(SECRET);
        byte[] forged = token(SECRET, NOW).toByteArray();
        forged[forged.length - 1] ^= 1;
        EmbeddedChannel ch = t.connection();
        ch.writeInbound(login("", ByteString.copyFrom(forged)));
        IMLoginRes res = sent(ch, CommandId.CID_LOGIN_RES_USERLOGIN, IMLoginRes.parser());
        assertThat(res.getResultCode()).isEqualTo(ResultType.REFUSE_REASON_DB_VALIDATE_FAILED);
        assertThat(res.hasUserInfo()).isFalse();
        assertThat(t.db.requests).isEmpty();
        assertThat(ch.isActive()).isFalse();
        assertThat(t.stats.tokensRefused.sum()).isEqualTo(1);
    }

    @Test
    void foreignAndExpiredTokensFallBackToThePassword() throws Exception {
        ByteString foreign = token("some-other-cluster-secret", NOW);
        ByteString expired = token(SECRET, NOW - Duration.ofMinutes(11).toMillis());
        for (ByteString bad : new ByteString[] {foreign, expired}) {
            FakeTier t = tier(SECRET);
            EmbeddedChannel ch = t.connection();
            ch.writeInbound(login("md5", bad));
            assertThat(t.db.only().commandId()).isEqualTo(CommandId.CID_OTHER_VALIDATE_REQ);
            assertThat(t.stats.passwordChecks.sum()).isEqualTo(1);
            assertThat(t.stats.tokensRefused.sum()).isEqualTo(1);
        }
    }

    @Test
    void aDisabledUserIsNotLetInOnAToken() throws Exception {
        FakeTier t = tier(SECRET);
        EmbeddedChannel ch = t.connection();
        ch.writeInbound(login("", token(SECRET, NOW)));
        t.db.only().answer(CommandId.CID_BUDDY_LIST_USER_INFO_RESPONSE,
                IMUsersInfoRsp.newBuilder().setUserId(7).addUserInfoList(alice(1)).build().toByteArray());
        IMLoginRes res = sent(ch, CommandId.CID_LOGIN_RES_USERLOGIN, IMLoginRes.parser());
        assertThat(res.getResultCode()).isEqualTo(ResultType.REFUSE_REASON_DB_VALIDATE_FAILED);
        assertThat(t.sessions.connectionCount()).isZero();
        assertThat(t.stats.loginsByToken.sum()).isZero();

        // with the password the check decides (here: the dbproxy refuses the disabled user too)
        FakeTier u = tier(SECRET);
        EmbeddedChannel withPassword = u.connection();
        withPassword.writeInbound(login("md5", token(SECRET, NOW)));
        u.db.only().answer(CommandId.CID_BUDDY_LIST_USER_INFO_RESPONSE,
                IMUsersInfoRsp.newBuilder().setUserId(7).build().toByteArray()); // not found
        withPassword.runPendingTasks();
        assertThat(u.db.last().commandId()).isEqualTo(CommandId.CID_OTHER_VALIDATE_REQ);
        assertThat(u.stats.passwordChecks.sum()).isEqualTo(1);
    }

    @Test
    void withoutASecretNoTokenIsIssuedAndTokensAreIgnored() throws Exception {
        FakeTier t = tier("");
        EmbeddedChannel ch = t.connection();
        ch.writeInbound(login("md5", token(SECRET, NOW)));
        assertThat(t.db.only().commandId()).isEqualTo(CommandId.CID_OTHER_VALIDATE_REQ);
        t.db.only().answer(CommandId.CID_OTHER_VALIDATE_RSP, IMValidateRsp.newBuilder().setUserName("alice")
                .setResultCode(0).setUserInfo(alice(0)).build().toByteArray());
        IMLoginRes res = sent(ch, CommandId.CID_LOGIN_RES_USERLOGIN, IMLoginRes.parser());
        assertThat(res.getResultCode()).isEqualTo(ResultType.REFUSE_REASON_NONE);
        assertThat(res.hasTtSessionToken()).isFalse();
    }

    @Test
    void aHeartbeatEchoRefreshesATokenPastHalfItsLifetime() throws Exception {
        SessionTokens tokens = SessionTokens.of(SECRET, "", Duration.ofMinutes(10));
        FakeTier t = tier(SECRET);
        EmbeddedChannel ch = new EmbeddedChannel();
        ClientSession s = ClientSession.attach(ch);
        ch.pipeline().addLast(new SessionTokenRefresh(tokens, t.stats, Clock.fixed(FakeTier.NOW, ZoneOffset.UTC)));
        s.beginLogin();
        s.authenticated(7, ClientType.CLIENT_TYPE_ANDROID, UserStatType.USER_STATUS_ONLINE);
        s.loginName("alice");

        s.tokenIssued(NOW - Duration.ofMinutes(4).toMillis());
        ch.writeInbound(Pdu.ofBody(CommandId.CID_OTHER_HEARTBEAT, 9, new byte[0]));
        assertThat((Pdu) ch.readInbound()).as("young token: passed on to the plain echo").isNotNull();
        assertThat((Object) ch.readOutbound()).isNull();

        s.tokenIssued(NOW - Duration.ofMinutes(5).toMillis());
        ch.writeInbound(Pdu.ofBody(CommandId.CID_OTHER_HEARTBEAT, 10, new byte[0]));
        assertThat((Object) ch.readInbound()).isNull();
        Pdu echo = ch.readOutbound();
        assertThat(echo.seq()).isEqualTo(10);
        IMHeartBeat hb = echo.parse(IMHeartBeat.parser());
        SessionTokens.Verified v = tokens.verify(hb.getTtSessionToken().toByteArray(), "alice", NOW);
        assertThat(v.ok()).isTrue();
        assertThat(v.userId()).isEqualTo(7);
        assertThat(s.tokenIssuedMillis()).isEqualTo(NOW);
        assertThat(t.stats.tokensIssued.sum()).isEqualTo(1);
    }
}
