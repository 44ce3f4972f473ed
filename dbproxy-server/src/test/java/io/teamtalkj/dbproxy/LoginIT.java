package io.teamtalkj.dbproxy;

import static io.teamtalkj.dbproxy.testing.DirectoryRows.call;
import static io.teamtalkj.dbproxy.testing.DirectoryRows.string;
import static io.teamtalkj.dbproxy.testing.DirectoryRows.user;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.mogujie.tt.protobuf.IMBaseDefine.UserInfo;
import com.mogujie.tt.protobuf.IMServer.IMValidateReq;
import com.mogujie.tt.protobuf.IMServer.IMValidateRsp;
import io.teamtalkj.dbproxy.storage.Passwords;
import io.teamtalkj.dbproxy.storage.RedisKeys;
import io.teamtalkj.dbproxy.testing.DbProxyFixture;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.testing.PduTestClient;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.api.RScoredSortedSet;
import org.redisson.api.RedissonClient;
import org.redisson.client.protocol.ScoredEntry;

@Timeout(value = 2, unit = TimeUnit.MINUTES)
class LoginIT {
    private static final String WRONG_TEXT = "用户名/密码错误";

    @RegisterExtension
    final DbProxyFixture db = new DbProxyFixture();

    private DbProxyServer second;

    @AfterEach
    void stop() {
        if (second != null) {
            second.close();
        }
    }

    private static int seq = 1;

    static IMValidateRsp validate(PduTestClient client, String name, String plainPassword) throws Exception {
        IMValidateReq req = IMValidateReq.newBuilder().setUserName(name)
                .setPassword(Passwords.clientDigest(plainPassword)).build();
        IMValidateRsp rsp = call(client, CommandId.CID_OTHER_VALIDATE_REQ, seq++, req, CommandId.CID_OTHER_VALIDATE_RSP,
                IMValidateRsp.parser());
        assertThat(rsp.getUserName()).isEqualTo(name);
        return rsp;
    }

    @Test
    void teamTalkRowLogsInIsUpgradedToPbkdf2AndWrongCredentialsLookAlike() throws Exception {
        user(db.config(), 1, "alice", "secret", "1234", 0, 1000);
        user(db.config(), 2, "gone", "secret", "99", 3, 1000);
        String teamTalkRow = string(db.config(), "SELECT password FROM IMUser WHERE id=1");
        assertThat(teamTalkRow).isEqualTo(Passwords.md5Hex(Passwords.md5Hex("secret") + "1234"));

        try (PduTestClient client = PduTestClient.connect(db.port())) {
            IMValidateReq req = IMValidateReq.newBuilder().setUserName("alice")
                    .setPassword(Passwords.clientDigest("secret"))
                    .setAttachData(ByteString.copyFromUtf8("conn-42")).build();
            IMValidateRsp ok = call(client, CommandId.CID_OTHER_VALIDATE_REQ, 77, req, CommandId.CID_OTHER_VALIDATE_RSP,
                    IMValidateRsp.parser());
            assertThat(ok.getResultCode()).isZero();
            assertThat(ok.getUserName()).isEqualTo("alice");
            assertThat(ok.getAttachData().toStringUtf8()).isEqualTo("conn-42");
            UserInfo info = ok.getUserInfo();
            assertThat(info.getUserId()).isEqualTo(1);
            assertThat(info.getUserRealName()).isEqualTo("alice");
            assertThat(info.getUserNickName()).isEqualTo("nick1");
            assertThat(info.getUserGender()).isEqualTo(1);
            assertThat(info.getDepartmentId()).isEqualTo(11);
            assertThat(info.getEmail()).isEqualTo("u1@example.com");
            assertThat(info.getUserTel()).isEqualTo("13800001");
            assertThat(info.getUserDomain()).isEqualTo("dom1");
            assertThat(info.getAvatarUrl()).isEqualTo("http://img/1.png");
            assertThat(info.getSignInfo()).isEqualTo("sign1");
            assertThat(info.getStatus()).isZero();

            // the TeamTalk row was rewritten as pbkdf2 of the client digest; the salt column kept
            String upgraded = string(db.config(), "SELECT password FROM IMUser WHERE id=1");
            assertThat(upgraded).startsWith(Passwords.PREFIX);
            assertThat(Passwords.verify(Passwords.clientDigest("secret"), upgraded, "")).isTrue();
            assertThat(string(db.config(), "SELECT salt FROM IMUser WHERE id=1")).isEqualTo("1234");

            // and it keeps working (without another rewrite)
            assertThat(validate(client, "alice", "secret").getResultCode()).isZero();
            assertThat(string(db.config(), "SELECT password FROM IMUser WHERE id=1")).isEqualTo(upgraded);

            // wrong password, unknown user, a user who left: the same answer
            for (IMValidateRsp bad : new IMValidateRsp[] {
                validate(client, "alice", "Secret"),
                validate(client, "nobody", "secret"),
                validate(client, "gone", "secret"),
                validate(client, "alice ", "secret"),
                validate(client, "ALICE", "secret"),
                validate(client, "", "secret"),
                validate(client, "x".repeat(200), "secret"),
            }) {
                assertThat(bad.getResultCode()).isEqualTo(1);
                assertThat(bad.getResultString()).isEqualTo(WRONG_TEXT);
                assertThat(bad.hasUserInfo()).isFalse();
            }
            // a wrong password never upgrades a TeamTalk row
            user(db.config(), 3, "carl", "pw", "7", 0, 1000);
            assertThat(validate(client, "carl", "nope").getResultCode()).isEqualTo(1);
            assertThat(string(db.config(), "SELECT password FROM IMUser WHERE id=3")).doesNotStartWith(Passwords.PREFIX);
        }
    }

