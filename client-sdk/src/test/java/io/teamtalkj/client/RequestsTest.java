package io.teamtalkj.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Message;
import com.mogujie.tt.protobuf.IMBaseDefine.GroupModifyType;
import com.mogujie.tt.protobuf.IMBaseDefine.GroupType;
import com.mogujie.tt.protobuf.IMBaseDefine.GroupVersionInfo;
import com.mogujie.tt.protobuf.IMBaseDefine.MsgType;
import com.mogujie.tt.protobuf.IMBaseDefine.SessionType;
import com.mogujie.tt.protobuf.IMBuddy;
import com.mogujie.tt.protobuf.IMGroup;
import com.mogujie.tt.protobuf.IMLogin;
import com.mogujie.tt.protobuf.IMMessage;
import com.mogujie.tt.protobuf.IMMessage.IMMsgData;
import com.mogujie.tt.protobuf.IMMessage.IMMsgDataAck;
import com.mogujie.tt.protobuf.IMSwitchService.IMP2PCmdMsg;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.MessageTypes;
import io.teamtalkj.pdu.MsgTypes;
import io.teamtalkj.pdu.Pdu;
import io.teamtalkj.pdu.ext.MsgStoreResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Requests, responses and pushes over a logged-in connection to the scripted msg-server. */
class RequestsTest {
    private static final int ME = FakeMsgServer.USER_ID;

    private FakeMsgServer server;
    private RecordingListener listener;
    private TeamTalkClient client;

    @BeforeEach
    void start() throws Exception {
        server = FakeMsgServer.start();
        listener = new RecordingListener();
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        server.close();
    }

    private void login(ClientConfig.Builder extra) throws Exception {
        client = TeamTalkClient.create(extra.msgServer("127.0.0.1", server.port()).user("alice").password("plain").build(),
                listener);
        client.connect().get(10, TimeUnit.SECONDS);
    }

    private void login() throws Exception {
        login(ClientConfig.builder());
    }

    // ---------------------------------------------------------------------------------------------

