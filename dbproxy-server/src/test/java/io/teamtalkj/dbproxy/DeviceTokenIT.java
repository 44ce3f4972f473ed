package io.teamtalkj.dbproxy;

import static io.teamtalkj.dbproxy.testing.DirectoryRows.call;
import static io.teamtalkj.dbproxy.testing.DirectoryRows.user;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.mogujie.tt.protobuf.IMBaseDefine.ClientType;
import com.mogujie.tt.protobuf.IMBaseDefine.UserTokenInfo;
import com.mogujie.tt.protobuf.IMLogin.IMDeviceTokenReq;
import com.mogujie.tt.protobuf.IMLogin.IMDeviceTokenRsp;
import com.mogujie.tt.protobuf.IMServer.IMGetDeviceTokenReq;
import com.mogujie.tt.protobuf.IMServer.IMGetDeviceTokenRsp;
import io.teamtalkj.dbproxy.storage.RedisKeys;
import io.teamtalkj.dbproxy.core.DbContext;
import io.teamtalkj.dbproxy.handler.GetDeviceTokenHandler;
import io.teamtalkj.dbproxy.storage.DeviceTokenTable;
import io.teamtalkj.dbproxy.testing.DbProxyFixture;
import io.teamtalkj.dbproxy.testing.EmbeddedStorage;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.PushCommandId;
import io.teamtalkj.pdu.push.DeviceStateReq;
import io.teamtalkj.pdu.push.IMPushSettingsReq;
import io.teamtalkj.pdu.push.RemoveDeviceTokenReq;
import io.teamtalkj.pdu.push.RemoveDeviceTokenRsp;
import io.teamtalkj.pdu.push.IMPushSettingsRsp;
import io.teamtalkj.testing.PduTestClient;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.api.RedissonClient;

@Timeout(value = 2, unit = TimeUnit.MINUTES)
class DeviceTokenIT {
    @RegisterExtension
    final DbProxyFixture db = new DbProxyFixture();

    private RedissonClient redis;
    private int seq = 1;

    @BeforeEach
    void start() throws Exception {
        redis = db.redis();
    }

    private String get(String key) {
        return redis.<String>getBucket(key).get();
    }

    private void setToken(PduTestClient client, int user, String token, ClientType type) throws Exception {
        IMDeviceTokenReq.Builder req = IMDeviceTokenReq.newBuilder().setUserId(user).setDeviceToken(token)
                .setAttachData(ByteString.copyFromUtf8("t" + seq));
        if (type != null) {
            req.setClientType(type);
        }
        int s = seq++;
        IMDeviceTokenRsp rsp = call(client, CommandId.CID_LOGIN_REQ_DEVICETOKEN, s, req.build(),
                CommandId.CID_LOGIN_RES_DEVICETOKEN, IMDeviceTokenRsp.parser());
        assertThat(rsp.getUserId()).isEqualTo(user);
        assertThat(rsp.getAttachData().toStringUtf8()).isEqualTo("t" + s);
    }

