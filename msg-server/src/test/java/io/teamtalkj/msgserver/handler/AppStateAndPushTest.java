package io.teamtalkj.msgserver.handler;

import static io.teamtalkj.msgserver.fakes.FakeTier.sent;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.mogujie.tt.protobuf.IMBaseDefine.ClientType;
import com.mogujie.tt.protobuf.IMBaseDefine.MsgType;
import com.mogujie.tt.protobuf.IMBaseDefine.UserTokenInfo;
import com.mogujie.tt.protobuf.IMMessage.IMMsgData;
import com.mogujie.tt.protobuf.IMServer.IMGetDeviceTokenReq;
import com.mogujie.tt.protobuf.IMServer.IMGetDeviceTokenRsp;
import com.mogujie.tt.protobuf.IMServer.IMPushToUserReq;
import io.netty.channel.embedded.EmbeddedChannel;
import io.teamtalkj.msgserver.fakes.FakeDb;
import io.teamtalkj.msgserver.fakes.FakeTier;
import io.teamtalkj.msgserver.push.OfflinePush;
import io.teamtalkj.msgserver.push.PushServers;
import io.teamtalkj.msgserver.session.ClientSession;
import io.teamtalkj.pdu.AttachField;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Pdu;
import io.teamtalkj.pdu.PushCommandId;
import io.teamtalkj.pdu.push.DeviceStateReq;
import io.teamtalkj.pdu.push.DeviceTargeting;
import io.teamtalkj.pdu.push.IMAppStateReport;
import io.teamtalkj.pdu.push.IMAppStateRsp;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The app-state report and the offline-push decision on fakes (no route-server answer: local presence). */
class AppStateAndPushTest {
    private final FakeTier tier = new FakeTier();
    private final List<IMPushToUserReq> pushed = new ArrayList<>();

    private void withPushServer() {
        tier.context().usePushes(new OfflinePush(tier.context(), new PushServers() {
            @Override
            public boolean send(IMPushToUserReq request) {
                pushed.add(request);
                return true;
            }

            @Override
            public boolean configured() {
                return true;
            }

            @Override
            public int upCount() {
                return 1;
            }

            @Override
            public long sent() {
                return pushed.size();
            }

            @Override
            public long notSent() {
                return 0;
            }

            @Override
            public void close() {
            }
        }));
    }

