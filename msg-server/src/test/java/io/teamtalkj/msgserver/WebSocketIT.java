package io.teamtalkj.msgserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import com.mogujie.tt.protobuf.IMBaseDefine.ClientType;
import com.mogujie.tt.protobuf.IMBaseDefine.MsgType;
import com.mogujie.tt.protobuf.IMBuddy.IMRecentContactSessionReq;
import com.mogujie.tt.protobuf.IMLogin.IMLoginRes;
import com.mogujie.tt.protobuf.IMMessage.IMMsgData;
import com.mogujie.tt.protobuf.IMMessage.IMMsgDataAck;
import com.mogujie.tt.protobuf.IMOther.IMHeartBeat;
import io.teamtalkj.client.ClientConfig;
import io.teamtalkj.client.ClientListener;
import io.teamtalkj.client.TeamTalkClient;
import io.teamtalkj.client.TeamTalkText;
import io.teamtalkj.login.LoginServer;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Pdu;
import io.teamtalkj.net.ws.WebSocketOptions;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The msg-server's WebSocket listener (issue 19): one binary message per PDU through the same
 * pipeline as TCP (login, messages both ways with a TCP client, heartbeats, the auth gate, frame
 * limits), pings, the Origin allow-list and the discovery JSON's wsUrl. The client is the JDK's
 * WebSocket, not Netty's.
 */
@Timeout(120)
class WebSocketIT {
    static TestBed bed;
    static MsgServer server;
    static LoginServer login;

    @BeforeAll
    static void start() throws Exception {
        bed = TestBed.start();
        for (int i = 1; i <= 8; i++) {
            bed.user(i, "u" + i, "pw" + i);
        }
        login = TestBed.startLoginServer();
        MsgServerConfig cfg = bed.msgConfig("ms-ws");
        cfg.wsPort = 0;
        cfg.maxFrameLength = 4096;
        cfg.loginServers = new ArrayList<>(List.of(InetSocketAddress.createUnresolved("127.0.0.1", login.msgServerPort())));
        server = bed.startMsgServer(cfg);
    }

    @AfterAll
    static void stop() {
        bed.close();
        login.close();
    }

    static IMMsgData text(int from, int to, String text) {
        return IMMsgData.newBuilder().setFromUserId(from).setToSessionId(to).setMsgId(0).setCreateTime(0)
                .setMsgType(MsgType.MSG_TYPE_SINGLE_TEXT).setMsgData(ByteString.copyFromUtf8(text)).build();
    }

    @Test
    void aWebUserAndATcpUserExchangeMessagesBothWays() throws Exception {
        try (WsClient web = WsClient.loggedIn(server.wsPort(), "u1", "pw1");
             RawClient tcp = RawClient.loggedIn(server.port(), "u2", "pw2", ClientType.CLIENT_TYPE_MAC)) {
            int s = web.send(CommandId.CID_MSG_DATA, text(1, 2, "from the browser"));
            Pdu ack = web.expect(CommandId.CID_MSG_DATA_ACK);
            assertThat(ack.seq()).isEqualTo(s);
            assertThat(RawClient.parse(ack, IMMsgDataAck.parser()).getMsgId()).isEqualTo(1);
            IMMsgData got = tcp.expect(CommandId.CID_MSG_DATA, IMMsgData.parser());
            assertThat(got.getFromUserId()).isEqualTo(1);
            assertThat(got.getMsgData().toStringUtf8()).isEqualTo("from the browser");

            tcp.send(CommandId.CID_MSG_DATA, text(2, 1, "from the terminal"));
            assertThat(tcp.expect(CommandId.CID_MSG_DATA_ACK, IMMsgDataAck.parser()).getMsgId()).isEqualTo(2);
            IMMsgData back = web.expect(CommandId.CID_MSG_DATA, IMMsgData.parser());
            assertThat(back.getFromUserId()).isEqualTo(2);
            assertThat(back.getMsgId()).isEqualTo(2);
            assertThat(back.getMsgData().toStringUtf8()).isEqualTo("from the terminal");
        }
    }

    @Test
    void heartbeatsAreEchoedWithTheirSeqAndPingsArePonged() throws Exception {
        try (WsClient web = WsClient.loggedIn(server.wsPort(), "u3", "pw3")) {
            int s = web.send(CommandId.CID_OTHER_HEARTBEAT, IMHeartBeat.getDefaultInstance());
            assertThat(web.expect(CommandId.CID_OTHER_HEARTBEAT).seq()).isEqualTo(s);
            web.ws.sendPing(ByteBuffer.wrap(new byte[] {7, 8})).orTimeout(10, TimeUnit.SECONDS).join();
            ByteBuffer pong = web.pongs.poll(10, TimeUnit.SECONDS);
            assertThat(pong).isNotNull();
            assertThat(pong.remaining()).isEqualTo(2);
        }
    }

