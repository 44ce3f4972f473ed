package io.teamtalkj.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mogujie.tt.protobuf.IMBaseDefine.ClientType;
import com.mogujie.tt.protobuf.IMBaseDefine.KickReasonType;
import com.mogujie.tt.protobuf.IMBaseDefine.UserStatType;
import com.mogujie.tt.protobuf.IMLogin.IMKickUser;
import com.mogujie.tt.protobuf.IMLogin.IMLoginReq;
import com.mogujie.tt.protobuf.IMLogin.IMLoginRes;
import com.mogujie.tt.protobuf.IMMessage;
import com.sun.net.httpserver.HttpServer;
import io.netty.channel.EventLoopGroup;
import io.teamtalkj.net.EventLoops;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Pdu;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Login, discovery, heartbeats, reconnects, kick, logout and close against the scripted msg-server. */
class ConnectionTest {
    private FakeMsgServer server;
    private RecordingListener listener;
    private TeamTalkClient client;
    private HttpServer http;

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
        if (http != null) {
            http.stop(0);
        }
        server.close();
    }

    private ClientConfig.Builder cfg() {
        return ClientConfig.builder().msgServer("127.0.0.1", server.port()).user("alice").password("plain")
                .requestTimeout(Duration.ofSeconds(5)).backoff(Duration.ofMillis(20), Duration.ofMillis(100));
    }

    private TeamTalkClient connect(ClientConfig.Builder b) throws Exception {
        client = TeamTalkClient.create(b.build(), listener);
        client.connect().get(10, TimeUnit.SECONDS);
        return client;
    }

    @Test
    void loginSendsTheMd5HexClientTypeAndStatus() throws Exception {
        client = TeamTalkClient.create(cfg().clientType(ClientType.CLIENT_TYPE_ANDROID)
                .onlineStatus(UserStatType.USER_STATUS_LEAVE).clientVersion("test 1.0").build(), listener);
        assertThat(client.state()).isEqualTo(ClientState.NEW);
        IMLoginRes res = client.connect().get(10, TimeUnit.SECONDS);

        IMLoginReq req = server.loginRequests.get(0);
        assertThat(req.getUserName()).isEqualTo("alice");
        assertThat(req.getPassword()).isEqualTo("ac7938d40cfc2307e2bf325d28e7884e").isEqualTo(Md5.hex("plain"));
        assertThat(req.getClientType()).isEqualTo(ClientType.CLIENT_TYPE_ANDROID);
        assertThat(req.getOnlineStatus()).isEqualTo(UserStatType.USER_STATUS_LEAVE);
        assertThat(req.getClientVersion()).isEqualTo("test 1.0");

        assertThat(res.getResultCode().getNumber()).isZero();
        assertThat(client.isLoggedIn()).isTrue();
        assertThat(client.state()).isEqualTo(ClientState.LOGGED_IN);
        assertThat(client.userId()).isEqualTo(FakeMsgServer.USER_ID);
        assertThat(client.userInfo().getUserRealName()).isEqualTo("alice");
        // connect() again while logged in answers with the same login
        assertThat(client.connect().get(10, TimeUnit.SECONDS)).isEqualTo(res);
        assertThat(server.logins()).isEqualTo(1);
    }

    @Test
    void refusedLoginFailsWithTheResultCodeAndNoRetry() throws Exception {
        server.loginResult = 6;
        client = TeamTalkClient.create(cfg().build(), listener);
        assertThatThrownBy(() -> client.connect().get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(LoginFailedException.class)
                .hasMessageContaining("code 6").hasMessageContaining("REFUSE_REASON_DB_VALIDATE_FAILED")
                .satisfies(e -> {
                    LoginFailedException l = (LoginFailedException) e;
                    assertThat(l.resultCode()).isEqualTo(6);
                    assertThat(l.text()).isEqualTo("bad user name or password");
                    assertThat(l.isCredentialsProblem()).isTrue();
                });
        assertThat(client.isLoggedIn()).isFalse();
        assertThat(client.state()).isEqualTo(ClientState.NEW);
        RecordingListener.await("the connection closed", () -> server.connectionCount() == 0);
        assertThat(server.logins()).isEqualTo(1);
        assertThat(listener.disconnects).as("never logged in, so never disconnected").isEmpty();

        // a later connect() may succeed
        server.loginResult = 0;
        assertThat(client.connect().get(10, TimeUnit.SECONDS).getResultCode().getNumber()).isZero();
    }

    @Test
    void requestsBeforeLoginFailFast() throws Exception {
        client = TeamTalkClient.create(cfg().build(), listener);
        assertThatThrownBy(() -> client.unread().get(10, TimeUnit.SECONDS)).cause()
                .isInstanceOf(NotConnectedException.class);
        assertThatThrownBy(() -> client.readAck(7, com.mogujie.tt.protobuf.IMBaseDefine.SessionType.SESSION_TYPE_SINGLE, 1))
                .isInstanceOf(NotConnectedException.class);
        assertThatThrownBy(() -> client.sendRaw(Pdu.heartbeat())).isInstanceOf(NotConnectedException.class);
    }

    @Test
    void unreachableMsgServerFailsTheConnect() throws Exception {
        int port = server.port();
        server.close();
        client = TeamTalkClient.create(cfg().msgServer("127.0.0.1", port).build(), listener);
        assertThatThrownBy(() -> client.connect().get(10, TimeUnit.SECONDS)).cause()
                .isInstanceOf(ConnectionLostException.class).hasMessageContaining("cannot connect");
        server = FakeMsgServer.start();
    }

    @Test
    void heartbeatsGoOutWhenIdleAndTheEchoIsTolerated() throws Exception {
        // generous interval: only a missing echo for three of them (750 ms) may count as dead
        connect(cfg().heartbeat(Duration.ofMillis(250)));
        RecordingListener.await("four heartbeats", () -> server.heartbeats.get() >= 4);
        // well past three intervals with echoes arriving: still the same connection
        assertThat(client.isLoggedIn()).isTrue();
        assertThat(listener.disconnects).isEmpty();
        assertThat(listener.pushes).as("echoes are not pushes").isEmpty();
        assertThat(server.logins()).isEqualTo(1);
    }

    @Test
    void silenceForThreeHeartbeatsMeansDeadAndTriggersAReconnect() throws Exception {
        server.echoHeartbeats = false;
        connect(cfg().heartbeat(Duration.ofMillis(100)));
        RecordingListener.await("a disconnect", () -> !listener.disconnects.isEmpty());
        server.echoHeartbeats = true;
        assertThat(listener.disconnects.get(0)).get(InstanceOfAssertFactories.THROWABLE).isInstanceOf(ConnectionLostException.class)
                .hasMessageContaining("nothing received");
        RecordingListener.await("a reconnect", () -> !listener.reconnects.isEmpty());
        assertThat(server.logins()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aReconnectSendsTheNewestSessionTokenWithThePassword() throws Exception {
        com.google.protobuf.ByteString first = com.google.protobuf.ByteString.copyFromUtf8("token-1");
        com.google.protobuf.ByteString fresh = com.google.protobuf.ByteString.copyFromUtf8("token-2");
        server.loginToken = first;
        connect(cfg().heartbeat(Duration.ofMillis(100)));
        assertThat(server.loginRequests.get(0).hasTtSessionToken()).as("the first login has none").isFalse();
        assertThat(client.sessionToken()).isEqualTo(first);
        server.heartbeatToken = fresh;
        RecordingListener.await("the refreshed token", () -> fresh.equals(client.sessionToken()));

        server.dropConnections();
        RecordingListener.await("onReconnected", () -> listener.reconnects.size() == 1);
        assertThat(server.loginRequests.get(1).getTtSessionToken()).isEqualTo(fresh);
        assertThat(server.loginRequests.get(1).getPassword()).as("the password goes along")
                .isEqualTo(server.loginRequests.get(0).getPassword());
    }

    @Test
    void withoutResumeLoginNoTokenIsSent() throws Exception {
        server.loginToken = com.google.protobuf.ByteString.copyFromUtf8("token-1");
        connect(cfg().resumeLogin(false));
        server.dropConnections();
        RecordingListener.await("onReconnected", () -> listener.reconnects.size() == 1);
        assertThat(server.loginRequests.get(1).hasTtSessionToken()).isFalse();
    }

    @Test
    void reconnectsAndLogsInAgainAfterTheServerDropsTheConnection() throws Exception {
        connect(cfg());
        CompletableFuture<IMMessage.IMUnreadMsgCntRsp> pending = client.unread();
        server.expect(CommandId.CID_MSG_UNREAD_CNT_REQUEST);

        server.dropConnections();
        assertThatThrownBy(() -> pending.get(10, TimeUnit.SECONDS)).cause().isInstanceOf(ConnectionLostException.class);
        RecordingListener.await("onReconnected", () -> listener.reconnects.size() == 1);
        assertThat(listener.disconnects).hasSize(1);
        assertThat(listener.disconnects.get(0)).isPresent();
        assertThat(server.logins()).isEqualTo(2);
        assertThat(server.loginRequests.get(1)).isEqualTo(server.loginRequests.get(0));
        assertThat(client.isLoggedIn()).isTrue();

        // the new connection serves requests
        server.responder = (ch, pdu) -> ch.writeAndFlush(Pdu.of(CommandId.CID_MSG_UNREAD_CNT_RESPONSE, pdu.seq(),
                IMMessage.IMUnreadMsgCntRsp.newBuilder().setUserId(FakeMsgServer.USER_ID).setTotalCnt(2).build()));
        assertThat(client.unread().get(10, TimeUnit.SECONDS).getTotalCnt()).isEqualTo(2);
    }

    @Test
    void whileReconnectingRequestsFailAndLoginIsRetried() throws Exception {
        connect(cfg().requestTimeout(Duration.ofSeconds(1)));
        server.answerLogin = false;
        server.dropConnections();
        RecordingListener.await("a second login attempt", () -> server.logins() >= 2);
        assertThat(client.state()).isEqualTo(ClientState.RECONNECTING);
        assertThatThrownBy(() -> client.unread().get(10, TimeUnit.SECONDS)).cause()
                .isInstanceOf(NotConnectedException.class).hasMessageContaining("reconnecting");
        // the unanswered login times out and is tried again
        RecordingListener.await("a third login attempt", () -> server.logins() >= 3);
        server.answerLogin = true;
        RecordingListener.await("onReconnected", () -> listener.reconnects.size() == 1);
        assertThat(client.isLoggedIn()).isTrue();
    }

    @Test
    void reconnectRefusedForBadCredentialsStops() throws Exception {
        connect(cfg());
        server.loginResult = 6;
        server.dropConnections();
        RecordingListener.await("two disconnect notices", () -> listener.disconnects.size() == 2);
        assertThat(listener.disconnects.get(1)).get(InstanceOfAssertFactories.THROWABLE).isInstanceOf(LoginFailedException.class);
        assertThat(client.state()).isEqualTo(ClientState.DISCONNECTED);
        assertThat(server.logins()).isEqualTo(2);
    }

    @Test
    void kickedClientDisconnectsAndDoesNotReconnect() throws Exception {
        connect(cfg());
        server.send(Pdu.push(CommandId.CID_LOGIN_KICK_USER, IMKickUser.newBuilder().setUserId(FakeMsgServer.USER_ID)
                .setKickReason(KickReasonType.KICK_REASON_DUPLICATE_USER).build()));
        RecordingListener.await("onKicked", () -> listener.kicks.size() == 1);
        RecordingListener.await("the client closed the connection", () -> server.connectionCount() == 0);
        RecordingListener.await("onDisconnected", () -> listener.disconnects.size() == 1);
        assertThat(listener.disconnects.get(0)).get(InstanceOfAssertFactories.THROWABLE).isInstanceOf(KickedException.class);
        assertThat(client.state()).isEqualTo(ClientState.DISCONNECTED);
        assertNoReloginFor(Duration.ofMillis(500)); // dozens of backoff periods
        assertThat(listener.reconnects).isEmpty();
    }

    @Test
    void withCloseOnKickOffTheConnectionStaysUntilTheServerClosesIt() throws Exception {
        connect(cfg().closeOnKick(false));
        server.send(Pdu.push(CommandId.CID_LOGIN_KICK_USER, IMKickUser.newBuilder().setUserId(FakeMsgServer.USER_ID)
                .setKickReason(KickReasonType.KICK_REASON_MOBILE_KICK).build()));
        RecordingListener.await("onKicked", () -> listener.kicks.size() == 1);
        // still connected: a request goes through
        server.responder = (ch, pdu) -> ch.writeAndFlush(Pdu.of(CommandId.CID_MSG_TIME_RESPONSE, pdu.seq(),
                IMMessage.IMClientTimeRsp.newBuilder().setServerTime(1).build()));
        assertThat(client.clientTime().get(10, TimeUnit.SECONDS).getServerTime()).isEqualTo(1);

        server.dropConnections();
        RecordingListener.await("onDisconnected", () -> listener.disconnects.size() == 1);
        assertThat(listener.disconnects.get(0)).get(InstanceOfAssertFactories.THROWABLE).isInstanceOf(KickedException.class);
        assertThat(client.state()).isEqualTo(ClientState.DISCONNECTED);
        assertNoReloginFor(Duration.ofMillis(500));
    }

    @Test
    void logoutWaitsForTheAnswerThenClosesForGood() throws Exception {
        connect(cfg());
        client.logout().get(10, TimeUnit.SECONDS);
        server.expect(CommandId.CID_LOGIN_REQ_LOGINOUT);
        assertThat(client.state()).isEqualTo(ClientState.CLOSED);
        RecordingListener.await("the connection closed", () -> server.connectionCount() == 0);
        assertThat(listener.disconnects).containsExactly(Optional.empty());
        assertThatThrownBy(() -> client.unread().get(10, TimeUnit.SECONDS)).cause().isInstanceOf(NotConnectedException.class);
        assertNoReloginFor(Duration.ofMillis(300));
        // closing afterwards, even once the client's own event loop has stopped, is harmless
        client.eventLoop().parent().terminationFuture().awaitUninterruptibly(10, TimeUnit.SECONDS);
        client.close();
        client.close();
    }

    @Test
    void closeFailsPendingRequestsAndDoesNotReconnect() throws Exception {
        connect(cfg());
        CompletableFuture<IMMessage.IMUnreadMsgCntRsp> pending = client.unread();
        server.expect(CommandId.CID_MSG_UNREAD_CNT_REQUEST);
        client.close();
        assertThat(client.state()).isEqualTo(ClientState.CLOSED);
        assertThatThrownBy(() -> pending.get(10, TimeUnit.SECONDS)).cause().isInstanceOf(ConnectionLostException.class);
        assertThat(listener.disconnects).containsExactly(Optional.empty());
        RecordingListener.await("the connection closed", () -> server.connectionCount() == 0);
        assertNoReloginFor(Duration.ofMillis(300));
        client.close(); // idempotent
        assertThatThrownBy(() -> client.connect().get(10, TimeUnit.SECONDS)).cause().isInstanceOf(NotConnectedException.class);
    }

    @Test
    void discoveryFindsTheMsgServerAndIsAskedAgainOnEveryReconnect() throws Exception {
        AtomicInteger hits = new AtomicInteger();
        String url = serveDiscovery(hits, () -> "{\n  \"code\" : 0,\n  \"msg\" : \"\",\n  \"priorIP\" : \"127.0.0.1\",\n"
                + "  \"backupIP\" : \"127.0.0.1\",\n  \"port\" : \"" + server.port() + "\",\n"
                + "  \"msfsPrior\" : \"http://127.0.0.1:8700/\",\n  \"msfsBackup\" : \"http://127.0.0.1:8700/\",\n"
                + "  \"discovery\" : \"http://127.0.0.1/api/discovery\"\n}\n");
        client = TeamTalkClient.create(ClientConfig.builder().loginUrl(url).user("alice").password("plain")
                .backoff(Duration.ofMillis(20), Duration.ofMillis(100)).build(), listener);
        client.connect().get(10, TimeUnit.SECONDS);
        assertThat(hits.get()).isEqualTo(1);
        assertThat(server.logins()).isEqualTo(1);

        server.dropConnections();
        RecordingListener.await("onReconnected", () -> listener.reconnects.size() == 1);
        assertThat(hits.get()).isEqualTo(2);
    }

    @Test
    void withAMsgServerAndALoginUrlTheFirstConnectGoesStraightThereAndReconnectsAskTheLoginServer() throws Exception {
        AtomicInteger hits = new AtomicInteger();
        String url = serveDiscovery(hits, () -> "{\"code\":0,\"msg\":\"\",\"priorIP\":\"127.0.0.1\",\"backupIP\":\"127.0.0.1\","
                + "\"port\":\"" + server.port() + "\"}");
        client = TeamTalkClient.create(ClientConfig.builder().msgServer("127.0.0.1", server.port()).loginUrl(url)
                .user("alice").password("plain").backoff(Duration.ofMillis(20), Duration.ofMillis(100)).build(), listener);
        client.connect().get(10, TimeUnit.SECONDS);
        assertThat(hits.get()).as("no discovery for the first connect").isZero();

        server.dropConnections();
        RecordingListener.await("onReconnected", () -> listener.reconnects.size() == 1);
        assertThat(hits.get()).as("the reconnect asked the login-server").isEqualTo(1);
        assertThat(server.logins()).isEqualTo(2);
    }

    @Test
    void discoveryWithoutAMsgServerFailsClearly() throws Exception {
        AtomicInteger hits = new AtomicInteger();
        String url = serveDiscovery(hits, () -> "{\"code\":1,\"msg\":\"没有msg_server\"}");
        client = TeamTalkClient.create(ClientConfig.builder().loginUrl(url).user("alice").password("plain").build(), listener);
        assertThatThrownBy(() -> client.connect().get(10, TimeUnit.SECONDS)).cause()
                .isInstanceOf(DiscoveryException.class)
                .hasMessageContaining(url).hasMessageContaining("code 1").hasMessageContaining("no msg-server available")
                .satisfies(e -> assertThat(((DiscoveryException) e).code()).isEqualTo(1));
        assertThat(hits.get()).isEqualTo(1);
        assertThat(server.logins()).isZero();
        assertThat(client.state()).isEqualTo(ClientState.NEW);
    }

    @Test
    void clientsCanShareOneEventLoopGroup() throws Exception {
        EventLoopGroup group = EventLoops.newGroup("shared-clients", 1);
        try {
            TeamTalkClient a = TeamTalkClient.create(cfg().build(), listener, group);
            TeamTalkClient b = TeamTalkClient.create(cfg().user("bob").build(), new RecordingListener(), group);
            CompletableFuture.allOf(a.connect(), b.connect()).get(10, TimeUnit.SECONDS);
            assertThat(a.eventLoop()).isSameAs(b.eventLoop());
            assertThat(server.loginRequests).extracting(IMLoginReq::getUserName).containsExactlyInAnyOrder("alice", "bob");
            a.close();
            b.close();
            assertThat(group.isShuttingDown()).as("a shared group outlives its clients").isFalse();
            RecordingListener.await("both connections closed", () -> server.connectionCount() == 0);
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void localAddressChoosesTheSourceAddress() throws Exception {
        connect(cfg().localAddress(InetAddress.getByName("127.0.0.2")));
        InetSocketAddress remote = (InetSocketAddress) server.latest().remoteAddress();
        assertThat(remote.getAddress().getHostAddress()).isEqualTo("127.0.0.2");
        assertThat(client.localAddress().getAddress().getHostAddress()).isEqualTo("127.0.0.2");
    }

    private String serveDiscovery(AtomicInteger hits, Supplier<String> body) throws Exception {
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/msg_server", exchange -> {
            hits.incrementAndGet();
            byte[] bytes = body.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html;charset=utf-8");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        http.start();
        return "http://127.0.0.1:" + http.getAddress().getPort() + "/msg_server";
    }

    /** No login arrives in the window; backoff is 20-100 ms, so a reconnect would have shown. */
    private void assertNoReloginFor(Duration window) {
        int logins = server.logins();
        Awaitility.await("no login for " + window).during(window).atMost(window.plusSeconds(1))
                .until(() -> server.logins() == logins);
        assertThat(List.of(ClientState.DISCONNECTED, ClientState.CLOSED)).contains(client.state());
    }
}