    @Test
    void tokensAreStoredMovedBetweenUsersAndClearedOnLogout() throws Exception {
        try (PduTestClient client = PduTestClient.connect(db.port())) {
            setToken(client, 1, "tokA", ClientType.CLIENT_TYPE_IOS);
            assertThat(get("device_1")).isEqualTo("ios:tokA");
            assertThat(get("device_tokA")).isEqualTo("1");

            // a new token of the same user: the old one no longer points at him
            setToken(client, 1, "tokB", ClientType.CLIENT_TYPE_ANDROID);
            assertThat(get("device_1")).isEqualTo("android:tokB");
            assertThat(get("device_tokB")).isEqualTo("1");
            assertThat(get("device_tokA")).isNull();

            // the phone logs into another account: user 1 must not get pushes on it any more
            setToken(client, 2, "tokB", ClientType.CLIENT_TYPE_IOS);
            assertThat(get("device_2")).isEqualTo("ios:tokB");
            assertThat(get("device_tokB")).isEqualTo("2");
            assertThat(get("device_1")).isNull();

            // user 1 logging out elsewhere does not tear the token from user 2
            setToken(client, 1, "", ClientType.CLIENT_TYPE_ANDROID);
            assertThat(get("device_tokB")).isEqualTo("2");
            assertThat(get("device_2")).isEqualTo("ios:tokB");

            // user 2 logs out: both entries go
            setToken(client, 2, "", ClientType.CLIENT_TYPE_IOS);
            assertThat(get("device_2")).isNull();
            assertThat(get("device_tokB")).isNull();

            // other client types store the bare token
            setToken(client, 3, "pc-token", ClientType.CLIENT_TYPE_WINDOWS);
            assertThat(get("device_3")).isEqualTo("pc-token");
            assertThat(get("device_pc-token")).isEqualTo("3");
            setToken(client, 4, "no-type", null);
            assertThat(get("device_4")).isEqualTo("no-type");

            // unusable tokens are answered but not stored: digits only would overwrite device_<uid> of user 5
            setToken(client, 5, "i-am-5", ClientType.CLIENT_TYPE_IOS);
            setToken(client, 6, "5", ClientType.CLIENT_TYPE_IOS);
            assertThat(get("device_5")).isEqualTo("ios:i-am-5");
            assertThat(get("device_6")).isNull();
            setToken(client, 6, "has space", ClientType.CLIENT_TYPE_IOS);
            setToken(client, 6, "x".repeat(300), ClientType.CLIENT_TYPE_IOS);
            assertThat(get("device_6")).isNull();
        }
    }

    @Test
    void getDeviceTokensReturnsPushTargetsWithUnreadTotals() throws Exception {
        user(db.config(), 1, "ios-user", "pw", "1", 0, 100);
        user(db.config(), 2, "android-user", "pw", "1", 0, 100);
        user(db.config(), 7, "ios-quiet", "pw", "1", 0, 100);
        EmbeddedStorage.execute(db.config(), "UPDATE IMUser SET push_shield_status=1 WHERE id IN (2, 7)");
        redis.getBucket("device_1").set("ios:apns1");
        redis.getBucket("device_2").set("android:fcm2");
        redis.getBucket("device_3").set("bare3");
        redis.getBucket("device_7").set("ios:apns7");
        redis.<String, String>getMap(RedisKeys.unread(1)).putAll(Map.of("0", "0", "10", "2", "11", "3"));
        redis.<String, String>getMap(RedisKeys.unread(7)).putAll(Map.of("10", "4", "12", "junk"));

        try (PduTestClient client = PduTestClient.connect(db.port())) {
            IMGetDeviceTokenReq req = IMGetDeviceTokenReq.newBuilder().addAllUserId(List.of(1, 2, 3, 4, 1, 7))
                    .setAttachData(ByteString.copyFromUtf8("msgdata")).build();
            boolean nightBefore = isNightNow();
            IMGetDeviceTokenRsp rsp = call(client, CommandId.CID_OTHER_GET_DEVICE_TOKEN_REQ, 5, req,
                    CommandId.CID_OTHER_GET_DEVICE_TOKEN_RSP, IMGetDeviceTokenRsp.parser());
            boolean nightAfter = isNightNow();
            assertThat(rsp.getAttachData().toStringUtf8()).isEqualTo("msgdata");
            List<UserTokenInfo> infos = rsp.getUserTokenInfoList();
            // no bare tokens, no users without a token, no duplicates; user 7 (iOS, do-not-disturb) only by day
            assertThat(infos).extracting(UserTokenInfo::getUserId).startsWith(1, 2).doesNotContain(3, 4);
            if (nightBefore == nightAfter) {
                assertThat(infos).extracting(UserTokenInfo::getUserId)
                        .containsExactlyElementsOf(nightBefore ? List.of(1, 2) : List.of(1, 2, 7));
            }
            UserTokenInfo ios = infos.get(0);
            assertThat(ios.getUserType()).isEqualTo(ClientType.CLIENT_TYPE_IOS);
            assertThat(ios.getToken()).isEqualTo("apns1");
            assertThat(ios.getPushCount()).isEqualTo(5);
            assertThat(ios.getPushType()).isEqualTo(1);
            UserTokenInfo android = infos.get(1);
            assertThat(android.getUserType()).isEqualTo(ClientType.CLIENT_TYPE_ANDROID);
            assertThat(android.getToken()).isEqualTo("fcm2");
            assertThat(android.getPushCount()).isZero();

            IMGetDeviceTokenRsp empty = call(client, CommandId.CID_OTHER_GET_DEVICE_TOKEN_REQ, 6,
                    IMGetDeviceTokenReq.newBuilder().setAttachData(ByteString.copyFromUtf8("e")).build(),
                    CommandId.CID_OTHER_GET_DEVICE_TOKEN_RSP, IMGetDeviceTokenRsp.parser());
            assertThat(empty.getUserTokenInfoCount()).isZero();
            assertThat(empty.getAttachData().toStringUtf8()).isEqualTo("e");
        }

        // the do-not-disturb rule with a fixed clock: only iOS users who turned it on, only 22:00-07:00
        GetDeviceTokenHandler handler = new GetDeviceTokenHandler();
        IMGetDeviceTokenReq req = IMGetDeviceTokenReq.newBuilder().addAllUserId(List.of(1, 2, 7)).build();
        for (int hour : new int[] {23, 3}) {
            DbContext night = new DbContext(db.config(), db.server().context().storage(), () -> localTime(hour));
            IMGetDeviceTokenRsp rsp = (IMGetDeviceTokenRsp) handler.handle(req, night).message();
            assertThat(rsp.getUserTokenInfoList()).extracting(UserTokenInfo::getUserId).as("hour %d", hour)
                    .containsExactly(1, 2);
            assertThat(rsp.getUserTokenInfo(1).getPushCount()).isZero();
        }
        for (int hour : new int[] {7, 12, 21}) {
            DbContext day = new DbContext(db.config(), db.server().context().storage(), () -> localTime(hour));
            IMGetDeviceTokenRsp rsp = (IMGetDeviceTokenRsp) handler.handle(req, day).message();
            assertThat(rsp.getUserTokenInfoList()).extracting(UserTokenInfo::getUserId).as("hour %d", hour)
                    .containsExactly(1, 2, 7);
            assertThat(rsp.getUserTokenInfo(2).getPushCount()).isEqualTo(4);
        }
    }

