package io.teamtalkj.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mogujie.tt.protobuf.IMBaseDefine.ResultType;
import com.mogujie.tt.protobuf.IMLogin.IMMsgServReq;
import com.mogujie.tt.protobuf.IMLogin.IMMsgServRsp;
import com.mogujie.tt.protobuf.IMServer.IMMsgServInfo;
import com.mogujie.tt.protobuf.IMServer.IMUserCntUpdate;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.netty.channel.EventLoopGroup;
import io.teamtalkj.control.proto.HealthCheckRequest;
import io.teamtalkj.control.proto.HealthCheckResponse;
import io.teamtalkj.control.proto.ServingStatus;
import io.teamtalkj.control.proto.TierHealthGrpc;
import io.teamtalkj.links.login.LoginServerReporter;
import io.teamtalkj.net.EventLoops;
import io.teamtalkj.net.PduLink;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Pdu;
import io.teamtalkj.testing.PduTestClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The login-server on real sockets: HTTP clients, msg-server links (raw and via the reporter), legacy PDUs. */
@Timeout(300)
class LoginServerIT {
    private static final String MSFS = "http://127.0.0.1:8700/";
    private static final String DISCOVERY = "http://127.0.0.1/api/discovery";

    private final List<AutoCloseable> closeLast = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private EventLoopGroup group;
    private LoginServer server;

