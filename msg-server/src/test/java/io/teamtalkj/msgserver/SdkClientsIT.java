package io.teamtalkj.msgserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mogujie.tt.protobuf.IMBaseDefine.ClientType;
import com.mogujie.tt.protobuf.IMBaseDefine.GroupType;
import com.mogujie.tt.protobuf.IMBaseDefine.SessionType;
import com.mogujie.tt.protobuf.IMBaseDefine.UserStatType;
import com.mogujie.tt.protobuf.IMMessage.IMMsgData;
import com.mogujie.tt.protobuf.IMMessage.IMMsgDataAck;
import com.mogujie.tt.protobuf.IMMessage.IMMsgDataReadNotify;
import io.teamtalkj.client.ClientConfig;
import io.teamtalkj.client.ClientListener;
import io.teamtalkj.client.KickedException;
import io.teamtalkj.client.LoginFailedException;
import io.teamtalkj.client.TeamTalkClient;
import io.teamtalkj.client.TeamTalkText;
import io.teamtalkj.login.LoginServer;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The Java client SDK against a real msg-server, dbproxy and login-server (discovery over HTTP). */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class SdkClientsIT {
    static TestBed bed;
    static LoginServer login;
    static MsgServer server;
    final List<TeamTalkClient> clients = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        bed = TestBed.start();
        for (int i = 1; i <= 8; i++) {
            bed.user(i, "k" + i, "pw" + i);
        }
        login = TestBed.startLoginServer();
        MsgServerConfig mc = bed.msgConfig("ms-sdk");
        mc.loginServers = new ArrayList<>(List.of(InetSocketAddress.createUnresolved("127.0.0.1", login.msgServerPort())));
        server = bed.startMsgServer(mc);
        Awaitility.await("msg-server registered with the login-server").atMost(Duration.ofSeconds(10))
                .until(() -> login.registry().size() >= 1);
    }

    @AfterAll
    static void stop() {
        bed.close();
        login.close();
    }

    @AfterEach
    void closeClients() {
        clients.forEach(TeamTalkClient::close);
    }

    /** Records what a client is pushed. */
    static final class Inbox implements ClientListener {
        final BlockingQueue<IMMsgData> messages = new LinkedBlockingQueue<>();
        final BlockingQueue<IMMsgDataReadNotify> reads = new LinkedBlockingQueue<>();
        final BlockingQueue<Throwable> disconnects = new LinkedBlockingQueue<>();

        @Override
        public void onMessage(IMMsgData msg) {
            messages.add(msg);
        }

        @Override
        public void onReadNotify(IMMsgDataReadNotify notify) {
            reads.add(notify);
        }

        @Override
        public void onDisconnected(Throwable cause) {
            disconnects.add(cause == null ? new RuntimeException("closed") : cause);
        }
    }

    TeamTalkClient client(int id, ClientType type, Inbox inbox) throws Exception {
        ClientConfig cfg = ClientConfig.builder()
                .loginUrl("http://127.0.0.1:" + login.httpPort() + "/msg_server")
                .user("k" + id).password("pw" + id).clientType(type)
                .requestTimeout(Duration.ofSeconds(10)).reconnect(false).build();
        TeamTalkClient c = TeamTalkClient.create(cfg, inbox);
        clients.add(c);
        c.connect().get(15, TimeUnit.SECONDS);
        return c;
    }

    static IMMsgData next(BlockingQueue<IMMsgData> q) throws InterruptedException {
        IMMsgData m = q.poll(10, TimeUnit.SECONDS);
        assertThat(m).as("a message arrived").isNotNull();
        return m;
    }

    @Test
    void sdkClientsChatThroughDiscoveryWithTeamTalksTextEncoding() throws Exception {
        Inbox aliceBox = new Inbox();
        Inbox bobBox = new Inbox();
        TeamTalkClient alice = client(1, ClientType.CLIENT_TYPE_WINDOWS, aliceBox);
        TeamTalkClient bob = client(2, ClientType.CLIENT_TYPE_ANDROID, bobBox);
        assertThat(alice.userId()).isEqualTo(1);

        IMMsgDataAck ack = alice.sendText(2, "你好, bob").get(10, TimeUnit.SECONDS);
        assertThat(ack.getMsgId()).isEqualTo(1);
        IMMsgData got = next(bobBox.messages);
        assertThat(TeamTalkText.decode(got.getMsgData())).isEqualTo("你好, bob");
        assertThat(got.getFromUserId()).isEqualTo(1);

        // bob's client acked automatically: nothing counted as unacked for him
        Awaitility.await("bob's receiver ack").atMost(Duration.ofSeconds(5))
                .until(() -> server.stats().receiverAcks.sum() >= 1);
        assertThat(bob.usersStatus(List.of(1, 3)).get(10, TimeUnit.SECONDS).getUserStatListList())
                .extracting(s -> s.getStatus()).containsExactly(UserStatType.USER_STATUS_ONLINE, UserStatType.USER_STATUS_OFFLINE);
        assertThat(bob.history(SessionType.SESSION_TYPE_SINGLE, 1, 0, 10).get(10, TimeUnit.SECONDS).getMsgListCount()).isEqualTo(1);
    }

    @Test
    void groupsUnreadReadSyncAndKicksThroughTheSdk() throws Exception {
        Inbox c3 = new Inbox();
        Inbox c4pc = new Inbox();
        Inbox c4phone = new Inbox();
        TeamTalkClient u3 = client(3, ClientType.CLIENT_TYPE_WINDOWS, c3);
        int gid = u3.createGroup("sdk group", GroupType.GROUP_TYPE_TMP, List.of(3, 4, 5)).get(10, TimeUnit.SECONDS).getGroupId();
        for (int i = 0; i < 3; i++) {
            assertThat(u3.sendGroupText(gid, "g" + i).get(10, TimeUnit.SECONDS).getMsgId()).isEqualTo(i + 1);
        }
        TeamTalkClient u4 = client(4, ClientType.CLIENT_TYPE_MAC, c4pc);
        TeamTalkClient u4phone = client(4, ClientType.CLIENT_TYPE_IOS, c4phone);
        assertThat(u4.unread().get(10, TimeUnit.SECONDS).getTotalCnt()).isEqualTo(3);
        // a temporary group is not in the "normal group" list (as in TeamTalk), but its info is there
        assertThat(u4.groupInfo(java.util.Map.of(gid, 0)).get(10, TimeUnit.SECONDS).getGroupInfoList(0).getGroupMemberListList())
                .containsExactlyInAnyOrder(3, 4, 5);
        u4.readAck(gid, SessionType.SESSION_TYPE_GROUP, 3);
        IMMsgDataReadNotify read = c4phone.reads.poll(10, TimeUnit.SECONDS);
        assertThat(read).isNotNull();
        assertThat(read.getSessionId()).isEqualTo(gid);

        // live group message reaches both of user 4's devices
        u3.sendGroupText(gid, "live").get(10, TimeUnit.SECONDS);
        assertThat(TeamTalkText.decode(next(c4pc.messages).getMsgData())).isEqualTo("live");
        assertThat(TeamTalkText.decode(next(c4phone.messages).getMsgData())).isEqualTo("live");

        // a second Mac login of user 4 kicks the first; the SDK reports it and does not come back
        Inbox c4pc2 = new Inbox();
        client(4, ClientType.CLIENT_TYPE_MAC, c4pc2);
        Throwable why = c4pc.disconnects.poll(10, TimeUnit.SECONDS);
        assertThat(why).isInstanceOf(KickedException.class);
        assertThat(u4.isLoggedIn()).isFalse();
        assertThat(u4phone.isLoggedIn()).isTrue();
    }

    @Test
    void aWrongPasswordFailsTheSdkLoginWithCode6() {
        ClientConfig cfg = ClientConfig.builder().loginUrl("http://127.0.0.1:" + login.httpPort() + "/msg_server")
                .user("k5").password("wrong").reconnect(false).build();
        TeamTalkClient c = TeamTalkClient.create(cfg, new Inbox());
        clients.add(c);
        assertThatThrownBy(() -> c.connect().get(15, TimeUnit.SECONDS))
                .hasCauseInstanceOf(LoginFailedException.class);
    }
}
