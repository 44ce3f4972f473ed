package io.teamtalkj.msgserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.mogujie.tt.protobuf.IMBaseDefine.ClientType;
import com.mogujie.tt.protobuf.IMBaseDefine.GroupModifyType;
import com.mogujie.tt.protobuf.IMBaseDefine.GroupType;
import com.mogujie.tt.protobuf.IMBaseDefine.MsgType;
import com.mogujie.tt.protobuf.IMBaseDefine.SessionType;
import com.mogujie.tt.protobuf.IMBaseDefine.UnreadInfo;
import com.mogujie.tt.protobuf.IMBaseDefine.UserStatType;
import com.mogujie.tt.protobuf.IMBuddy.IMChangeSignInfoReq;
import com.mogujie.tt.protobuf.IMBuddy.IMRemoveSessionNotify;
import com.mogujie.tt.protobuf.IMBuddy.IMRemoveSessionReq;
import com.mogujie.tt.protobuf.IMBuddy.IMSignInfoChangedNotify;
import com.mogujie.tt.protobuf.IMBuddy.IMUsersInfoReq;
import com.mogujie.tt.protobuf.IMBuddy.IMUsersInfoRsp;
import com.mogujie.tt.protobuf.IMBuddy.IMUsersStatReq;
import com.mogujie.tt.protobuf.IMBuddy.IMUsersStatRsp;
import com.mogujie.tt.protobuf.IMGroup.IMGroupChangeMemberNotify;
import com.mogujie.tt.protobuf.IMGroup.IMGroupChangeMemberReq;
import com.mogujie.tt.protobuf.IMGroup.IMGroupChangeMemberRsp;
import com.mogujie.tt.protobuf.IMGroup.IMGroupCreateReq;
import com.mogujie.tt.protobuf.IMGroup.IMGroupCreateRsp;
import com.mogujie.tt.protobuf.IMMessage.IMGetMsgListReq;
import com.mogujie.tt.protobuf.IMMessage.IMGetMsgListRsp;
import com.mogujie.tt.protobuf.IMMessage.IMMsgData;
import com.mogujie.tt.protobuf.IMMessage.IMMsgDataAck;
import com.mogujie.tt.protobuf.IMMessage.IMMsgDataReadAck;
import com.mogujie.tt.protobuf.IMMessage.IMMsgDataReadNotify;
import com.mogujie.tt.protobuf.IMMessage.IMUnreadMsgCntReq;
import com.mogujie.tt.protobuf.IMMessage.IMUnreadMsgCntRsp;
import com.mogujie.tt.protobuf.IMSwitchService.IMP2PCmdMsg;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Pdu;
import io.teamtalkj.pdu.ext.MsgStoreResult;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Messages, acks, fan-out, unread and history, read sync, notifies, rate limit: one msg-server. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class MessagingIT {
    static TestBed bed;
    static MsgServer server;

    @BeforeAll
    static void start() throws Exception {
        bed = TestBed.start();
        for (int i = 1; i <= 12; i++) {
            bed.user(i, "u" + i, "pw" + i);
        }
        MsgServerConfig cfg = bed.msgConfig("ms-messaging");
        cfg.messageRateLimit = 20;
        server = bed.startMsgServer(cfg);
    }

    @AfterAll
    static void stop() {
        bed.close();
    }

    static RawClient login(int id, ClientType type) throws Exception {
        return RawClient.loggedIn(server.port(), "u" + id, "pw" + id, type);
    }

    static IMMsgData text(int from, int to, String text, MsgType type) {
        // from and create_time are deliberately wrong: the server must overwrite them
        return IMMsgData.newBuilder().setFromUserId(from + 1000).setToSessionId(to).setMsgId(77).setCreateTime(1)
                .setMsgType(type).setMsgData(ByteString.copyFromUtf8(text)).build();
    }

    static <T extends com.google.protobuf.MessageLite> T call(RawClient c, int cmd, com.google.protobuf.MessageLite req,
                                                              int rspCmd, com.google.protobuf.Parser<T> parser) throws Exception {
        int s = c.send(cmd, req);
        Pdu rsp = c.expect(rspCmd);
        assertThat(rsp.seq()).as("reply seq").isEqualTo(s);
        return RawClient.parse(rsp, parser);
    }

    @Test
    void oneToOneWithBothOnline() throws Exception {
        try (RawClient alice = login(1, ClientType.CLIENT_TYPE_WINDOWS);
             RawClient alicePhone = login(1, ClientType.CLIENT_TYPE_ANDROID);
             RawClient bob = login(2, ClientType.CLIENT_TYPE_MAC)) {
            long before = System.currentTimeMillis() / 1000;
            int s = alice.send(CommandId.CID_MSG_DATA, text(1, 2, "hello bob", MsgType.MSG_TYPE_SINGLE_TEXT));
            Pdu ackPdu = alice.expect(CommandId.CID_MSG_DATA_ACK);
            assertThat(ackPdu.seq()).isEqualTo(s);
            IMMsgDataAck ack = RawClient.parse(ackPdu, IMMsgDataAck.parser());
            assertThat(ack.getUserId()).isEqualTo(1);
            assertThat(ack.getSessionId()).isEqualTo(2);
            assertThat(ack.getMsgId()).isEqualTo(1);
            assertThat(ack.getSessionType()).isEqualTo(SessionType.SESSION_TYPE_SINGLE);
            assertThat(ack.hasTtStoreResult()).isFalse();

            for (RawClient receiver : List.of(bob, alicePhone)) {
                Pdu push = receiver.expect(CommandId.CID_MSG_DATA);
                assertThat(push.seq()).as("pushes carry seq 0").isZero();
                IMMsgData got = RawClient.parse(push, IMMsgData.parser());
                assertThat(got.getFromUserId()).isEqualTo(1);
                assertThat(got.getToSessionId()).isEqualTo(2);
                assertThat(got.getMsgId()).isEqualTo(1);
                assertThat((long) got.getCreateTime()).isBetween(before - 1, before + 5);
                assertThat(got.getMsgData().toStringUtf8()).isEqualTo("hello bob");
                assertThat(got.hasAttachData()).isFalse();
                assertThat(got.getTtGroupMemberIdsCount()).isZero();
            }
            assertThat(alice.noneWithin(CommandId.CID_MSG_DATA, 300)).as("the sending connection gets no copy").isTrue();

            // bob acks; the delivery is no longer counted as unacked
            bob.send(CommandId.CID_MSG_DATA_ACK, IMMsgDataAck.newBuilder().setUserId(2).setSessionId(1).setMsgId(1)
                    .setSessionType(SessionType.SESSION_TYPE_SINGLE).build());
            awaitTrue(() -> server.stats().receiverAcks.sum() >= 1);
        }
    }

    @Test
    void anOfflineReceiverFindsTheMessageThroughUnreadAndHistory() throws Exception {
        try (RawClient carol = login(3, ClientType.CLIENT_TYPE_WINDOWS)) {
            for (int i = 1; i <= 3; i++) {
                carol.send(CommandId.CID_MSG_DATA, text(3, 4, "while you were out " + i, MsgType.MSG_TYPE_SINGLE_TEXT));
                assertThat(carol.expect(CommandId.CID_MSG_DATA_ACK, IMMsgDataAck.parser()).getMsgId()).isEqualTo(i);
            }
        }
        try (RawClient dave = login(4, ClientType.CLIENT_TYPE_IOS)) {
            IMUnreadMsgCntRsp unread = call(dave, CommandId.CID_MSG_UNREAD_CNT_REQUEST,
                    IMUnreadMsgCntReq.newBuilder().setUserId(999).build(), CommandId.CID_MSG_UNREAD_CNT_RESPONSE,
                    IMUnreadMsgCntRsp.parser());
            assertThat(unread.getUserId()).as("asked as the session's user, not 999").isEqualTo(4);
            assertThat(unread.getTotalCnt()).isEqualTo(3);
            UnreadInfo info = unread.getUnreadinfoList(0);
            assertThat(info.getSessionId()).isEqualTo(3);
            assertThat(info.getUnreadCnt()).isEqualTo(3);
            assertThat(info.getLatestMsgId()).isEqualTo(3);
            assertThat(unread.hasAttachData()).isFalse();

            IMGetMsgListRsp history = call(dave, CommandId.CID_MSG_LIST_REQUEST, IMGetMsgListReq.newBuilder().setUserId(4)
                    .setSessionType(SessionType.SESSION_TYPE_SINGLE).setSessionId(3).setMsgIdBegin(0).setMsgCnt(10).build(),
                    CommandId.CID_MSG_LIST_RESPONSE, IMGetMsgListRsp.parser());
            assertThat(history.getMsgListList()).extracting(m -> m.getMsgId()).containsExactly(3, 2, 1);
            assertThat(history.getMsgList(2).getMsgData().toStringUtf8()).isEqualTo("while you were out 1");
            assertThat(history.getMsgList(0).getFromSessionId()).isEqualTo(3);
        }
    }

    @Test
    void aGroupMessageReachesEveryMemberAndTheSendersOtherDevice() throws Exception {
        try (RawClient e5 = login(5, ClientType.CLIENT_TYPE_WINDOWS);
             RawClient e5phone = login(5, ClientType.CLIENT_TYPE_IOS);
             RawClient f6 = login(6, ClientType.CLIENT_TYPE_WINDOWS);
             RawClient g7 = login(7, ClientType.CLIENT_TYPE_ANDROID);
             RawClient outsider = login(8, ClientType.CLIENT_TYPE_WINDOWS)) {
            IMGroupCreateRsp created = call(e5, CommandId.CID_GROUP_CREATE_REQUEST, IMGroupCreateReq.newBuilder().setUserId(5)
                    .setGroupType(GroupType.GROUP_TYPE_TMP).setGroupName("trio").setGroupAvatar("")
                    .addAllMemberIdList(List.of(5, 6, 7)).build(), CommandId.CID_GROUP_CREATE_RESPONSE, IMGroupCreateRsp.parser());
            assertThat(created.getResultCode()).isZero();
            int gid = created.getGroupId();

            int s = e5.send(CommandId.CID_MSG_DATA, text(5, gid, "hi all", MsgType.MSG_TYPE_GROUP_TEXT));
            Pdu ackPdu = e5.expect(CommandId.CID_MSG_DATA_ACK);
            assertThat(ackPdu.seq()).isEqualTo(s);
            IMMsgDataAck ack = RawClient.parse(ackPdu, IMMsgDataAck.parser());
            assertThat(ack.getSessionType()).isEqualTo(SessionType.SESSION_TYPE_GROUP);
            assertThat(ack.getSessionId()).isEqualTo(gid);
            assertThat(ack.getMsgId()).isEqualTo(1);
            for (RawClient member : List.of(e5phone, f6, g7)) {
                IMMsgData got = member.expect(CommandId.CID_MSG_DATA, IMMsgData.parser());
                assertThat(got.getFromUserId()).isEqualTo(5);
                assertThat(got.getToSessionId()).isEqualTo(gid);
                assertThat(got.getMsgData().toStringUtf8()).isEqualTo("hi all");
                assertThat(got.getTtGroupMemberIdsCount()).as("internal member list stripped").isZero();
            }
            assertThat(outsider.noneWithin(CommandId.CID_MSG_DATA, 300)).isTrue();
            assertThat(e5.noneWithin(CommandId.CID_MSG_DATA, 100)).isTrue();

            // members learn of a change, and a non-member's message is refused with a reason for our clients
            IMGroupChangeMemberRsp changed = call(e5, CommandId.CID_GROUP_CHANGE_MEMBER_REQUEST,
                    IMGroupChangeMemberReq.newBuilder().setUserId(5).setChangeType(GroupModifyType.GROUP_MODIFY_TYPE_DEL)
                            .setGroupId(gid).addMemberIdList(7).build(),
                    CommandId.CID_GROUP_CHANGE_MEMBER_RESPONSE, IMGroupChangeMemberRsp.parser());
            assertThat(changed.getResultCode()).isZero();
            for (RawClient affected : List.of(e5phone, f6, g7)) {
                IMGroupChangeMemberNotify n = affected.expect(CommandId.CID_GROUP_CHANGE_MEMBER_NOTIFY,
                        IMGroupChangeMemberNotify.parser());
                assertThat(n.getGroupId()).isEqualTo(gid);
                assertThat(n.getChgUserIdListList()).containsExactly(7);
                assertThat(n.getCurUserIdListList()).containsExactlyInAnyOrder(5, 6);
            }
            g7.send(CommandId.CID_MSG_DATA, text(7, gid, "still here?", MsgType.MSG_TYPE_GROUP_TEXT).toBuilder()
                    .setTtClientMsgId("g7-1").build());
            IMMsgDataAck refused = g7.expect(CommandId.CID_MSG_DATA_ACK, IMMsgDataAck.parser());
            assertThat(refused.getMsgId()).isZero();
            assertThat(refused.getTtStoreResult()).isEqualTo(MsgStoreResult.STORE_NOT_MEMBER_VALUE);
            assertThat(refused.getTtClientMsgId()).isEqualTo("g7-1");
            assertThat(f6.noneWithin(CommandId.CID_MSG_DATA, 300)).isTrue();
        }
    }

    @Test
    void aReadAckClearsUnreadAndTellsTheReadersOtherDevice() throws Exception {
        try (RawClient sender = login(9, ClientType.CLIENT_TYPE_WINDOWS)) {
            for (int i = 0; i < 2; i++) {
                sender.send(CommandId.CID_MSG_DATA, text(9, 10, "unread " + i, MsgType.MSG_TYPE_SINGLE_TEXT));
                sender.expect(CommandId.CID_MSG_DATA_ACK);
            }
        }
        try (RawClient pc = login(10, ClientType.CLIENT_TYPE_WINDOWS);
             RawClient phone = login(10, ClientType.CLIENT_TYPE_ANDROID)) {
            assertThat(unreadTotal(pc)).isEqualTo(2);
            pc.send(CommandId.CID_MSG_READ_ACK, IMMsgDataReadAck.newBuilder().setUserId(10).setSessionId(9).setMsgId(2)
                    .setSessionType(SessionType.SESSION_TYPE_SINGLE).build());
            Pdu notifyPdu = phone.expect(CommandId.CID_MSG_READ_NOTIFY);
            assertThat(notifyPdu.seq()).isZero();
            IMMsgDataReadNotify notify = RawClient.parse(notifyPdu, IMMsgDataReadNotify.parser());
            assertThat(notify.getUserId()).isEqualTo(10);
            assertThat(notify.getSessionId()).isEqualTo(9);
            assertThat(notify.getMsgId()).isEqualTo(2);
            assertThat(pc.noneWithin(CommandId.CID_MSG_READ_NOTIFY, 200)).isTrue();
            // the read ack is stored asynchronously (no reply in TeamTalk): poll until it shows
            Awaitility.await("unread cleared").atMost(Duration.ofSeconds(10)).until(() -> unreadTotal(phone) == 0);
        }
    }

    static int unreadTotal(RawClient c) throws Exception {
        return call(c, CommandId.CID_MSG_UNREAD_CNT_REQUEST, IMUnreadMsgCntReq.newBuilder().setUserId(0).build(),
                CommandId.CID_MSG_UNREAD_CNT_RESPONSE, IMUnreadMsgCntRsp.parser()).getTotalCnt();
    }

    @Test
    void theRateLimitRefusesVisiblyAndNothingBeyondItIsStored() throws Exception {
        try (RawClient fast = login(11, ClientType.CLIENT_TYPE_WINDOWS)) {
            long limitedBefore = server.stats().messagesRateLimited.sum();
            int total = 45;
            for (int i = 0; i < total; i++) {
                fast.send(CommandId.CID_MSG_DATA, text(11, 12, "burst " + i, MsgType.MSG_TYPE_SINGLE_TEXT).toBuilder()
                        .setTtClientMsgId("b" + i).build());
            }
            int stored = 0;
            int limited = 0;
            for (int i = 0; i < total; i++) {
                IMMsgDataAck ack = fast.expect(CommandId.CID_MSG_DATA_ACK, IMMsgDataAck.parser());
                if (ack.getMsgId() > 0) {
                    stored++;
                } else {
                    assertThat(ack.getTtStoreResult()).isEqualTo(MsgStoreResult.STORE_RATE_LIMITED_VALUE);
                    limited++;
                }
            }
            assertThat(stored + limited).isEqualTo(total);
            assertThat(limited).as("a 45-message burst crosses 20/s").isPositive();
            assertThat(stored).isGreaterThanOrEqualTo(20);
            assertThat(server.stats().messagesRateLimited.sum() - limitedBefore).isEqualTo(limited);
            IMGetMsgListRsp history = call(fast, CommandId.CID_MSG_LIST_REQUEST, IMGetMsgListReq.newBuilder().setUserId(11)
                    .setSessionType(SessionType.SESSION_TYPE_SINGLE).setSessionId(12).setMsgIdBegin(0).setMsgCnt(100).build(),
                    CommandId.CID_MSG_LIST_RESPONSE, IMGetMsgListRsp.parser());
            assertThat(history.getMsgListCount()).isEqualTo(stored);
        }
    }

    @Test
    void aResendAfterALostAckIsAckedWithTheSameIdAndDeliveredOnce() throws Exception {
        try (RawClient a = login(4, ClientType.CLIENT_TYPE_WINDOWS);
             RawClient b = login(5, ClientType.CLIENT_TYPE_WINDOWS)) {
            IMMsgData m = text(4, 5, "exactly once", MsgType.MSG_TYPE_SINGLE_TEXT).toBuilder().setTtClientMsgId("r-1").build();
            a.send(CommandId.CID_MSG_DATA, m);
            IMMsgDataAck first = a.expect(CommandId.CID_MSG_DATA_ACK, IMMsgDataAck.parser());
            a.send(CommandId.CID_MSG_DATA, m);
            IMMsgDataAck second = a.expect(CommandId.CID_MSG_DATA_ACK, IMMsgDataAck.parser());
            assertThat(first.getMsgId()).isPositive();
            assertThat(second.getMsgId()).isEqualTo(first.getMsgId());
            assertThat(second.getTtClientMsgId()).isEqualTo("r-1");
            assertThat(b.expect(CommandId.CID_MSG_DATA, IMMsgData.parser()).getMsgId()).isEqualTo(first.getMsgId());
            assertThat(b.noneWithin(CommandId.CID_MSG_DATA, 500)).as("delivered once").isTrue();
        }
    }

    @Test
    void p2pCommandsCarryTheSessionsUserAsSender() throws Exception {
        try (RawClient a = login(1, ClientType.CLIENT_TYPE_WINDOWS);
             RawClient b = login(2, ClientType.CLIENT_TYPE_WINDOWS)) {
            a.send(CommandId.CID_SWITCH_P2P_CMD, IMP2PCmdMsg.newBuilder().setFromUserId(2).setToUserId(2)
                    .setCmdMsgData("{\"type\":\"typing\"}").build());
            IMP2PCmdMsg got = b.expect(CommandId.CID_SWITCH_P2P_CMD, IMP2PCmdMsg.parser());
            assertThat(got.getFromUserId()).as("spoofed sender replaced").isEqualTo(1);
            assertThat(got.getCmdMsgData()).contains("typing");
        }
    }

    @Test
    void queriesStatusSignInfoAndSessionRemovalNotifies() throws Exception {
        try (RawClient a = login(3, ClientType.CLIENT_TYPE_WINDOWS);
             RawClient aPhone = login(3, ClientType.CLIENT_TYPE_IOS);
             RawClient other = login(12, ClientType.CLIENT_TYPE_MAC)) {
            IMUsersInfoRsp info = call(a, CommandId.CID_BUDDY_LIST_USER_INFO_REQUEST, IMUsersInfoReq.newBuilder().setUserId(3)
                    .addUserIdList(12).build(), CommandId.CID_BUDDY_LIST_USER_INFO_RESPONSE, IMUsersInfoRsp.parser());
            assertThat(info.getUserInfoList(0).getUserId()).isEqualTo(12);

            IMUsersStatRsp stat = call(a, CommandId.CID_BUDDY_LIST_USERS_STATUS_REQUEST, IMUsersStatReq.newBuilder()
                    .setUserId(3).addUserIdList(12).addUserIdList(4).build(),
                    CommandId.CID_BUDDY_LIST_USERS_STATUS_RESPONSE, IMUsersStatRsp.parser());
            assertThat(stat.getUserStatListList()).extracting(u -> u.getStatus())
                    .containsExactly(UserStatType.USER_STATUS_ONLINE, UserStatType.USER_STATUS_OFFLINE);

            a.send(CommandId.CID_BUDDY_LIST_CHANGE_SIGN_INFO_REQUEST, IMChangeSignInfoReq.newBuilder().setUserId(3)
                    .setSignInfo("at lunch").build());
            a.expect(CommandId.CID_BUDDY_LIST_CHANGE_SIGN_INFO_RESPONSE);
            IMSignInfoChangedNotify sign = other.expect(CommandId.CID_BUDDY_LIST_SIGN_INFO_CHANGED_NOTIFY,
                    IMSignInfoChangedNotify.parser());
            assertThat(sign.getChangedUserId()).isEqualTo(3);
            assertThat(sign.getSignInfo()).isEqualTo("at lunch");

            a.send(CommandId.CID_MSG_DATA, text(3, 12, "x", MsgType.MSG_TYPE_SINGLE_TEXT));
            a.expect(CommandId.CID_MSG_DATA_ACK);
            a.send(CommandId.CID_BUDDY_LIST_REMOVE_SESSION_REQ, IMRemoveSessionReq.newBuilder().setUserId(3)
                    .setSessionType(SessionType.SESSION_TYPE_SINGLE).setSessionId(12).build());
            a.expect(CommandId.CID_BUDDY_LIST_REMOVE_SESSION_RES);
            IMRemoveSessionNotify removed = aPhone.expect(CommandId.CID_BUDDY_LIST_REMOVE_SESSION_NOTIFY,
                    IMRemoveSessionNotify.parser());
            assertThat(removed.getSessionId()).isEqualTo(12);
            assertThat(other.noneWithin(CommandId.CID_BUDDY_LIST_REMOVE_SESSION_NOTIFY, 200)).isTrue();
        }
    }

    static void awaitTrue(java.util.function.BooleanSupplier condition) {
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(condition::getAsBoolean);
    }
}