    record ApiCase(String name, Function<TeamTalkClient, CompletableFuture<? extends Message>> call, int requestCommand,
                   Message expectedRequest, int responseCommand, Message response) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<ApiCase> apiCases() {
        SessionType single = SessionType.SESSION_TYPE_SINGLE;
        return Stream.of(
                new ApiCase("unread", c -> c.unread(), CommandId.CID_MSG_UNREAD_CNT_REQUEST,
                        IMMessage.IMUnreadMsgCntReq.newBuilder().setUserId(ME).build(),
                        CommandId.CID_MSG_UNREAD_CNT_RESPONSE,
                        IMMessage.IMUnreadMsgCntRsp.newBuilder().setUserId(ME).setTotalCnt(3).build()),
                new ApiCase("history", c -> c.history(single, 7, 40, 20), CommandId.CID_MSG_LIST_REQUEST,
                        IMMessage.IMGetMsgListReq.newBuilder().setUserId(ME).setSessionType(single).setSessionId(7)
                                .setMsgIdBegin(40).setMsgCnt(20).build(),
                        CommandId.CID_MSG_LIST_RESPONSE,
                        IMMessage.IMGetMsgListRsp.newBuilder().setUserId(ME).setSessionType(single).setSessionId(7)
                                .setMsgIdBegin(40).build()),
                new ApiCase("latestMsgId", c -> c.latestMsgId(single, 7), CommandId.CID_MSG_GET_LATEST_MSG_ID_REQ,
                        IMMessage.IMGetLatestMsgIdReq.newBuilder().setUserId(ME).setSessionType(single).setSessionId(7).build(),
                        CommandId.CID_MSG_GET_LATEST_MSG_ID_RSP,
                        IMMessage.IMGetLatestMsgIdRsp.newBuilder().setUserId(ME).setSessionType(single).setSessionId(7)
                                .setLatestMsgId(9).build()),
                new ApiCase("messagesById", c -> c.messagesById(single, 7, List.of(3, 5)), CommandId.CID_MSG_GET_BY_MSG_ID_REQ,
                        IMMessage.IMGetMsgByIdReq.newBuilder().setUserId(ME).setSessionType(single).setSessionId(7)
                                .addMsgIdList(3).addMsgIdList(5).build(),
                        CommandId.CID_MSG_GET_BY_MSG_ID_RES,
                        IMMessage.IMGetMsgByIdRsp.newBuilder().setUserId(ME).setSessionType(single).setSessionId(7).build()),
                new ApiCase("clientTime", c -> c.clientTime(), CommandId.CID_MSG_TIME_REQUEST,
                        IMMessage.IMClientTimeReq.getDefaultInstance(), CommandId.CID_MSG_TIME_RESPONSE,
                        IMMessage.IMClientTimeRsp.newBuilder().setServerTime(123).build()),
                new ApiCase("recentSessions", c -> c.recentSessions(100), CommandId.CID_BUDDY_LIST_RECENT_CONTACT_SESSION_REQUEST,
                        IMBuddy.IMRecentContactSessionReq.newBuilder().setUserId(ME).setLatestUpdateTime(100).build(),
                        CommandId.CID_BUDDY_LIST_RECENT_CONTACT_SESSION_RESPONSE,
                        IMBuddy.IMRecentContactSessionRsp.newBuilder().setUserId(ME).build()),
                new ApiCase("usersInfo", c -> c.usersInfo(List.of(7, 8)), CommandId.CID_BUDDY_LIST_USER_INFO_REQUEST,
                        IMBuddy.IMUsersInfoReq.newBuilder().setUserId(ME).addUserIdList(7).addUserIdList(8).build(),
                        CommandId.CID_BUDDY_LIST_USER_INFO_RESPONSE,
                        IMBuddy.IMUsersInfoRsp.newBuilder().setUserId(ME).addUserInfoList(FakeMsgServer.userInfo(7, "bob")).build()),
                new ApiCase("allUsers", c -> c.allUsers(5), CommandId.CID_BUDDY_LIST_ALL_USER_REQUEST,
                        IMBuddy.IMAllUserReq.newBuilder().setUserId(ME).setLatestUpdateTime(5).build(),
                        CommandId.CID_BUDDY_LIST_ALL_USER_RESPONSE,
                        IMBuddy.IMAllUserRsp.newBuilder().setUserId(ME).setLatestUpdateTime(6).build()),
                new ApiCase("departments", c -> c.departments(5), CommandId.CID_BUDDY_LIST_DEPARTMENT_REQUEST,
                        IMBuddy.IMDepartmentReq.newBuilder().setUserId(ME).setLatestUpdateTime(5).build(),
                        CommandId.CID_BUDDY_LIST_DEPARTMENT_RESPONSE,
                        IMBuddy.IMDepartmentRsp.newBuilder().setUserId(ME).setLatestUpdateTime(6).build()),
                new ApiCase("usersStatus", c -> c.usersStatus(List.of(7)), CommandId.CID_BUDDY_LIST_USERS_STATUS_REQUEST,
                        IMBuddy.IMUsersStatReq.newBuilder().setUserId(ME).addUserIdList(7).build(),
                        CommandId.CID_BUDDY_LIST_USERS_STATUS_RESPONSE,
                        IMBuddy.IMUsersStatRsp.newBuilder().setUserId(ME).build()),
                new ApiCase("changeSignInfo", c -> c.changeSignInfo("hello"), CommandId.CID_BUDDY_LIST_CHANGE_SIGN_INFO_REQUEST,
                        IMBuddy.IMChangeSignInfoReq.newBuilder().setUserId(ME).setSignInfo("hello").build(),
                        CommandId.CID_BUDDY_LIST_CHANGE_SIGN_INFO_RESPONSE,
                        IMBuddy.IMChangeSignInfoRsp.newBuilder().setUserId(ME).setResultCode(0).build()),
                new ApiCase("removeSession", c -> c.removeSession(SessionType.SESSION_TYPE_GROUP, 77),
                        CommandId.CID_BUDDY_LIST_REMOVE_SESSION_REQ,
                        IMBuddy.IMRemoveSessionReq.newBuilder().setUserId(ME).setSessionType(SessionType.SESSION_TYPE_GROUP)
                                .setSessionId(77).build(),
                        CommandId.CID_BUDDY_LIST_REMOVE_SESSION_RES,
                        IMBuddy.IMRemoveSessionRsp.newBuilder().setUserId(ME).setResultCode(0)
                                .setSessionType(SessionType.SESSION_TYPE_GROUP).setSessionId(77).build()),
                new ApiCase("groups", c -> c.groups(), CommandId.CID_GROUP_NORMAL_LIST_REQUEST,
                        IMGroup.IMNormalGroupListReq.newBuilder().setUserId(ME).build(),
                        CommandId.CID_GROUP_NORMAL_LIST_RESPONSE,
                        IMGroup.IMNormalGroupListRsp.newBuilder().setUserId(ME)
                                .addGroupVersionList(GroupVersionInfo.newBuilder().setGroupId(77).setVersion(2)).build()),
                new ApiCase("groupInfo", c -> c.groupInfo(Map.of(77, 2)), CommandId.CID_GROUP_INFO_REQUEST,
                        IMGroup.IMGroupInfoListReq.newBuilder().setUserId(ME)
                                .addGroupVersionList(GroupVersionInfo.newBuilder().setGroupId(77).setVersion(2)).build(),
                        CommandId.CID_GROUP_INFO_RESPONSE,
                        IMGroup.IMGroupInfoListRsp.newBuilder().setUserId(ME).build()),
                new ApiCase("createGroup", c -> c.createGroup("team", GroupType.GROUP_TYPE_TMP, List.of(ME, 7)),
                        CommandId.CID_GROUP_CREATE_REQUEST,
                        IMGroup.IMGroupCreateReq.newBuilder().setUserId(ME).setGroupType(GroupType.GROUP_TYPE_TMP)
                                .setGroupName("team").setGroupAvatar("").addMemberIdList(ME).addMemberIdList(7).build(),
                        CommandId.CID_GROUP_CREATE_RESPONSE,
                        IMGroup.IMGroupCreateRsp.newBuilder().setUserId(ME).setResultCode(0).setGroupId(78)
                                .setGroupName("team").build()),
                new ApiCase("changeGroupMembers", c -> c.changeGroupMembers(78, GroupModifyType.GROUP_MODIFY_TYPE_DEL, List.of(7)),
                        CommandId.CID_GROUP_CHANGE_MEMBER_REQUEST,
                        IMGroup.IMGroupChangeMemberReq.newBuilder().setUserId(ME)
                                .setChangeType(GroupModifyType.GROUP_MODIFY_TYPE_DEL).setGroupId(78).addMemberIdList(7).build(),
                        CommandId.CID_GROUP_CHANGE_MEMBER_RESPONSE,
                        IMGroup.IMGroupChangeMemberRsp.newBuilder().setUserId(ME)
                                .setChangeType(GroupModifyType.GROUP_MODIFY_TYPE_DEL).setResultCode(0).setGroupId(78).build()),
                new ApiCase("shieldGroup", c -> c.shieldGroup(78, true), CommandId.CID_GROUP_SHIELD_GROUP_REQUEST,
                        IMGroup.IMGroupShieldReq.newBuilder().setUserId(ME).setGroupId(78).setShieldStatus(1).build(),
                        CommandId.CID_GROUP_SHIELD_GROUP_RESPONSE,
                        IMGroup.IMGroupShieldRsp.newBuilder().setUserId(ME).setGroupId(78).setResultCode(0).build()),
                new ApiCase("deviceToken", c -> c.deviceToken("tok"), CommandId.CID_LOGIN_REQ_DEVICETOKEN,
                        IMLogin.IMDeviceTokenReq.newBuilder().setUserId(ME).setDeviceToken("tok")
                                .setClientType(com.mogujie.tt.protobuf.IMBaseDefine.ClientType.CLIENT_TYPE_WINDOWS).build(),
                        CommandId.CID_LOGIN_RES_DEVICETOKEN,
                        IMLogin.IMDeviceTokenRsp.newBuilder().setUserId(ME).build()),
                new ApiCase("pushShield", c -> c.pushShield(false), CommandId.CID_LOGIN_REQ_PUSH_SHIELD,
                        IMLogin.IMPushShieldReq.newBuilder().setUserId(ME).setShieldStatus(0).build(),
                        CommandId.CID_LOGIN_RES_PUSH_SHIELD,
                        IMLogin.IMPushShieldRsp.newBuilder().setUserId(ME).setResultCode(0).setShieldStatus(0).build()),
                new ApiCase("queryPushShield", c -> c.queryPushShield(), CommandId.CID_LOGIN_REQ_QUERY_PUSH_SHIELD,
                        IMLogin.IMQueryPushShieldReq.newBuilder().setUserId(ME).build(),
                        CommandId.CID_LOGIN_RES_QUERY_PUSH_SHIELD,
                        IMLogin.IMQueryPushShieldRsp.newBuilder().setUserId(ME).setResultCode(0).setShieldStatus(1).build()),
                new ApiCase("kickPcClients", c -> c.kickPcClients(), CommandId.CID_LOGIN_REQ_KICKPCCLIENT,
                        IMLogin.IMKickPCClientReq.newBuilder().setUserId(ME).build(),
                        CommandId.CID_LOGIN_RES_KICKPCCLIENT,
                        IMLogin.IMKickPCClientRsp.newBuilder().setUserId(ME).setResultCode(0).build()),
                new ApiCase("generic request", c -> c.request(CommandId.CID_BUDDY_LIST_CHANGE_AVATAR_REQUEST,
                        IMBuddy.IMChangeAvatarReq.newBuilder().setUserId(ME).setAvatarUrl("a.png").build(),
                        CommandId.CID_BUDDY_LIST_CHANGE_AVATAR_RESPONSE, IMBuddy.IMChangeAvatarRsp.parser()),
                        CommandId.CID_BUDDY_LIST_CHANGE_AVATAR_REQUEST,
                        IMBuddy.IMChangeAvatarReq.newBuilder().setUserId(ME).setAvatarUrl("a.png").build(),
                        CommandId.CID_BUDDY_LIST_CHANGE_AVATAR_RESPONSE,
                        IMBuddy.IMChangeAvatarRsp.newBuilder().setUserId(ME).setResultCode(0).build()));
    }