    /** The clients' encoding of a text (protocol/teamtalk.md, "Text messages"). */
    static ByteString encrypted(String text) throws Exception {
        byte[] plain = text.getBytes(StandardCharsets.UTF_8);
        int blocks = plain.length / 16 + 1 + (plain.length % 16 > 12 || plain.length % 16 == 0 ? 1 : 0);
        ByteBuffer block = ByteBuffer.allocate(blocks * 16).put(plain);
        block.putInt(block.capacity() - 4, plain.length);
        Cipher aes = Cipher.getInstance("AES/ECB/NoPadding");
        aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec("12345678901234567890123456789012".getBytes(StandardCharsets.US_ASCII), "AES"));
        return ByteString.copyFrom(Base64.getEncoder().encode(aes.doFinal(block.array())));
    }

    private void send(EmbeddedChannel from, int to, ByteString data, int storedId) {
        from.writeInbound(Pdu.of(CommandId.CID_MSG_DATA, 3, IMMsgData.newBuilder().setFromUserId(0).setToSessionId(to)
                .setMsgId(0).setCreateTime(0).setMsgType(MsgType.MSG_TYPE_SINGLE_TEXT).setMsgData(data).build()));
        FakeDb.Request store = tier.db.last();
        try {
            IMMsgData asked = IMMsgData.parseFrom(store.body());
            store.answer(CommandId.CID_MSG_DATA, AttachField.withId(asked.toBuilder().setMsgId(storedId).build().toByteArray(), 1));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        from.runPendingTasks();
    }

    @Test
    void onlyPhonesReportAnAppStateAndTheAnswerEchoesTheSeq() throws Exception {
        EmbeddedChannel phone = tier.client(2, ClientType.CLIENT_TYPE_IOS);
        phone.writeInbound(Pdu.of(PushCommandId.CID_PUSH_APP_STATE_REPORT, 11,
                IMAppStateReport.newBuilder().setState(IMAppStateReport.AppState.BACKGROUND).build()));
        Pdu rsp = sent(phone);
        assertThat(rsp.commandId()).isEqualTo(PushCommandId.CID_PUSH_APP_STATE_RSP);
        assertThat(rsp.seq()).isEqualTo(11);
        assertThat(rsp.parse(IMAppStateRsp.parser()).getResultCode()).isZero();
        assertThat(ClientSession.of(phone).foreground()).isFalse();

        EmbeddedChannel pc = tier.client(3, ClientType.CLIENT_TYPE_WINDOWS);
        pc.writeInbound(Pdu.of(PushCommandId.CID_PUSH_APP_STATE_REPORT, 12,
                IMAppStateReport.newBuilder().setState(IMAppStateReport.AppState.BACKGROUND).build()));
        assertThat(sent(pc).parse(IMAppStateRsp.parser()).getResultCode()).isEqualTo(1);
        assertThat(ClientSession.of(pc).foreground()).isTrue();
    }

    /** Answers the last request, a device-token lookup, with these tokens. */
    private void answerTokens(UserTokenInfo... tokens) throws Exception {
        FakeDb.Request lookup = tier.db.last();
        assertThat(lookup.commandId()).isEqualTo(CommandId.CID_OTHER_GET_DEVICE_TOKEN_REQ);
        assertThat(IMGetDeviceTokenReq.parseFrom(lookup.body()).getTtReportQuiet()).isTrue();
        lookup.answer(CommandId.CID_OTHER_GET_DEVICE_TOKEN_RSP, AttachField.withId(IMGetDeviceTokenRsp.newBuilder()
                .addAllUserTokenInfo(List.of(tokens)).build().toByteArray(), 2));
    }

    private static UserTokenInfo token(int user, String device, String token, int state) {
        return UserTokenInfo.newBuilder().setUserId(user).setUserType(ClientType.CLIENT_TYPE_IOS).setToken(token)
                .setPushCount(2).setPushType(1).setTtDeviceId(device).setTtDeviceState(state).build();
    }

    @Test
    void aForegroundPhoneGetsNoPushABackgroundedOneGetsItsAlert() throws Exception {
        withPushServer();
        EmbeddedChannel alice = tier.client(1, ClientType.CLIENT_TYPE_WINDOWS);
        ClientSession.of(alice).nick("Alice");
        EmbeddedChannel bobPhone = tier.client(2, ClientType.CLIENT_TYPE_IOS);
        ClientSession.of(bobPhone).deviceId("iphone");

        send(alice, 2, encrypted("lunch?"), 5);
        // the dbproxy's state says "not connected" (stale): this server's own connection wins
        answerTokens(token(2, "iphone", "tok", 0));
        assertThat(pushed).isEmpty();
        assertThat(tier.context().pushes().skippedConnected.sum()).isEqualTo(1);

        bobPhone.writeInbound(Pdu.of(PushCommandId.CID_PUSH_APP_STATE_REPORT, 1,
                IMAppStateReport.newBuilder().setState(IMAppStateReport.AppState.BACKGROUND).build()));
        // reported to the dbproxy for the other servers, with this connection's id
        FakeDb.Request report = tier.db.last();
        assertThat(report.commandId()).isEqualTo(PushCommandId.CID_INTERNAL_DEVICE_STATE_REQ);
        DeviceStateReq state = DeviceStateReq.parseFrom(report.body());
        assertThat(state.getUserId()).isEqualTo(2);
        assertThat(state.getDeviceId()).isEqualTo("iphone");
        assertThat(state.getState()).isEqualTo(DeviceStateReq.State.BACKGROUND);
        assertThat(state.getLogin()).isFalse();
        assertThat(state.getConnectionId()).isNotEmpty();

        send(alice, 2, encrypted("lunch at " + "noon, ".repeat(40)), 6);
        answerTokens(token(2, "iphone", "tok", 1));
        assertThat(pushed).hasSize(1);
        IMPushToUserReq req = pushed.get(0);
        assertThat(req.getFlash()).startsWith("Alice: lunch at noon, noon,").endsWith("…");
        assertThat(req.getFlash().codePointCount(0, req.getFlash().length())).isEqualTo("Alice: ".length() + 100 + 1);
        assertThat(req.getData()).isEqualTo("{\"msg_type\":1,\"from_id\":1}");
        assertThat(req.getTtMsgId()).isEqualTo(6);
        assertThat(req.getTtCollapseId()).isEqualTo("s-1");
        assertThat(req.getTtOrigin()).isEqualTo("im");
        assertThat(req.getTtTargeting().getMode()).isEqualTo(DeviceTargeting.Mode.INACTIVE);
        assertThat(req.getUserTokenList(0).getPushType()).isEqualTo(OfflinePush.PUSH_NORMAL);
        assertThat(req.getUserTokenList(0).getTtDeviceId()).isEqualTo("iphone");
        assertThat(req.getTtQuietList()).containsExactly(false);
    }

    @Test
    void eachDeviceIsDecidedOnItsOwn() throws Exception {
        withPushServer();
        EmbeddedChannel alice = tier.client(1, ClientType.CLIENT_TYPE_WINDOWS);
        EmbeddedChannel bobPhone = tier.client(2, ClientType.CLIENT_TYPE_IOS);
        ClientSession.of(bobPhone).deviceId("iphone");

        // bob's phone is connected here in the foreground; his iPad is not connected: only the iPad is pushed
        send(alice, 2, encrypted("hi"), 5);
        answerTokens(token(2, "iphone", "tok-phone", 1), token(2, "ipad", "tok-pad", 0));
        assertThat(pushed).hasSize(1);
        assertThat(pushed.get(0).getUserTokenListList()).extracting(UserTokenInfo::getTtDeviceId).containsExactly("ipad");

        // carol (no connection here, presence from this server alone: nothing) has a stale "foreground" report:
        // presence wins, the device is pushed
        send(alice, 3, encrypted("hi carol"), 6);
        answerTokens(token(3, "android", "tok-carol", 1));
        assertThat(pushed).hasSize(2);
        assertThat(pushed.get(1).getUserTokenList(0).getToken()).isEqualTo("tok-carol");

        // a notification for chosen devices, and for active ones only
        tier.context().pushes().notification(List.of(2), "hello", "{}",
                DeviceTargeting.newBuilder().setMode(DeviceTargeting.Mode.DEVICES).addDeviceIds("iphone").build(), "api:k1");
        answerTokens(token(2, "iphone", "tok-phone", 1), token(2, "ipad", "tok-pad", 0));
        assertThat(pushed).hasSize(3);
        assertThat(pushed.get(2).getUserTokenListList()).extracting(UserTokenInfo::getToken).containsExactly("tok-phone");
        assertThat(pushed.get(2).getTtOrigin()).isEqualTo("api:k1");
        tier.context().pushes().notification(List.of(2), "hello", "{}",
                DeviceTargeting.newBuilder().setMode(DeviceTargeting.Mode.ACTIVE).build(), "api:k1");
        answerTokens(token(2, "iphone", "tok-phone", 1), token(2, "ipad", "tok-pad", 0));
        assertThat(pushed.get(3).getUserTokenListList()).extracting(UserTokenInfo::getToken).containsExactly("tok-phone");
        tier.context().pushes().notification(List.of(2), "hello", "{}", OfflinePush.ALL, "api:k1");
        answerTokens(token(2, "iphone", "tok-phone", 1), token(2, "ipad", "tok-pad", 0));
        assertThat(pushed.get(4).getUserTokenListList()).extracting(UserTokenInfo::getToken)
                .containsExactly("tok-phone", "tok-pad");
    }

    @Test
    void anOfflineFileThatIsReadyIsPushedAfterItsRecord() throws Exception {
        withPushServer();
        EmbeddedChannel alice = tier.client(1, ClientType.CLIENT_TYPE_WINDOWS);
        ClientSession.of(alice).nick("Alice");
        alice.writeInbound(Pdu.of(CommandId.CID_FILE_ADD_OFFLINE_REQ, 4, com.mogujie.tt.protobuf.IMFile.IMFileAddOfflineReq
                .newBuilder().setFromUserId(0).setToUserId(2).setTaskId("01234567-89ab-cdef-0123-456789abcdef")
                .setFileName("report.pdf").setFileSize(10).build()));
        alice.runPendingTasks();
        List<Integer> commands = tier.db.requests.stream().map(FakeDb.Request::commandId).toList();
        assertThat(commands).containsSubsequence(CommandId.CID_FILE_ADD_OFFLINE_REQ, CommandId.CID_OTHER_GET_DEVICE_TOKEN_REQ);
        FakeDb.Request lookup = tier.db.last();
        // served by the dbproxy behind the file's record (same conversation)
        assertThat(IMGetDeviceTokenReq.parseFrom(lookup.body()).getTtOrderingKey()).isEqualTo(io.teamtalkj.pdu.Conversations.pair(1, 2));
        answerTokens(token(2, "iphone", "tok", 0));
        assertThat(pushed).hasSize(1);
        assertThat(pushed.get(0).getFlash()).isEqualTo("Alice: [文件] report.pdf");
        assertThat(pushed.get(0).getTtCollapseId()).isEqualTo("s-1");
    }

    @Test
    void aUserFoundWithoutATokenIsNotLookedUpAgainUntilTheyRegisterOne() throws Exception {
        withPushServer();
        EmbeddedChannel alice = tier.client(1, ClientType.CLIENT_TYPE_WINDOWS);
        send(alice, 2, encrypted("one"), 8);
        FakeDb.Request lookup = tier.db.last();
        assertThat(lookup.commandId()).isEqualTo(CommandId.CID_OTHER_GET_DEVICE_TOKEN_REQ);
        lookup.answer(CommandId.CID_OTHER_GET_DEVICE_TOKEN_RSP, AttachField.withId(IMGetDeviceTokenRsp.getDefaultInstance()
                .toByteArray(), 3));
        int requests = tier.db.requests.size();
        send(alice, 2, encrypted("two"), 9);
        assertThat(tier.db.requests).hasSize(requests + 1); // the store only, no second lookup
        assertThat(pushed).isEmpty();

        EmbeddedChannel bobPhone = tier.client(2, ClientType.CLIENT_TYPE_ANDROID);
        bobPhone.writeInbound(Pdu.of(CommandId.CID_LOGIN_REQ_DEVICETOKEN, 4, com.mogujie.tt.protobuf.IMLogin.IMDeviceTokenReq
                .newBuilder().setUserId(0).setDeviceToken("fresh-token").build()));
        bobPhone.close();
        tier.sessions.remove(ClientSession.of(bobPhone));
        send(alice, 2, encrypted("three"), 10);
        assertThat(tier.db.last().commandId()).as("looked up again after the token changed")
                .isEqualTo(CommandId.CID_OTHER_GET_DEVICE_TOKEN_REQ);
    }

    private long lookups() {
        return tier.db.requests.stream().filter(r -> r.commandId() == CommandId.CID_OTHER_GET_DEVICE_TOKEN_REQ).count();
    }

    @Test
    void aBurstToOneRecipientWaitsForTheLookupInFlightInsteadOfAskingAgain() throws Exception {
        withPushServer();
        EmbeddedChannel alice = tier.client(1, ClientType.CLIENT_TYPE_WINDOWS);
        send(alice, 2, encrypted("one"), 11);
        FakeDb.Request first = tier.db.last();
        send(alice, 2, encrypted("two"), 12);
        send(alice, 2, encrypted("three"), 13);
        assertThat(lookups()).isEqualTo(1);

        // bob has a token: the two waiting messages are decided again, one lookup at a time
        first.answer(CommandId.CID_OTHER_GET_DEVICE_TOKEN_RSP, AttachField.withId(IMGetDeviceTokenRsp.newBuilder()
                .addUserTokenInfo(token(2, "android", "tok-bob", 0)).build().toByteArray(), 4));
        assertThat(pushed).hasSize(1);
        assertThat(lookups()).isEqualTo(2);
        answerTokens(token(2, "android", "tok-bob", 0));
        assertThat(lookups()).isEqualTo(3);
        answerTokens(token(2, "android", "tok-bob", 0));
        assertThat(pushed).extracting(IMPushToUserReq::getTtMsgId).containsExactlyInAnyOrder(11, 12, 13);
    }

    @Test
    void aFailedLookupIsNotRepeatedForEveryMessageWhileTheDbproxyIsLate() throws Exception {
        withPushServer();
        EmbeddedChannel alice = tier.client(1, ClientType.CLIENT_TYPE_WINDOWS);
        send(alice, 2, encrypted("one"), 21);
        tier.db.last().reply().completeExceptionally(new io.teamtalkj.msgserver.db.DbUnavailableException("dbproxy did not answer in time"));
        send(alice, 2, encrypted("two"), 22);
        send(alice, 3, encrypted("to carol"), 23);
        assertThat(lookups()).as("bob is left alone for a while, carol is asked").isEqualTo(2);
        assertThat(pushed).isEmpty();
    }

    @Test
    void imagesAndVoiceGetPlaceholdersAndTheSenderNeverAPush() throws Exception {
        withPushServer();
        EmbeddedChannel alice = tier.client(1, ClientType.CLIENT_TYPE_WINDOWS);
        ClientSession.of(alice).nick("Alice");
        send(alice, 1, encrypted("note to self"), 7);
        assertThat(tier.db.requests).extracting(FakeDb.Request::commandId).doesNotContain(CommandId.CID_OTHER_GET_DEVICE_TOKEN_REQ);
        assertThat(io.teamtalkj.msgserver.push.PushText.alert("Alice", MsgType.MSG_TYPE_SINGLE_TEXT,
                encrypted("&$#@~^@[{:http://img/1.png:}]&$~@#@"), 100)).isEqualTo("Alice: [图片]");
        assertThat(io.teamtalkj.msgserver.push.PushText.alert("Alice", MsgType.MSG_TYPE_GROUP_AUDIO,
                ByteString.copyFrom(new byte[] {0, 0, 0, 3, 1, 2}), 100)).isEqualTo("Alice: [语音]");
        assertThat(io.teamtalkj.msgserver.push.PushText.alert("Alice", MsgType.MSG_TYPE_SINGLE_TEXT,
                ByteString.copyFromUtf8("not base64 !"), 100)).isEqualTo("Alice: [消息]");
    }
}