    private void deviceToken(PduTestClient client, int user, String device, String token) throws Exception {
        IMDeviceTokenReq req = IMDeviceTokenReq.newBuilder().setUserId(user).setDeviceToken(token)
                .setClientType(ClientType.CLIENT_TYPE_IOS).setTtDeviceId(device).build();
        call(client, CommandId.CID_LOGIN_REQ_DEVICETOKEN, seq++, req, CommandId.CID_LOGIN_RES_DEVICETOKEN,
                IMDeviceTokenRsp.parser());
    }

    /** Sends a phone state (no answer); a later request of the same user is served after it. */
    private void phone(PduTestClient client, int user, String device, DeviceStateReq.State state, String connection,
                       boolean login) throws Exception {
        client.send(PushCommandId.CID_INTERNAL_DEVICE_STATE_REQ, seq++, DeviceStateReq.newBuilder().setUserId(user)
                .setDeviceId(device).setState(state).setConnectionId(connection).setLogin(login).build());
    }

    /** device id -> tt_device_state of the user's push targets (the TeamTalk-J request). */
    private Map<String, Integer> devices(PduTestClient client, int user) throws Exception {
        IMGetDeviceTokenRsp rsp = call(client, CommandId.CID_OTHER_GET_DEVICE_TOKEN_REQ, seq++,
                IMGetDeviceTokenReq.newBuilder().addUserId(user).setTtReportQuiet(true).build(),
                CommandId.CID_OTHER_GET_DEVICE_TOKEN_RSP, IMGetDeviceTokenRsp.parser());
        Map<String, Integer> out = new java.util.TreeMap<>();
        for (UserTokenInfo t : rsp.getUserTokenInfoList()) {
            assertThat(t.getUserId()).isEqualTo(user);
            out.put(t.getTtDeviceId() + "=" + t.getToken(), t.getTtDeviceState());
        }
        return out;
    }