    @ParameterizedTest
    @MethodSource("apiCases")
    void everyRequestSendsTheRightCommandAndFieldsAndGetsItsResponse(ApiCase c) throws Exception {
        login();
        CompletableFuture<? extends Message> answer = c.call().apply(client);

        FakeMsgServer.Received r = server.expect(c.requestCommand());
        assertThat(r.pdu.seq()).isNotZero();
        assertThat(r.pdu.serviceId()).isEqualTo(c.requestCommand() >> 8);
        Message sent = MessageTypes.defaultInstance(c.requestCommand()).getParserForType().parseFrom(r.pdu.body());
        assertThat(sent).isEqualTo(c.expectedRequest());

        FakeMsgServer.reply(r, c.responseCommand(), c.response());
        assertThat((Object) answer.get(10, TimeUnit.SECONDS)).isEqualTo(c.response());
    }

    @Test
    void responsesAreMatchedBySeqAndCommandInAnyOrder() throws Exception {
        login();
        CompletableFuture<IMBuddy.IMUsersInfoRsp> first = client.usersInfo(List.of(1));
        CompletableFuture<IMBuddy.IMUsersInfoRsp> second = client.usersInfo(List.of(2));
        FakeMsgServer.Received r1 = server.expect(CommandId.CID_BUDDY_LIST_USER_INFO_REQUEST);
        FakeMsgServer.Received r2 = server.expect(CommandId.CID_BUDDY_LIST_USER_INFO_REQUEST);
        assertThat(r1.pdu.seq()).isNotEqualTo(r2.pdu.seq());
        assertThat(r1.pdu.parse(IMBuddy.IMUsersInfoReq.parser()).getUserIdList(0)).isEqualTo(1);

        // the second request is answered first
        FakeMsgServer.reply(r2, CommandId.CID_BUDDY_LIST_USER_INFO_RESPONSE, usersInfo(2));
        assertThat(second.get(10, TimeUnit.SECONDS).getUserInfoList(0).getUserId()).isEqualTo(2);
        assertThat(first).isNotDone();

        // the first one's seq on another command is not its answer: it is a push
        r1.channel.writeAndFlush(Pdu.of(CommandId.CID_BUDDY_LIST_DEPARTMENT_RESPONSE, r1.pdu.seq(),
                IMBuddy.IMDepartmentRsp.newBuilder().setUserId(ME).setLatestUpdateTime(0).build()));
        RecordingListener.await("the stray frame as a push", () -> listener.pushes.size() == 1);
        assertThat(listener.pushes.get(0).commandId()).isEqualTo(CommandId.CID_BUDDY_LIST_DEPARTMENT_RESPONSE);
        assertThat(first).isNotDone();

        FakeMsgServer.reply(r1, CommandId.CID_BUDDY_LIST_USER_INFO_RESPONSE, usersInfo(1));
        assertThat(first.get(10, TimeUnit.SECONDS).getUserInfoList(0).getUserId()).isEqualTo(1);
        assertThat(client.pendingRequests().get(10, TimeUnit.SECONDS)).isZero();
    }

