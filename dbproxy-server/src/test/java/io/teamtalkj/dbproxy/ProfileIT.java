package io.teamtalkj.dbproxy;

import static io.teamtalkj.dbproxy.testing.DirectoryRows.call;
import static io.teamtalkj.dbproxy.testing.DirectoryRows.number;
import static io.teamtalkj.dbproxy.testing.DirectoryRows.string;
import static io.teamtalkj.dbproxy.testing.DirectoryRows.user;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.mogujie.tt.protobuf.IMBuddy.IMChangeAvatarReq;
import com.mogujie.tt.protobuf.IMBuddy.IMChangeAvatarRsp;
import com.mogujie.tt.protobuf.IMBuddy.IMChangeSignInfoReq;
import com.mogujie.tt.protobuf.IMBuddy.IMChangeSignInfoRsp;
import com.mogujie.tt.protobuf.IMLogin.IMPushShieldReq;
import com.mogujie.tt.protobuf.IMLogin.IMPushShieldRsp;
import com.mogujie.tt.protobuf.IMLogin.IMQueryPushShieldReq;
import com.mogujie.tt.protobuf.IMLogin.IMQueryPushShieldRsp;
import io.teamtalkj.dbproxy.testing.DbProxyFixture;
import io.teamtalkj.dbproxy.testing.EmbeddedStorage;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.testing.PduTestClient;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ProfileIT {
    @RegisterExtension
    final DbProxyFixture db = new DbProxyFixture();

    private int seq = 1;

    private IMChangeSignInfoRsp sign(PduTestClient client, int user, String text) throws Exception {
        IMChangeSignInfoReq req = IMChangeSignInfoReq.newBuilder().setUserId(user).setSignInfo(text)
                .setAttachData(ByteString.copyFromUtf8("s")).build();
        IMChangeSignInfoRsp rsp = call(client, CommandId.CID_BUDDY_LIST_CHANGE_SIGN_INFO_REQUEST, seq++, req,
                CommandId.CID_BUDDY_LIST_CHANGE_SIGN_INFO_RESPONSE, IMChangeSignInfoRsp.parser());
        assertThat(rsp.getUserId()).isEqualTo(user);
        assertThat(rsp.getAttachData().toStringUtf8()).isEqualTo("s");
        return rsp;
    }

    private IMChangeAvatarRsp avatar(PduTestClient client, int user, String url) throws Exception {
        IMChangeAvatarReq req = IMChangeAvatarReq.newBuilder().setUserId(user).setAvatarUrl(url)
                .setAttachData(ByteString.copyFromUtf8("v")).build();
        IMChangeAvatarRsp rsp = call(client, CommandId.CID_BUDDY_LIST_CHANGE_AVATAR_REQUEST, seq++, req,
                CommandId.CID_BUDDY_LIST_CHANGE_AVATAR_RESPONSE, IMChangeAvatarRsp.parser());
        assertThat(rsp.getUserId()).isEqualTo(user);
        assertThat(rsp.getAttachData().toStringUtf8()).isEqualTo("v");
        return rsp;
    }

    private IMPushShieldRsp shield(PduTestClient client, int user, int status) throws Exception {
        IMPushShieldReq req = IMPushShieldReq.newBuilder().setUserId(user).setShieldStatus(status)
                .setAttachData(ByteString.copyFromUtf8("p")).build();
        IMPushShieldRsp rsp = call(client, CommandId.CID_LOGIN_REQ_PUSH_SHIELD, seq++, req,
                CommandId.CID_LOGIN_RES_PUSH_SHIELD, IMPushShieldRsp.parser());
        assertThat(rsp.getUserId()).isEqualTo(user);
        assertThat(rsp.getAttachData().toStringUtf8()).isEqualTo("p");
        return rsp;
    }

    private IMQueryPushShieldRsp queryShield(PduTestClient client, int user) throws Exception {
        IMQueryPushShieldReq req = IMQueryPushShieldReq.newBuilder().setUserId(user)
                .setAttachData(ByteString.copyFromUtf8("q")).build();
        IMQueryPushShieldRsp rsp = call(client, CommandId.CID_LOGIN_REQ_QUERY_PUSH_SHIELD, seq++, req,
                CommandId.CID_LOGIN_RES_QUERY_PUSH_SHIELD, IMQueryPushShieldRsp.parser());
        assertThat(rsp.getUserId()).isEqualTo(user);
        assertThat(rsp.getAttachData().toStringUtf8()).isEqualTo("q");
        return rsp;
    }

    @Test
    void signInfoIsStoredLiterallyAndBumpsUpdated() throws Exception {
        user(db.config(), 1, "alice", "pw", "1", 0, 100);
        user(db.config(), 2, "bob", "pw", "1", 0, 100);
        String nasty = "'); UPDATE IMUser SET sign_info='pwned'; -- \\\" %_ `x`";
        long before = System.currentTimeMillis() / 1000;
        try (PduTestClient client = PduTestClient.connect(db.port())) {
            IMChangeSignInfoRsp ok = sign(client, 1, nasty);
            assertThat(ok.getResultCode()).isZero();
            assertThat(ok.getSignInfo()).isEqualTo(nasty);
            assertThat(string(db.config(), "SELECT sign_info FROM IMUser WHERE id=1")).isEqualTo(nasty);
            assertThat(string(db.config(), "SELECT sign_info FROM IMUser WHERE id=2")).isEqualTo("sign2");
            assertThat(number(db.config(), "SELECT updated FROM IMUser WHERE id=1")).isGreaterThanOrEqualTo(before);

            // 128 characters fit (multi-byte ones too), 129 do not and change nothing
            String cjk = "签".repeat(128);
            assertThat(sign(client, 1, cjk).getResultCode()).isZero();
            assertThat(string(db.config(), "SELECT sign_info FROM IMUser WHERE id=1")).isEqualTo(cjk);
            EmbeddedStorage.execute(db.config(), "UPDATE IMUser SET updated=100 WHERE id=1");
            IMChangeSignInfoRsp tooLong = sign(client, 1, "x".repeat(129));
            assertThat(tooLong.getResultCode()).isEqualTo(1);
            assertThat(tooLong.hasSignInfo()).isFalse();
            assertThat(string(db.config(), "SELECT sign_info FROM IMUser WHERE id=1")).isEqualTo(cjk);
            assertThat(number(db.config(), "SELECT updated FROM IMUser WHERE id=1")).isEqualTo(100);

            // clearing is allowed; an unknown user is not
            assertThat(sign(client, 1, "").getResultCode()).isZero();
            assertThat(string(db.config(), "SELECT sign_info FROM IMUser WHERE id=1")).isEmpty();
            assertThat(sign(client, 777, "hi").getResultCode()).isEqualTo(1);
            assertThat(number(db.config(), "SELECT COUNT(*) FROM IMUser")).isEqualTo(2);
        }
    }

    @Test
    void avatarAndPushShieldAreStoredAndAnswered() throws Exception {
        user(db.config(), 1, "alice", "pw", "1", 0, 100);
        try (PduTestClient client = PduTestClient.connect(db.port())) {
            String url = "http://img.example.com/a'b\".png";
            assertThat(avatar(client, 1, url).getResultCode()).isZero();
            assertThat(string(db.config(), "SELECT avatar FROM IMUser WHERE id=1")).isEqualTo(url);
            assertThat(number(db.config(), "SELECT updated FROM IMUser WHERE id=1")).isGreaterThan(100);
            assertThat(avatar(client, 1, "h".repeat(256)).getResultCode()).isEqualTo(1);
            assertThat(string(db.config(), "SELECT avatar FROM IMUser WHERE id=1")).isEqualTo(url);
            assertThat(avatar(client, 1, "h".repeat(255)).getResultCode()).isZero();
            assertThat(avatar(client, 404, url).getResultCode()).isEqualTo(1);

            IMQueryPushShieldRsp initial = queryShield(client, 1);
            assertThat(initial.getResultCode()).isZero();
            assertThat(initial.getShieldStatus()).isZero();

            IMPushShieldRsp on = shield(client, 1, 1);
            assertThat(on.getResultCode()).isZero();
            assertThat(on.getShieldStatus()).isEqualTo(1);
            assertThat(number(db.config(), "SELECT push_shield_status FROM IMUser WHERE id=1")).isEqualTo(1);
            assertThat(queryShield(client, 1).getShieldStatus()).isEqualTo(1);
            // setting the same value again is still a success
            assertThat(shield(client, 1, 1).getResultCode()).isZero();

            IMPushShieldRsp invalid = shield(client, 1, 2);
            assertThat(invalid.getResultCode()).isEqualTo(1);
            assertThat(invalid.hasShieldStatus()).isFalse();
            assertThat(number(db.config(), "SELECT push_shield_status FROM IMUser WHERE id=1")).isEqualTo(1);

            assertThat(shield(client, 1, 0).getResultCode()).isZero();
            assertThat(queryShield(client, 1).getShieldStatus()).isZero();

            assertThat(shield(client, 404, 1).getResultCode()).isEqualTo(1);
            IMQueryPushShieldRsp unknown = queryShield(client, 404);
            assertThat(unknown.getResultCode()).isEqualTo(1);
            assertThat(unknown.hasShieldStatus()).isFalse();
        }
    }
}