    @Test
    void eachDeviceKeepsItsTokenAndThePhoneStateFollowsTheNewestConnection() throws Exception {
        try (PduTestClient client = PduTestClient.connect(db.port())) {
            deviceToken(client, 21, "phone-a", "tokA");
            deviceToken(client, 21, "pad-b", "tokB");
            assertThat(devices(client, 21)).isEqualTo(Map.of("pad-b=tokB", 0, "phone-a=tokA", 0));
            // the same device registers a fresh token: replaced, not added
            deviceToken(client, 21, "phone-a", "tokA2");
            assertThat(devices(client, 21)).isEqualTo(Map.of("pad-b=tokB", 0, "phone-a=tokA2", 0));

            // phone-a connects (foreground), goes to the background; a stale report of an older connection is ignored
            phone(client, 21, "phone-a", DeviceStateReq.State.FOREGROUND, "ms1#1", true);
            assertThat(devices(client, 21)).isEqualTo(Map.of("pad-b=tokB", 0, "phone-a=tokA2", 1));
            phone(client, 21, "phone-a", DeviceStateReq.State.BACKGROUND, "ms1#1", false);
            assertThat(devices(client, 21)).isEqualTo(Map.of("pad-b=tokB", 0, "phone-a=tokA2", 2));
            phone(client, 21, "phone-a", DeviceStateReq.State.FOREGROUND, "ms0#9", false);
            assertThat(devices(client, 21)).containsEntry("phone-a=tokA2", 2);

            // pad-b logs in on another msg-server (kicking phone-a); phone-a's late goodbye does not erase it
            phone(client, 21, "pad-b", DeviceStateReq.State.FOREGROUND, "ms2#1", true);
            phone(client, 21, "phone-a", DeviceStateReq.State.DISCONNECTED, "ms1#1", false);
            assertThat(devices(client, 21)).isEqualTo(Map.of("pad-b=tokB", 1, "phone-a=tokA2", 0));
            phone(client, 21, "pad-b", DeviceStateReq.State.DISCONNECTED, "ms2#1", false);
            assertThat(devices(client, 21)).isEqualTo(Map.of("pad-b=tokB", 0, "phone-a=tokA2", 0));

            // the pad changes hands: its token leaves user 21; logging phone-a out leaves user 21 nothing
            deviceToken(client, 22, "pad-b", "tokB");
            assertThat(devices(client, 21)).isEqualTo(Map.of("phone-a=tokA2", 0));
            assertThat(devices(client, 22)).isEqualTo(Map.of("pad-b=tokB", 0));
            deviceToken(client, 21, "phone-a", "");
            assertThat(devices(client, 21)).isEmpty();

            // the push service calls user 22's token dead
            RemoveDeviceTokenRsp removed = call(client, PushCommandId.CID_INTERNAL_REMOVE_DEVICE_TOKEN_REQ, seq++,
                    RemoveDeviceTokenReq.newBuilder().setUserId(22).setToken("tokB").build(),
                    PushCommandId.CID_INTERNAL_REMOVE_DEVICE_TOKEN_RSP, RemoveDeviceTokenRsp.parser());
            assertThat(removed.getRemoved()).isTrue();
            assertThat(devices(client, 22)).isEmpty();

            // a client inventing a device id per login: at most 10 devices stay, the newest among them
            for (int i = 0; i < 12; i++) {
                deviceToken(client, 24, String.format("dev-%02d", i), "tok24-" + i);
            }
            assertThat(devices(client, 24)).hasSize(DeviceTokenTable.MAX_DEVICES_PER_USER).containsKey("dev-11=tok24-11");

            // a lookup that names a conversation's ordering key is served in that conversation's order
            assertThat(new GetDeviceTokenHandler().orderingKey(IMGetDeviceTokenReq.newBuilder().addUserId(21)
                    .setTtOrderingKey(io.teamtalkj.pdu.Conversations.pair(21, 22)).build()))
                    .isEqualTo(io.teamtalkj.pdu.Conversations.pair(21, 22));

            // a token only in TeamTalk's Redis key (written before the table existed) still counts, as its platform
            redis.getBucket("device_23").set("android:legacy23");
            assertThat(devices(client, 23)).isEqualTo(Map.of("android=legacy23", 0));
        }
    }

    private IMPushSettingsRsp settings(PduTestClient client, IMPushSettingsReq req) throws Exception {
        return call(client, PushCommandId.CID_PUSH_SETTINGS_REQ, seq++, req, PushCommandId.CID_PUSH_SETTINGS_RSP,
                IMPushSettingsRsp.parser());
    }