    @Test
    void pushesWithSeqZeroOrAForeignSeqDoNotCompleteRequests() throws Exception {
        login();
        CompletableFuture<IMMessage.IMUnreadMsgCntRsp> unread = client.unread();
        FakeMsgServer.Received r = server.expect(CommandId.CID_MSG_UNREAD_CNT_REQUEST);
        IMMessage.IMUnreadMsgCntRsp answer = IMMessage.IMUnreadMsgCntRsp.newBuilder().setUserId(ME).setTotalCnt(4).build();

        // the right command with seq 0 is a push, not the answer
        server.send(Pdu.push(CommandId.CID_MSG_UNREAD_CNT_RESPONSE, answer));
        // a chat message carrying the request's seq (the original leaks the sender's seq)
        server.send(Pdu.of(CommandId.CID_MSG_DATA, r.pdu.seq(), text(7, ME, 11, MsgType.MSG_TYPE_SINGLE_TEXT, "hey")));
        RecordingListener.await("both pushes", () -> listener.pushes.size() == 1 && listener.messages.size() == 1);
        assertThat(listener.pushes.get(0).seq()).isZero();
        assertThat(TeamTalkText.decode(listener.messages.get(0).getMsgData())).isEqualTo("hey");
        assertThat(unread).isNotDone();

        FakeMsgServer.reply(r, CommandId.CID_MSG_UNREAD_CNT_RESPONSE, answer);
        assertThat(unread.get(10, TimeUnit.SECONDS).getTotalCnt()).isEqualTo(4);
    }

