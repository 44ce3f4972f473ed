package io.teamtalkj.msgserver.handler;

import static io.teamtalkj.msgserver.fakes.FakeTier.sent;
import static org.assertj.core.api.Assertions.assertThat;

import com.mogujie.tt.protobuf.IMBaseDefine.ClientType;
import com.mogujie.tt.protobuf.IMBaseDefine.ResultType;
import com.mogujie.tt.protobuf.IMBaseDefine.UserInfo;
import com.mogujie.tt.protobuf.IMBaseDefine.UserStatType;
import com.mogujie.tt.protobuf.IMLogin.IMLoginReq;
import com.mogujie.tt.protobuf.IMLogin.IMLoginRes;
import com.mogujie.tt.protobuf.IMServer.IMValidateReq;
import com.mogujie.tt.protobuf.IMServer.IMValidateRsp;
import io.netty.channel.embedded.EmbeddedChannel;
import io.teamtalkj.msgserver.db.DbUnavailableException;
import io.teamtalkj.msgserver.fakes.FakeDb;
import io.teamtalkj.msgserver.fakes.FakeTier;
import io.teamtalkj.msgserver.session.ClientSession;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Pdu;
import io.teamtalkj.pdu.internal.ContactsRsp;
import org.junit.jupiter.api.Test;

/** CID_LOGIN_REQ_USERLOGIN on fakes: accepted, wrong password, no database. */
class LoginHandlerTest {
    private final FakeTier tier = new FakeTier();

    private static Pdu login(int seq) {
        return Pdu.of(CommandId.CID_LOGIN_REQ_USERLOGIN, seq, IMLoginReq.newBuilder().setUserName("alice")
                .setPassword("md5").setOnlineStatus(UserStatType.USER_STATUS_ONLINE)
                .setClientType(ClientType.CLIENT_TYPE_ANDROID).setClientVersion("test").build());
    }

    private static UserInfo alice() {
        return UserInfo.newBuilder().setUserId(7).setUserGender(1).setUserNickName("al").setAvatarUrl("")
                .setDepartmentId(1).setEmail("").setUserRealName("Alice").setUserTel("").setUserDomain("")
                .setStatus(0).build();
    }

    @Test
    void anAcceptedLoginIsRegisteredAndAnsweredWithItsSeq() throws Exception {
        EmbeddedChannel ch = tier.connection();
        ch.writeInbound(login(11));
        FakeDb.Request validate = tier.db.only();
        assertThat(validate.commandId()).isEqualTo(CommandId.CID_OTHER_VALIDATE_REQ);
        assertThat(IMValidateReq.parseFrom(validate.body()).getUserName()).isEqualTo("alice");

        validate.answer(CommandId.CID_OTHER_VALIDATE_RSP, IMValidateRsp.newBuilder().setUserName("alice").setResultCode(0)
                .setUserInfo(alice()).build().toByteArray());
        Pdu res = sent(ch);
        assertThat(res.commandId()).isEqualTo(CommandId.CID_LOGIN_RES_USERLOGIN);
        assertThat(res.seq()).isEqualTo(11);
        IMLoginRes body = res.parse(IMLoginRes.parser());
        assertThat(body.getResultCode()).isEqualTo(ResultType.REFUSE_REASON_NONE);
        assertThat(body.getUserInfo().getUserId()).isEqualTo(7);
        assertThat(body.getServerTime()).isEqualTo((int) FakeTier.NOW.getEpochSecond());
        assertThat(tier.sessions.sessions(7)).containsExactly(ClientSession.of(ch));
        assertThat(tier.stats.loginsOk.sum()).isEqualTo(1);

        // then the route-servers are told, with the contacts the dbproxy names
        tier.db.last().answer(0, ContactsRsp.newBuilder().setUserId(7).addContactIds(8).build().toByteArray());
        ch.runPendingTasks();
        assertThat(tier.relay.online).containsExactly(7);
        assertThat(ch.isActive()).isTrue();
    }

    @Test
    void aWrongPasswordIsRefusedAndTheConnectionClosed() throws Exception {
        EmbeddedChannel ch = tier.connection();
        ch.writeInbound(login(12));
        tier.db.only().answer(CommandId.CID_OTHER_VALIDATE_RSP, IMValidateRsp.newBuilder().setUserName("alice")
                .setResultCode(6).setResultString("wrong password").build().toByteArray());
        IMLoginRes res = sent(ch, CommandId.CID_LOGIN_RES_USERLOGIN, IMLoginRes.parser());
        assertThat(res.getResultCode()).isEqualTo(ResultType.REFUSE_REASON_DB_VALIDATE_FAILED);
        assertThat(res.getResultString()).isEqualTo("wrong password");
        assertThat(ch.isActive()).isFalse();
        assertThat(tier.sessions.connectionCount()).isZero();
        assertThat(tier.stats.loginsRefused.sum()).isEqualTo(1);
    }

    @Test
    void withoutADatabaseTheLoginIsRefusedWithResult3() throws Exception {
        tier.db.up = false;
        EmbeddedChannel down = tier.connection();
        down.writeInbound(login(13));
        assertThat(tier.db.requests).as("not even asked").isEmpty();
        Pdu res = sent(down);
        assertThat(res.seq()).isEqualTo(13);
        assertThat(res.parse(IMLoginRes.parser()).getResultCode()).isEqualTo(ResultType.REFUSE_REASON_NO_DB_SERVER);
        assertThat(down.isActive()).isFalse();

        tier.db.up = true;
        EmbeddedChannel failing = tier.connection();
        failing.writeInbound(login(14));
        tier.db.only().reply().completeExceptionally(new DbUnavailableException("link went down"));
        assertThat(sent(failing, CommandId.CID_LOGIN_RES_USERLOGIN, IMLoginRes.parser()).getResultCode())
                .isEqualTo(ResultType.REFUSE_REASON_NO_DB_SERVER);
        assertThat(failing.isActive()).isFalse();
    }
}