    @Test
    void doNotDisturbFollowsEachUsersOwnWindowAndZone() throws Exception {
        user(db.config(), 11, "tokyo", "pw", "1", 0, 100);
        user(db.config(), 12, "new-york", "pw", "1", 0, 100);
        user(db.config(), 13, "no-shield", "pw", "1", 0, 100);
        EmbeddedStorage.execute(db.config(), "UPDATE IMUser SET push_shield_status=1 WHERE id IN (11, 12)");
        redis.getBucket("device_11").set("ios:apns11");
        redis.getBucket("device_12").set("android:fcm12");
        redis.getBucket("device_13").set("ios:apns13");
        try (PduTestClient client = PduTestClient.connect(db.port())) {
            IMPushSettingsRsp tokyo = settings(client, IMPushSettingsReq.newBuilder().setUserId(11).setTimeZone("Asia/Tokyo")
                    .setDndStartMinute(22 * 60).setDndEndMinute(8 * 60).build());
            assertThat(tokyo.getResultCode()).isZero();
            assertThat(tokyo.getPushShield()).isTrue();
            settings(client, IMPushSettingsReq.newBuilder().setUserId(12).setTimeZone("America/New_York").build());
            IMPushSettingsRsp asked = settings(client, IMPushSettingsReq.newBuilder().setUserId(12).build());
            assertThat(asked.getTimeZone()).isEqualTo("America/New_York");
            assertThat(asked.getDndStartMinute()).isEqualTo(22 * 60);
            assertThat(asked.getDndEndMinute()).isEqualTo(8 * 60);
            IMPushSettingsRsp badZone = settings(client, IMPushSettingsReq.newBuilder().setUserId(12).setTimeZone("Mars/Olympus").build());
            assertThat(badZone.getResultCode()).isEqualTo(1);
            assertThat(badZone.getReason()).contains("unknown time zone");
            IMPushSettingsRsp badMinute = settings(client, IMPushSettingsReq.newBuilder().setUserId(12).setDndEndMinute(1440).build());
            assertThat(badMinute.getResultCode()).isEqualTo(1);
            assertThat(settings(client, IMPushSettingsReq.newBuilder().setUserId(12).build()).getDndEndMinute()).isEqualTo(8 * 60);
        }
        GetDeviceTokenHandler handler = new GetDeviceTokenHandler();
        IMGetDeviceTokenReq req = IMGetDeviceTokenReq.newBuilder().addAllUserId(List.of(11, 12, 13)).setTtReportQuiet(true).build();
        // 14:30 UTC: 23:30 in Tokyo (inside its window), 10:30 in New York (outside)
        int afternoonUtc = (int) java.time.ZonedDateTime.of(2026, 6, 1, 14, 30, 0, 0, ZoneId.of("UTC")).toEpochSecond();
        IMGetDeviceTokenRsp rsp = (IMGetDeviceTokenRsp) handler.handle(req,
                new DbContext(db.config(), db.server().context().storage(), () -> afternoonUtc)).message();
        assertThat(rsp.getUserTokenInfoList()).extracting(UserTokenInfo::getUserId).containsExactly(11, 12, 13);
        assertThat(rsp.getTtQuietUserIdsList()).containsExactly(11);
        // 04:00 UTC: 13:00 in Tokyo, 00:00 in New York; the user without the shield is never quiet
        int nightInNewYork = (int) java.time.ZonedDateTime.of(2026, 6, 1, 4, 0, 0, 0, ZoneId.of("UTC")).toEpochSecond();
        rsp = (IMGetDeviceTokenRsp) handler.handle(req,
                new DbContext(db.config(), db.server().context().storage(), () -> nightInNewYork)).message();
        assertThat(rsp.getUserTokenInfoList()).extracting(UserTokenInfo::getUserId).containsExactly(11, 12, 13);
        assertThat(rsp.getTtQuietUserIdsList()).containsExactly(12);
    }

    private static int localTime(int hour) {
        return (int) LocalDate.now().atTime(hour, 30).atZone(ZoneId.systemDefault()).toEpochSecond();
    }

    private static boolean isNightNow() {
        int hour = java.time.LocalTime.now().getHour();
        return hour >= 22 || hour < 7;
    }
}