    @Test
    void unansweredRequestTimesOutAndALateAnswerBecomesAPush() throws Exception {
        login(ClientConfig.builder().requestTimeout(Duration.ofMillis(300)));
        CompletableFuture<IMMessage.IMUnreadMsgCntRsp> unread = client.unread();
        FakeMsgServer.Received r = server.expect(CommandId.CID_MSG_UNREAD_CNT_REQUEST);

        assertThatThrownBy(() -> unread.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(RequestTimeoutException.class)
                .hasMessageContaining("CID_MSG_UNREAD_CNT_REQUEST").hasMessageContaining("300 ms");
        assertThat(client.isLoggedIn()).isTrue();

        FakeMsgServer.reply(r, CommandId.CID_MSG_UNREAD_CNT_RESPONSE,
                IMMessage.IMUnreadMsgCntRsp.newBuilder().setUserId(ME).setTotalCnt(0).build());
        RecordingListener.await("the late answer as a push", () -> listener.pushes.size() == 1);
    }

    @Test
    void malformedFramesFailTheRequestOrReachOnProtocolError() throws Exception {
        login();
        CompletableFuture<IMMessage.IMUnreadMsgCntRsp> unread = client.unread();
        FakeMsgServer.Received r = server.expect(CommandId.CID_MSG_UNREAD_CNT_REQUEST);
        // user_id only: total_cnt (required) is missing
        r.channel.writeAndFlush(Pdu.ofBody(CommandId.CID_MSG_UNREAD_CNT_RESPONSE, r.pdu.seq(), new byte[] {0x08, 0x01}));
        assertThatThrownBy(() -> unread.get(10, TimeUnit.SECONDS)).cause().isInstanceOf(ProtocolException.class)
                .hasMessageContaining("CID_MSG_UNREAD_CNT_RESPONSE");

        server.send(Pdu.ofBody(CommandId.CID_MSG_DATA, 0, new byte[] {0x08, 0x01}));
        RecordingListener.await("a protocol error", () -> listener.protocolErrors.size() == 1);
        assertThat(listener.messages).isEmpty();
        assertThat(client.isLoggedIn()).isTrue();
    }

    @Test
    void autoAckAcknowledgesSingleAndGroupMessages() throws Exception {
        login();
        server.send(Pdu.push(CommandId.CID_MSG_DATA, text(7, ME, 42, MsgType.MSG_TYPE_SINGLE_TEXT, "one")));
        IMMsgDataAck ack = server.expect(CommandId.CID_MSG_DATA_ACK).pdu.parse(IMMsgDataAck.parser());
        assertThat(ack).isEqualTo(IMMsgDataAck.newBuilder().setUserId(ME).setSessionId(7).setMsgId(42)
                .setSessionType(SessionType.SESSION_TYPE_SINGLE).build());

        server.send(Pdu.push(CommandId.CID_MSG_DATA, text(7, 900, 5, MsgType.MSG_TYPE_GROUP_TEXT, "all")));
        ack = server.expect(CommandId.CID_MSG_DATA_ACK).pdu.parse(IMMsgDataAck.parser());
        assertThat(ack).isEqualTo(IMMsgDataAck.newBuilder().setUserId(ME).setSessionId(900).setMsgId(5)
                .setSessionType(SessionType.SESSION_TYPE_GROUP).build());
        RecordingListener.await("both messages", () -> listener.messages.size() == 2);

        // callbacks run on the client's event loop
        String loopThread = client.eventLoop().submit(() -> Thread.currentThread().getName()).get();
        assertThat(listener.threads).containsOnly(loopThread);
    }

    @Test
    void withoutAutoAckNothingIsAckedUntilAskedTo() throws Exception {
        login(ClientConfig.builder().autoAck(false));
        IMMsgData msg = text(7, ME, 42, MsgType.MSG_TYPE_SINGLE_TEXT, "one");
        server.send(Pdu.push(CommandId.CID_MSG_DATA, msg));
        RecordingListener.await("the message", () -> listener.messages.size() == 1);

        // an ack would have been written before the message reached the listener, so before this
        client.clientTime();
        server.expect(CommandId.CID_MSG_TIME_REQUEST);

        client.ackReceived(listener.messages.get(0));
        assertThat(server.expect(CommandId.CID_MSG_DATA_ACK).pdu.parse(IMMsgDataAck.parser()).getSessionId()).isEqualTo(7);
    }

    @Test
    void readAckAndP2pCarryTheirFields() throws Exception {
        login();
        client.readAck(7, SessionType.SESSION_TYPE_SINGLE, 42);
        assertThat(server.expect(CommandId.CID_MSG_READ_ACK).pdu.parse(IMMessage.IMMsgDataReadAck.parser()))
                .isEqualTo(IMMessage.IMMsgDataReadAck.newBuilder().setUserId(ME).setSessionId(7).setMsgId(42)
                        .setSessionType(SessionType.SESSION_TYPE_SINGLE).build());
        client.p2p(7, "typing");
        assertThat(server.expect(CommandId.CID_SWITCH_P2P_CMD).pdu.parse(IMP2PCmdMsg.parser()))
                .isEqualTo(IMP2PCmdMsg.newBuilder().setFromUserId(ME).setToUserId(7).setCmdMsgData("typing").build());

        server.send(Pdu.push(CommandId.CID_SWITCH_P2P_CMD,
                IMP2PCmdMsg.newBuilder().setFromUserId(7).setToUserId(ME).setCmdMsgData("typing").build()));
        server.send(Pdu.push(CommandId.CID_MSG_READ_NOTIFY, IMMessage.IMMsgDataReadNotify.newBuilder().setUserId(ME)
                .setSessionId(7).setMsgId(42).setSessionType(SessionType.SESSION_TYPE_SINGLE).build()));
        RecordingListener.await("p2p and read notify", () -> listener.p2p.size() == 1 && listener.readNotifies.size() == 1);
    }

    @Test
    void sendTextEncodesLikeTeamTalkClientsAndCompletesWithTheAck() throws Exception {
        login();
        server.responder = (ch, pdu) -> {
            if (pdu.commandId() == CommandId.CID_MSG_DATA) {
                IMMsgData m = parse(pdu);
                ch.writeAndFlush(Pdu.of(CommandId.CID_MSG_DATA_ACK, pdu.seq(), IMMsgDataAck.newBuilder()
                        .setUserId(ME).setSessionId(m.getToSessionId()).setMsgId(5)
                        .setSessionType(MsgTypes.isGroup(m.getMsgType()) ? SessionType.SESSION_TYPE_GROUP
                                : SessionType.SESSION_TYPE_SINGLE)
                        .setTtClientMsgId(m.getTtClientMsgId()).build()));
            }
        };
        long before = System.currentTimeMillis() / 1000;
        IMMsgDataAck ack = client.sendText(7, "你好 bob").get(10, TimeUnit.SECONDS);
        assertThat(ack.getMsgId()).isEqualTo(5);

        IMMsgData sent = parse(server.expect(CommandId.CID_MSG_DATA).pdu);
        assertThat(sent.getFromUserId()).isEqualTo(ME);
        assertThat(sent.getToSessionId()).isEqualTo(7);
        assertThat(sent.getMsgType()).isEqualTo(MsgType.MSG_TYPE_SINGLE_TEXT);
        assertThat(TeamTalkText.decode(sent.getMsgData())).isEqualTo("你好 bob");
        assertThat(sent.getCreateTime()).isBetween((int) before, (int) (System.currentTimeMillis() / 1000));
        assertThat(sent.getTtClientMsgId()).isNotEmpty().isEqualTo(ack.getTtClientMsgId());

        client.sendGroupText(900, "all").get(10, TimeUnit.SECONDS);
        IMMsgData group = parse(server.expect(CommandId.CID_MSG_DATA).pdu);
        assertThat(group.getMsgType()).isEqualTo(MsgType.MSG_TYPE_GROUP_TEXT);
        assertThat(group.getToSessionId()).isEqualTo(900);
        assertThat(group.getTtClientMsgId()).isNotEqualTo(sent.getTtClientMsgId());

        // a caller-chosen client msg id (a resend) is kept
        client.send(text(ME, 7, 0, MsgType.MSG_TYPE_SINGLE_TEXT, "again").toBuilder().setTtClientMsgId("mine-1").build())
                .get(10, TimeUnit.SECONDS);
        assertThat(parse(server.expect(CommandId.CID_MSG_DATA).pdu).getTtClientMsgId()).isEqualTo("mine-1");
    }

    @Test
    void ackWithMsgIdZeroRejectsTheMessage() throws Exception {
        login();
        server.responder = (ch, pdu) -> ch.writeAndFlush(Pdu.of(CommandId.CID_MSG_DATA_ACK, pdu.seq(),
                IMMsgDataAck.newBuilder().setUserId(ME).setSessionId(900).setMsgId(0)
                        .setSessionType(SessionType.SESSION_TYPE_GROUP)
                        .setTtStoreResult(MsgStoreResult.STORE_NOT_MEMBER_VALUE).setTtStoreReason("not a member").build()));
        CompletableFuture<IMMsgDataAck> sent = client.sendGroupText(900, "hi");
        assertThatThrownBy(() -> sent.get(10, TimeUnit.SECONDS)).cause().isInstanceOf(MessageRejectedException.class)
                .hasMessageContaining("STORE_NOT_MEMBER").hasMessageContaining("not a member")
                .satisfies(e -> {
                    MessageRejectedException m = (MessageRejectedException) e;
                    assertThat(m.storeResult()).isEqualTo(2);
                    assertThat(m.storeResultEnum()).isEqualTo(MsgStoreResult.STORE_NOT_MEMBER);
                    assertThat(m.reason()).isEqualTo("not a member");
                });
    }

    @Test
    void sendRawWritesTheFrameAsIs() throws Exception {
        login();
        client.sendRaw(Pdu.of(CommandId.CID_MSG_TIME_REQUEST, 4242, IMMessage.IMClientTimeReq.getDefaultInstance()));
        assertThat(server.expect(CommandId.CID_MSG_TIME_REQUEST).pdu.seq()).isEqualTo(4242);
    }

    private static IMMsgData parse(Pdu pdu) {
        try {
            return pdu.parse(IMMsgData.parser());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static IMMsgData text(int from, int to, int msgId, MsgType type, String text) {
        return IMMsgData.newBuilder().setFromUserId(from).setToSessionId(to).setMsgId(msgId)
                .setCreateTime((int) (System.currentTimeMillis() / 1000)).setMsgType(type)
                .setMsgData(TeamTalkText.encodeToByteString(text)).build();
    }

    private static IMBuddy.IMUsersInfoRsp usersInfo(int id) {
        return IMBuddy.IMUsersInfoRsp.newBuilder().setUserId(ME).addUserInfoList(FakeMsgServer.userInfo(id, "u" + id)).build();
    }
}