    @Test
    void sqlMetacharactersInNamesAreJustNames() throws Exception {
        String odd = "o'hara\"; -- \\ %_";
        user(db.config(), 1, "alice", "secret", "1", 0, 1000);
        user(db.config(), 2, odd, "pw2", "2", 0, 1000);
        user(db.config(), 3, "a' OR '1'='1", "pw3", "3", 0, 1000);
        try (PduTestClient client = PduTestClient.connect(db.port())) {
            assertThat(validate(client, "x' OR '1'='1", "secret").getResultCode()).isEqualTo(1);
            assertThat(validate(client, "alice' -- ", "secret").getResultCode()).isEqualTo(1);
            assertThat(validate(client, "%", "secret").getResultCode()).isEqualTo(1);
            IMValidateRsp named = validate(client, odd, "pw2");
            assertThat(named.getResultCode()).isZero();
            assertThat(named.getUserInfo().getUserId()).isEqualTo(2);
            assertThat(named.getUserInfo().getUserRealName()).isEqualTo(odd);
            IMValidateRsp injectionNamed = validate(client, "a' OR '1'='1", "pw3");
            assertThat(injectionNamed.getResultCode()).isZero();
            assertThat(injectionNamed.getUserInfo().getUserId()).isEqualTo(3);
            // that user's password does not open alice's account
            assertThat(validate(client, "alice", "pw3").getResultCode()).isEqualTo(1);
        }
    }

    @Test
    void failuresLockTheNameOnEveryDbproxyUntilTheyLeaveTheWindow() throws Exception {
        user(db.config(), 1, "bob", "right", "4321", 0, 1000);
        user(db.config(), 2, "carol", "right", "1", 0, 1000);
        user(db.config(), 3, "dave", "right", "1", 0, 1000);
        RedissonClient redis = db.redis();
        try (PduTestClient client = PduTestClient.connect(db.port())) {
            // limit 10: the 11th failure is still answered 1, after that the name is locked
            for (int i = 1; i <= 11; i++) {
                assertThat(validate(client, "bob", "wrong" + i).getResultCode()).as("failure %d", i).isEqualTo(1);
            }
            RScoredSortedSet<String> failures = redis.getScoredSortedSet(RedisKeys.loginFailures("bob"));
            assertThat(failures.size()).isEqualTo(11);
            assertThat(failures.remainTimeToLive()).isPositive();

            IMValidateRsp locked = validate(client, "bob", "wrong12");
            assertThat(locked.getResultCode()).isEqualTo(6);
            assertThat(locked.getResultString()).isEqualTo("用户名/密码错误次数太多");
            IMValidateRsp lockedRight = validate(client, "bob", "right");
            assertThat(lockedRight.getResultCode()).isEqualTo(6);
            assertThat(lockedRight.hasUserInfo()).isFalse();
            // refused attempts are not counted and did not upgrade the row
            assertThat(failures.size()).isEqualTo(11);
            assertThat(string(db.config(), "SELECT password FROM IMUser WHERE id=1")).doesNotStartWith(Passwords.PREFIX);

            // unknown names are counted the same way, so locking does not reveal which names exist
            for (int i = 1; i <= 11; i++) {
                validate(client, "ghost", "x");
            }
            assertThat(validate(client, "ghost", "x").getResultCode()).isEqualTo(6);

            // another name is not affected
            assertThat(validate(client, "carol", "right").getResultCode()).isZero();

            // a success clears the count: dave fails 10 times, logs in, then fails 11 more before the lock
            for (int i = 1; i <= 10; i++) {
                validate(client, "dave", "bad");
            }
            assertThat(validate(client, "dave", "right").getResultCode()).isZero();
            assertThat(redis.getScoredSortedSet(RedisKeys.loginFailures("dave")).isExists()).isFalse();
            for (int i = 1; i <= 11; i++) {
                assertThat(validate(client, "dave", "bad").getResultCode()).isEqualTo(1);
            }
            assertThat(validate(client, "dave", "right").getResultCode()).isEqualTo(6);
        }

        // a second dbproxy on the same MySQL and Redis enforces the same lock
        second = DbProxyServer.start(db.config());
        try (PduTestClient other = PduTestClient.connect(second.port())) {
            assertThat(validate(other, "bob", "right").getResultCode()).isEqualTo(6);

            // once the failures are older than the window, the right password works again
            RScoredSortedSet<String> failures = redis.getScoredSortedSet(RedisKeys.loginFailures("bob"));
            long old = System.currentTimeMillis() / 1000 - db.config().loginFailureWindow.toSeconds() - 5;
            Collection<ScoredEntry<String>> entries = failures.entryRange(0, -1);
            for (ScoredEntry<String> e : entries) {
                failures.add(old, e.getValue());
            }
            IMValidateRsp ok = validate(other, "bob", "right");
            assertThat(ok.getResultCode()).isZero();
            assertThat(ok.getUserInfo().getUserId()).isEqualTo(1);
            assertThat(failures.isExists()).isFalse();
        }
    }
}