    @AfterEach
    void tearDown() throws Exception {
        for (int i = closeLast.size() - 1; i >= 0; i--) {
            closeLast.get(i).close();
        }
        if (server != null) {
            server.close();
        }
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    private LoginServer start(Consumer<LoginServerConfig> change) throws Exception {
        LoginServerConfig c = new LoginServerConfig();
        c.listenHost = "127.0.0.1";
        c.httpPort = 0;
        c.msgServerPort = 0;
        c.legacyClientPort = 0;
        c.metricsPort = 0;
        change.accept(c);
        server = LoginServer.start(c);
        return server;
    }

    private LoginServer start() throws Exception {
        return start(c -> { });
    }

    static IMMsgServInfo info(String host, String ip1, String ip2, int port, int cur, int max) {
        return IMMsgServInfo.newBuilder().setIp1(ip1).setIp2(ip2).setPort(port).setMaxConnCnt(max).setCurConnCnt(cur)
                .setHostName(host).build();
    }

    /** A msg-server link made of a plain socket: exactly the bytes we send, no heartbeats. */
    private PduTestClient rawMsgServer(IMMsgServInfo info) throws IOException {
        PduTestClient c = PduTestClient.connect(server.msgServerPort());
        closeLast.add(c);
        if (info != null) {
            c.send(CommandId.CID_OTHER_MSG_SERV_INFO, 0, info);
        }
        return c;
    }

    private LoginServerReporter reporter(IMMsgServInfo info) {
        return reporter(info, PduLink.Settings.DEFAULT);
    }

    private LoginServerReporter reporter(IMMsgServInfo info, PduLink.Settings settings) {
        if (group == null) {
            group = EventLoops.newGroup("test-msg-links", 2);
        }
        LoginServerReporter r = LoginServerReporter.start(info.getHostName(),
                List.of(new InetSocketAddress("127.0.0.1", server.msgServerPort())), group,
                settings.withBackoff(Duration.ofMillis(50), Duration.ofMillis(200)), () -> info);
        closeLast.add(r);
        return r;
    }

    static void await(String what, BooleanSupplier condition) {
        Awaitility.await(what).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                .until(condition::getAsBoolean);
    }

    private HttpResponse<byte[]> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private String body(String path) throws Exception {
        HttpResponse<byte[]> r = get(path);
        assertThat(r.statusCode()).isEqualTo(200);
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    private String chosenHostViaHttp() throws Exception {
        String b = body("/msg_server");
        for (MsgServerEntry e : server.registry().entries()) {
            if (b.contains("\"port\":\"" + e.port() + "\"")) {
                return e.hostName();
            }
        }
        throw new AssertionError("no registered msg-server in " + b);
    }

    /** The whole response as raw bytes, read until the server closes the socket. */
    private byte[] rawHttp(String request) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", server.httpPort()), 5_000);
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all); // returns only at EOF: proves the server closed the connection
            return all.toByteArray();
        }
    }

    @Test
    void msgServerAnswerIsTheExactJsonWithPortAsAString() throws Exception {
        start();
        rawMsgServer(info("ms1", "10.0.0.5", "10.0.0.6", 8000, 3, 100));
        await("registration", () -> server.registry().size() == 1);

        String expected = "{\"code\":0,\"msg\":\"\",\"priorIP\":\"10.0.0.5\",\"backupIP\":\"10.0.0.6\",\"port\":\"8000\","
                + "\"msfsPrior\":\"" + MSFS + "\",\"msfsBackup\":\"" + MSFS + "\",\"discovery\":\"" + DISCOVERY + "\"}";
        byte[] expectedBytes = expected.getBytes(StandardCharsets.UTF_8);

        HttpResponse<byte[]> r = get("/msg_server");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(expectedBytes);
        assertThat(r.headers().firstValue("content-type")).hasValue("text/html;charset=utf-8");
        assertThat(r.headers().firstValue("content-length")).hasValue(Integer.toString(expectedBytes.length));

        // byte for byte on the wire, including the headers, then the server closes
        byte[] raw = rawHttp("GET /msg_server HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(new String(raw, StandardCharsets.UTF_8)).isEqualTo("HTTP/1.1 200 OK\r\n"
                + "Connection: close\r\n"
                + "Content-Type: text/html;charset=utf-8\r\n"
                + "Content-Length: " + expectedBytes.length + "\r\n"
                + "\r\n" + expected);

        // method and query are ignored, as in TeamTalk; so is anything after the prefix
        assertThat(body("/msg_server?client=android&v=1")).isEqualTo(expected);
        assertThat(new String(rawHttp("POST /msg_server/x HTTP/1.0\r\nContent-Length: 2\r\n\r\nab"), StandardCharsets.UTF_8))
                .startsWith("HTTP/1.1 200 OK\r\n").endsWith(expected);
    }

    @Test
    void configuredUrlsAreHandedOut() throws Exception {
        start(c -> {
            c.msfsPrior = "http://img1.example:8700/";
            c.msfsBackup = "https://img2.example/";
            c.discovery = "http://admin.example/api/discovery";
        });
        rawMsgServer(info("ms1", "1.2.3.4", "5.6.7.8", 9000, 0, 10));
        await("registration", () -> server.registry().size() == 1);
        assertThat(body("/msg_server")).isEqualTo("{\"code\":0,\"msg\":\"\",\"priorIP\":\"1.2.3.4\",\"backupIP\":\"5.6.7.8\","
                + "\"port\":\"9000\",\"msfsPrior\":\"http://img1.example:8700/\",\"msfsBackup\":\"https://img2.example/\","
                + "\"discovery\":\"http://admin.example/api/discovery\"}");
    }

    @Test
    void noMsgServerIsCode1AndAllFullIsCode2() throws Exception {
        start();
        HttpResponse<byte[]> none = get("/msg_server");
        assertThat(none.statusCode()).isEqualTo(200);
        assertThat(none.body()).isEqualTo("{\"code\":1,\"msg\":\"没有msg_server\"}".getBytes(StandardCharsets.UTF_8));

        LoginServerReporter a = reporter(info("a", "10.0.0.1", "10.0.0.1", 8000, 2, 2));
        reporter(info("b", "10.0.0.2", "10.0.0.2", 8001, 0, 0));
        await("both registered", () -> server.registry().size() == 2);
        assertThat(get("/msg_server").body())
                .isEqualTo("{\"code\":2,\"msg\":\"负载过高\"}".getBytes(StandardCharsets.UTF_8));

        a.userLoggedOut(42); // a now has room for one
        await("a below its maximum", () -> server.registry().choose().code() == MsgServerChoice.OK);
        assertThat(body("/msg_server")).contains("\"code\":0", "\"port\":\"8000\"");
    }

    @Test
    void leastLoadedOfThreeReportersAndUserCountsMoveTheChoice() throws Exception {
        start();
        LoginServerReporter a = reporter(info("a", "10.0.0.1", "10.0.0.1", 8001, 5, 100));
        await("a", () -> server.registry().size() == 1);
        LoginServerReporter b = reporter(info("b", "10.0.0.2", "10.0.0.2", 8002, 3, 100));
        await("b", () -> server.registry().size() == 2);
        LoginServerReporter c = reporter(info("c", "10.0.0.3", "10.0.0.3", 8003, 3, 100));
        await("c", () -> server.registry().size() == 3);
        assertThat(server.registry().entries()).extracting(MsgServerEntry::hostName).containsExactly("a", "b", "c");

        assertThat(chosenHostViaHttp()).isEqualTo("b"); // 3 users, tie with c, registered first

        b.userLoggedIn(1);
        await("b at 4", () -> count("b") == 4);
        assertThat(chosenHostViaHttp()).isEqualTo("c");

        c.userLoggedIn(2);
        c.userLoggedIn(3);
        await("c at 5", () -> count("c") == 5);
        assertThat(chosenHostViaHttp()).isEqualTo("b");

        a.userLoggedOut(4);
        a.userLoggedOut(5);
        a.userLoggedOut(6);
        await("a at 2", () -> count("a") == 2);
        assertThat(chosenHostViaHttp()).isEqualTo("a");

        // a msg-server that goes away is no longer handed out
        a.close();
        await("a gone", () -> server.registry().size() == 2);
        assertThat(chosenHostViaHttp()).isEqualTo("b");
    }

    private long count(String host) {
        return server.registry().entries().stream().filter(e -> e.hostName().equals(host))
                .mapToLong(MsgServerEntry::curConnCnt).findFirst().orElse(-1);
    }

    @Test
    void aLaterAnnouncementOnTheSameLinkReplacesTheEntry() throws Exception {
        start();
        PduTestClient ms = rawMsgServer(info("ms", "10.0.0.1", "10.0.0.1", 8000, 1, 100));
        await("registration", () -> server.registry().size() == 1);
        ms.send(CommandId.CID_OTHER_USER_CNT_UPDATE, 0, IMUserCntUpdate.newBuilder().setUserAction(1).setUserId(7).build());
        await("count 2", () -> count("ms") == 2);
        ms.send(CommandId.CID_OTHER_MSG_SERV_INFO, 0, info("ms", "10.9.9.9", "10.9.9.9", 8888, 40, 100));
        await("replaced", () -> server.registry().entries().get(0).port() == 8888);
        assertThat(server.registry().size()).isEqualTo(1);
        assertThat(count("ms")).isEqualTo(40);
    }

    @Test
    void aClosedLinkRemovesItsEntry() throws Exception {
        start();
        PduTestClient ms = rawMsgServer(info("ms", "10.0.0.1", "10.0.0.1", 8000, 1, 100));
        await("registration", () -> server.registry().size() == 1);
        ms.close();
        await("entry removed after the link closed", () -> server.registry().size() == 0);
        assertThat(body("/msg_server")).contains("\"code\":1");
    }

    @Test
    void aSilentLinkIsClosedAfterTheTimeoutAndItsEntryRemoved() throws Exception {
        start(c -> {
            c.linkHeartbeat = Duration.ofMillis(200);
            c.linkTimeout = Duration.ofMillis(800);
        });
        PduTestClient silent = rawMsgServer(info("silent", "10.0.0.1", "10.0.0.1", 8000, 1, 100));
        await("registration", () -> server.registry().size() == 1);
        // the login-server heartbeats the link while it waits
        assertThat(silent.readFrame().commandId()).isEqualTo(CommandId.CID_OTHER_HEARTBEAT);
        await("silent link dropped", () -> server.registry().size() == 0);
        assertThat(silent.closedWithin(10_000)).isTrue();

        // a reporter heartbeats on its own schedule and stays registered well past the timeout
        reporter(info("live", "10.0.0.2", "10.0.0.2", 8001, 0, 10),
                PduLink.Settings.DEFAULT.withHeartbeat(Duration.ofMillis(200), Duration.ofMillis(800)));
        await("live registered", () -> server.registry().size() == 1);
        PduTestClient probe = rawMsgServer(null);
        assertThat(probe.closedWithin(2_000)).isTrue(); // three link timeouts later ...
        assertThat(server.registry().size()).isEqualTo(1); // ... the heartbeating one is still there
    }

    @Test
    void aMalformedPduClosesOnlyThatLink() throws Exception {
        start();
        PduTestClient good = rawMsgServer(info("good", "10.0.0.1", "10.0.0.1", 8000, 1, 100));
        PduTestClient bad = rawMsgServer(info("bad", "10.0.0.2", "10.0.0.2", 8001, 0, 100));
        await("both registered", () -> server.registry().size() == 2);

        // IMUserCntUpdate without its required fields does not parse
        bad.send(Pdu.ofBody(CommandId.CID_OTHER_USER_CNT_UPDATE, 0, new byte[] {(byte) 0xff}));
        assertThat(bad.closedWithin(10_000)).isTrue();
        await("bad forgotten", () -> server.registry().size() == 1);
        assertThat(server.registry().entries().get(0).hostName()).isEqualTo("good");

        // an unknown command is dropped, the link stays, and the other link works on
        good.send(Pdu.ofBody(CommandId.CID_MSG_DATA, 5, new byte[0]));
        good.send(CommandId.CID_OTHER_USER_CNT_UPDATE, 0, IMUserCntUpdate.newBuilder().setUserAction(1).setUserId(1).build());
        await("good counted", () -> count("good") == 2);

        // a frame length below the header closes that link too
        PduTestClient garbage = rawMsgServer(info("garbage", "10.0.0.3", "10.0.0.3", 8002, 0, 100));
        await("garbage registered", () -> server.registry().size() == 2);
        garbage.sendRaw(new byte[] {0, 0, 0, 3, 0, 0, 0, 0});
        assertThat(garbage.closedWithin(10_000)).isTrue();
        await("garbage forgotten", () -> server.registry().size() == 1);
        assertThat(good.closedWithin(200)).isFalse();
    }

    @Test
    void legacyPortAnswersWithTheClientsSeqThenCloses() throws Exception {
        start();
        try (PduTestClient client = PduTestClient.connect(server.legacyPort())) {
            client.send(CommandId.CID_LOGIN_REQ_MSGSERVER, 321, IMMsgServReq.getDefaultInstance());
            Pdu rsp = client.receive();
            assertThat(rsp.commandId()).isEqualTo(CommandId.CID_LOGIN_RES_MSGSERVER);
            assertThat(rsp.serviceId()).isEqualTo(1);
            assertThat(rsp.seq()).isEqualTo(321);
            IMMsgServRsp msg = rsp.parse(IMMsgServRsp.parser());
            assertThat(msg.getResultCode()).isEqualTo(ResultType.REFUSE_REASON_NO_MSG_SERVER);
            assertThat(msg.hasPriorIp()).isFalse();
            assertThat(client.closedWithin(10_000)).isTrue();
        }

        rawMsgServer(info("ms", "10.0.0.5", "10.0.0.6", 8000, 0, 100));
        await("registration", () -> server.registry().size() == 1);
        try (PduTestClient client = PduTestClient.connect(server.legacyPort())) {
            // heartbeats are echoed with their seq while the client waits
            client.send(Pdu.heartbeat().withSeq(9));
            Pdu echo = client.readFrame();
            assertThat(echo.commandId()).isEqualTo(CommandId.CID_OTHER_HEARTBEAT);
            assertThat(echo.seq()).isEqualTo(9);

            client.send(CommandId.CID_LOGIN_REQ_MSGSERVER, 65535, IMMsgServReq.getDefaultInstance());
            Pdu rsp = client.receive();
            assertThat(rsp.seq()).isEqualTo(65535);
            IMMsgServRsp msg = rsp.parse(IMMsgServRsp.parser());
            assertThat(msg.getResultCode()).isEqualTo(ResultType.REFUSE_REASON_NONE);
            assertThat(msg.getPriorIp()).isEqualTo("10.0.0.5");
            assertThat(msg.getBackipIp()).isEqualTo("10.0.0.6");
            assertThat(msg.getPort()).isEqualTo(8000);
            assertThat(client.closedWithin(10_000)).isTrue();
        }
    }

    @Test
    void legacyPortAnswersCode2WhenAllAreFull() throws Exception {
        start();
        rawMsgServer(info("ms", "10.0.0.5", "10.0.0.6", 8000, 5, 5));
        await("registration", () -> server.registry().size() == 1);
        try (PduTestClient client = PduTestClient.connect(server.legacyPort())) {
            client.send(CommandId.CID_LOGIN_REQ_MSGSERVER, 1, IMMsgServReq.getDefaultInstance());
            assertThat(client.receive().parse(IMMsgServRsp.parser()).getResultCode())
                    .isEqualTo(ResultType.REFUSE_REASON_MSG_SERVER_FULL);
        }
    }

    @Test
    void legacyPortCanBeDisabled() throws Exception {
        start(c -> c.legacyClientPort = -1);
        assertThat(server.legacyPort()).isEqualTo(-1);
        assertThat(body("/msg_server")).contains("\"code\":1");
    }

    @Test
    void otherPathsAre404AndOversizedRequestsAreRefused() throws Exception {
        start();
        HttpResponse<byte[]> r = get("/other");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(get("/").statusCode()).isEqualTo(404);
        assertThat(get("/msg").statusCode()).isEqualTo(404);

        String longLine = "GET /msg_server?" + "x".repeat(2000) + " HTTP/1.1\r\nHost: x\r\n\r\n";
        assertThat(new String(rawHttp(longLine), StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 414 ");
        String bigHeaders = "GET /msg_server HTTP/1.1\r\nHost: x\r\nX-Pad: " + "y".repeat(4000) + "\r\n\r\n";
        assertThat(new String(rawHttp(bigHeaders), StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 431 ");
        // the body is refused by its announced length (Netty's aggregator; it keeps a keep-alive
        // connection to discard the body, so ask for close to see the end of the response)
        String bigBody = "POST /msg_server HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 5000\r\n\r\n";
        assertThat(new String(rawHttp(bigBody), StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 413 ");
    }

    @Test
    void anIdleHttpConnectionIsClosed() throws Exception {
        start(c -> c.httpIdleTimeout = Duration.ofMillis(300));
        try (PduTestClient idle = new PduTestClient("127.0.0.1", server.httpPort())) {
            assertThat(idle.closedWithin(10_000)).isTrue();
        }
    }

    @Test
    void controlPortReportsServingOnlyWhileAMsgServerHasRoom() throws Exception {
        start(c -> c.controlPort = 0);
        assertThat(server.controlPort()).isPositive();
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.controlPort()).usePlaintext().build();
        closeLast.add(() -> channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
        TierHealthGrpc.TierHealthBlockingStub stub = TierHealthGrpc.newBlockingStub(channel);
        java.util.function.Supplier<HealthCheckResponse> check = () -> stub.withDeadlineAfter(10, TimeUnit.SECONDS)
                .check(HealthCheckRequest.getDefaultInstance());

        HealthCheckResponse none = check.get();
        assertThat(none.getTier()).isEqualTo("login-server");
        assertThat(none.getStatus()).isEqualTo(ServingStatus.NOT_SERVING);
        assertThat(none.getComponents(0).getDetail()).isEqualTo("0 registered, 0 users");

        PduTestClient ms = rawMsgServer(info("ms", "10.0.0.1", "10.0.0.1", 8000, 1, 2));
        await("registration", () -> server.registry().size() == 1);
        HealthCheckResponse up = check.get();
        assertThat(up.getStatus()).isEqualTo(ServingStatus.SERVING);
        assertThat(up.getComponents(0).getName()).isEqualTo("msg-servers");
        assertThat(up.getComponents(0).getDetail()).isEqualTo("1 registered, 1 users");

        ms.send(CommandId.CID_OTHER_USER_CNT_UPDATE, 0, IMUserCntUpdate.newBuilder().setUserAction(1).setUserId(1).build());
        await("full", () -> count("ms") == 2);
        HealthCheckResponse full = check.get();
        assertThat(full.getStatus()).isEqualTo(ServingStatus.NOT_SERVING);
        assertThat(full.getComponents(0).getDetail()).isEqualTo("1 registered, 2 users, all full");
    }

    @Test
    void theControlPortIsOffByDefault() throws Exception {
        start();
        assertThat(server.controlPort()).isEqualTo(-1);
    }

    @Test
    void aPortInUseFailsTheStartWithAnIOException() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            // a BindException with NIO, Netty's NativeIoException with epoll: both IOExceptions
            assertThatThrownBy(() -> start(c -> c.httpPort = taken.getLocalPort())).isInstanceOf(IOException.class)
                    .hasMessageContaining("in use");
            server = null;
        }
    }
}