    @Test
    void aCommandBeforeLoginIsRefusedAndTheConnectionClosed() {
        long refusedBefore = server.stats().refusedBeforeLogin.sum();
        try (WsClient web = WsClient.connect(server.wsPort())) {
            web.send(CommandId.CID_BUDDY_LIST_RECENT_CONTACT_SESSION_REQUEST,
                    IMRecentContactSessionReq.newBuilder().setUserId(5).setLatestUpdateTime(0).build());
            web.closed.orTimeout(10, TimeUnit.SECONDS).join();
            assertThat(server.stats().refusedBeforeLogin.sum()).isEqualTo(refusedBefore + 1);
        }
    }

    @Test
    void anOversizedMessageClosesOnlyThatConnection() throws Exception {
        try (WsClient other = WsClient.loggedIn(server.wsPort(), "u4", "pw4");
             RawClient tcp = RawClient.loggedIn(server.port(), "u5", "pw5", ClientType.CLIENT_TYPE_WINDOWS);
             WsClient big = WsClient.loggedIn(server.wsPort(), "u6", "pw6")) {
            byte[] huge = WsClient.encode(Pdu.of(CommandId.CID_MSG_DATA, 9, text(6, 5, "x".repeat(5000))));
            big.sendBytes(huge);
            assertThat(big.closed.get(10, TimeUnit.SECONDS)).as("close status: message too big").isEqualTo(1009);

            // a message that is not exactly one PDU (two PDUs in one message) is a protocol error
            try (WsClient two = WsClient.loggedIn(server.wsPort(), "u6", "pw6")) {
                byte[] one = WsClient.encode(Pdu.of(CommandId.CID_OTHER_HEARTBEAT, 1, IMHeartBeat.getDefaultInstance()));
                byte[] both = new byte[one.length * 2];
                System.arraycopy(one, 0, both, 0, one.length);
                System.arraycopy(one, 0, both, one.length, one.length);
                two.sendBytes(both);
                assertThat(two.closed.get(10, TimeUnit.SECONDS)).isEqualTo(1002);
            }

            // the others still talk
            other.send(CommandId.CID_MSG_DATA, text(4, 5, "still here"));
            assertThat(other.expect(CommandId.CID_MSG_DATA_ACK, IMMsgDataAck.parser()).getMsgId()).isEqualTo(1);
            assertThat(tcp.expect(CommandId.CID_MSG_DATA, IMMsgData.parser()).getMsgData().toStringUtf8())
                    .isEqualTo("still here");
        }
    }

    @Test
    void discoveryNamesTheWebSocketUrl() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String expected = "ws://127.0.0.1:" + server.wsPort() + "/ws";
        assertThat(server.wsUrl()).isEqualTo(expected);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + login.httpPort() + "/msg_server")).build(),
                HttpResponse.BodyHandlers.ofString()).body()).contains("\"wsUrl\":\"" + expected + "\""));
    }

    @Test
    void anOriginOffTheAllowListIsRefusedAndOneOnItLogsIn() throws Exception {
        MsgServerConfig cfg = bed.msgConfig("ms-ws-origin");
        cfg.wsPort = 0;
        cfg.ws = WebSocketOptions.DEFAULT.withAllowedOrigins(List.of("https://chat.example.com"));
        MsgServer strict = bed.startMsgServer(cfg);
        assertThatThrownBy(() -> WsClient.connect(strict.wsPort(), "https://evil.example.org"))
                .isInstanceOf(CompletionException.class).cause().isInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode()).isEqualTo(403));
        assertThatThrownBy(() -> WsClient.connect(strict.wsPort()))
                .as("no Origin at all").cause().isInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode()).isEqualTo(403));
        try (WsClient ok = WsClient.connect(strict.wsPort(), "https://chat.example.com")) {
            IMLoginRes res = ok.login("u3", "pw3");
            assertThat(res.getResultCode().getNumber()).isZero();
        }
    }

    @Test
    void theSdkDiscoversTheWebSocketUrlAndSpeaksWebSocket() throws Exception {
        try (RawClient tcp = RawClient.loggedIn(server.port(), "u8", "pw8", ClientType.CLIENT_TYPE_ANDROID);
             TeamTalkClient sdk = TeamTalkClient.create(ClientConfig.builder()
                     .loginUrl("http://127.0.0.1:" + login.httpPort() + "/msg_server").webSocket("/ws")
                     .user("u7").password("pw7").build(), new ClientListener() { })) {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(server.wsUrl()).isNotEmpty());
            assertThat(sdk.connectAndWait(Duration.ofSeconds(10)).getUserInfo().getUserId()).isEqualTo(7);
            assertThat(java.util.Arrays.asList(server.sessions().sessions(7))).as("the SDK's connection is on the WebSocket port")
                    .anyMatch(s -> ((java.net.InetSocketAddress) s.channel().localAddress()).getPort() == server.wsPort());
            IMMsgDataAck ack = sdk.sendText(8, "sdk over websocket").get(10, TimeUnit.SECONDS);
            IMMsgData got = tcp.expect(CommandId.CID_MSG_DATA, IMMsgData.parser());
            assertThat(got.getMsgId()).isEqualTo(ack.getMsgId());
            assertThat(TeamTalkText.decode(got.getMsgData())).isEqualTo("sdk over websocket");
        }
    }

    @Test
    void aPlainHttpRequestOnTheWebSocketPortGets404() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.wsPort() + "/other")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(404);
    }
}
