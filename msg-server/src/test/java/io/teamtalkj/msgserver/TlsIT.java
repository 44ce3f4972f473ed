package io.teamtalkj.msgserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.mogujie.tt.protobuf.IMBaseDefine.ClientFileRole;
import com.mogujie.tt.protobuf.IMBaseDefine.ClientFileState;
import com.mogujie.tt.protobuf.IMBaseDefine.TransferFileType;
import com.mogujie.tt.protobuf.IMFile.IMFileReq;
import com.mogujie.tt.protobuf.IMFile.IMFileRsp;
import com.mogujie.tt.protobuf.IMMessage.IMMsgData;
import com.mogujie.tt.protobuf.IMMessage.IMMsgDataAck;
import io.teamtalkj.client.ClientConfig;
import io.teamtalkj.client.ClientListener;
import io.teamtalkj.client.TeamTalkClient;
import io.teamtalkj.client.TeamTalkText;
import io.teamtalkj.client.file.FileTransferClient;
import io.teamtalkj.client.file.FileTransferException;
import io.teamtalkj.client.file.SegmentSource;
import io.teamtalkj.file.FileServer;
import io.teamtalkj.file.FileServerConfig;
import io.teamtalkj.login.LoginServer;
import io.teamtalkj.login.LoginServerConfig;
import io.teamtalkj.net.TlsConfig;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.route.RouteServer;
import io.teamtalkj.route.RouteServerConfig;
import io.teamtalkj.testing.TestCerts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS end to end: SDK clients on a TLS client port, the msg-server's links to the dbproxy and a
 * route-server over mutual TLS, and what happens to a plain client on the TLS port and to a
 * msg-server whose certificate the cluster's CA did not sign. The login-server's HTTP port, the
 * file-server's client port and its image store are TLS too: discovery over https, files and
 * images over TLS, plain requests refused.
 */
@Timeout(300)
class TlsIT {
    @TempDir
    static Path dir;
    static TestCerts.Authority clusterCa;
    static TestCerts.Identity dbproxyCert;
    static TestCerts.Identity routeCert;
    static TestCerts.Identity memberCert;
    static TestCerts.Identity clientPortCert;
    static TestCerts.Identity strangerCert;
    static TestBed bed;
    static RouteServer route;
    static LoginServer login;
    static FileServer files;
    static MsgServer server;
    final List<TeamTalkClient> clients = new ArrayList<>();
    final List<MsgServer> extraServers = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        clusterCa = TestCerts.authority(dir, "cluster-ca");
        dbproxyCert = clusterCa.issue("dbproxy");
        routeCert = clusterCa.issue("route");
        memberCert = clusterCa.issue("msg-server");
        clientPortCert = clusterCa.issue("client-port");
        strangerCert = TestCerts.authority(dir, "other-ca").issue("stranger");
        TestCerts.Identity loginCert = clusterCa.issue("login");
        TestCerts.Identity fileCert = clusterCa.issue("file");

        bed = TestBed.start(cfg -> cfg.linkTls = mutual(dbproxyCert));
        for (int i = 1; i <= 4; i++) { // 4 never logs in: files to it go offline
            bed.user(i, "t" + i, "pw" + i);
        }
        RouteServerConfig rc = new RouteServerConfig();
        rc.listenHost = "127.0.0.1";
        rc.port = 0;
        rc.controlPort = -1;
        rc.metricsPort = -1;
        rc.linkTls = mutual(routeCert);
        route = RouteServer.start(rc);
        LoginServerConfig lc = new LoginServerConfig();
        lc.listenHost = "127.0.0.1";
        lc.httpPort = 0;
        lc.msgServerPort = 0;
        lc.legacyClientPort = -1;
        lc.metricsPort = -1;
        lc.linkTls = mutual(loginCert);
        lc.clientTls = TlsConfig.of(pem("--tls-cert", clientPortCert.cert()), pem("--tls-key", clientPortCert.key()), null);
        login = LoginServer.start(lc);
        FileServerConfig fc = new FileServerConfig();
        fc.listenHost = "127.0.0.1";
        fc.clientPort = 0;
        fc.msgServerPort = 0;
        fc.httpPort = 0;
        fc.metricsPort = -1;
        fc.minFreeSpace = 0;
        fc.storageDir = dir.resolve("files");
        fc.linkTls = mutual(fileCert);
        fc.clientTls = TlsConfig.of(pem("--tls-cert", clientPortCert.cert()), pem("--tls-key", clientPortCert.key()), null);
        files = FileServer.start(fc);

        MsgServerConfig mc = bed.msgConfig("ms-tls");
        mc.routeServers = new ArrayList<>(List.of(InetSocketAddress.createUnresolved("127.0.0.1", route.port())));
        mc.loginServers = new ArrayList<>(List.of(InetSocketAddress.createUnresolved("127.0.0.1", login.msgServerPort())));
        mc.fileServers = new ArrayList<>(List.of(InetSocketAddress.createUnresolved("127.0.0.1", files.msgServerPort())));
        mc.clientTls = TlsConfig.of(pem("--tls-cert", clientPortCert.cert()), pem("--tls-key", clientPortCert.key()), null);
        mc.linkTls = mutual(memberCert);
        server = bed.startMsgServer(mc);
        await("route link over TLS").atMost(Duration.ofSeconds(15)).until(() -> server.relayAvailable());
    }

    @AfterAll
    static void stop() {
        if (bed != null) {
            bed.close();
        }
        for (AutoCloseable tier : new AutoCloseable[] {route, login, files}) {
            if (tier != null) {
                try {
                    tier.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    @AfterEach
    void closeClients() {
        clients.forEach(TeamTalkClient::close);
        extraServers.forEach(MsgServer::close);
    }

    static TlsConfig.Pem pem(String option, Path file) {
        return new TlsConfig.Pem(option, file);
    }

    /** Identity plus the cluster CA: a server demanding client certificates, or a client verifying servers. */
    static TlsConfig mutual(TestCerts.Identity id) {
        return TlsConfig.of(pem("--link-tls-cert", id.cert()), pem("--link-tls-key", id.key()),
                pem("--link-tls-ca", clusterCa.ca()));
    }

    static final class Inbox implements ClientListener {
        final BlockingQueue<IMMsgData> messages = new LinkedBlockingQueue<>();

        @Override
        public void onMessage(IMMsgData msg) {
            messages.add(msg);
        }
    }

    ClientConfig.Builder clientConfig(int id) {
        return ClientConfig.builder().msgServer("127.0.0.1", server.port()).user("t" + id).password("pw" + id)
                .requestTimeout(Duration.ofSeconds(10)).reconnect(false);
    }

    TeamTalkClient connect(ClientConfig cfg, Inbox inbox) throws Exception {
        TeamTalkClient c = TeamTalkClient.create(cfg, inbox);
        clients.add(c);
        c.connect().get(20, TimeUnit.SECONDS);
        return c;
    }

    @Test
    void sdkClientsLogInAndChatOverTlsWithTheLinksOnMutualTls() throws Exception {
        Inbox aliceBox = new Inbox();
        Inbox bobBox = new Inbox();
        TeamTalkClient alice = connect(clientConfig(1).tlsTrust(clusterCa.ca()).build(), aliceBox);
        connect(clientConfig(2).tlsTrust(clusterCa.ca()).build(), bobBox);

        IMMsgDataAck ack = alice.sendText(2, "over TLS").get(10, TimeUnit.SECONDS);
        assertThat(ack.getMsgId()).isEqualTo(1);
        IMMsgData got = bobBox.messages.poll(10, TimeUnit.SECONDS);
        assertThat(got).as("bob got the message").isNotNull();
        assertThat(TeamTalkText.decode(got.getMsgData())).isEqualTo("over TLS");
        assertThat(got.getFromUserId()).isEqualTo(1);
        // the login went through the dbproxy link and presence through the route link, both TLS
        await("presence on the route-server").atMost(Duration.ofSeconds(10))
                .until(() -> route.presence().status(1) == com.mogujie.tt.protobuf.IMBaseDefine.UserStatType.USER_STATUS_ONLINE);
    }

    @Test
    void everyLinkOfTheMsgServerIsUpOverMutualTls() {
        await("dbproxy, route, login and file links").atMost(Duration.ofSeconds(15)).until(() ->
                server.db().anyUp() && server.relayAvailable() && login.registry().size() == 1
                        && !server.files().clientAddresses().isEmpty());
    }

    @Test
    void aPlainClientOnTheTlsPortIsRefusedAndTheServerCarriesOn() throws Exception {
        TeamTalkClient plain = TeamTalkClient.create(clientConfig(3).requestTimeout(Duration.ofSeconds(5)).build(), new Inbox());
        clients.add(plain);
        assertThatThrownBy(() -> plain.connect().get(20, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
        await("the refused connection is closed").atMost(Duration.ofSeconds(10)).until(() -> server.openSockets() == 0);

        connect(clientConfig(3).tlsTrust(clusterCa.ca()).build(), new Inbox());
    }

    @Test
    void aClientTrustingAnotherCaRefusesTheServer() throws Exception {
        Path otherCa = TestCerts.authority(dir, "client-side-ca").ca();
        TeamTalkClient c = TeamTalkClient.create(clientConfig(3).tlsTrust(otherCa).build(), new Inbox());
        clients.add(c);
        assertThatThrownBy(() -> c.connect().get(20, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasStackTraceContaining("SSLHandshakeException");
    }

    @Test
    void aMsgServerWithoutAClusterCertificateCannotUseTheDbproxy() throws Exception {
        for (TlsConfig links : List.of(
                TlsConfig.of(null, null, pem("--link-tls-ca", clusterCa.ca())), // no client certificate
                TlsConfig.of(pem("--link-tls-cert", strangerCert.cert()), pem("--link-tls-key", strangerCert.key()),
                        pem("--link-tls-ca", clusterCa.ca())))) {
            MsgServerConfig mc = bed.msgConfig("ms-stranger");
            mc.linkTls = links;
            mc.dbRequestTimeout = Duration.ofSeconds(2);
            MsgServer stranger = MsgServer.start(mc);
            extraServers.add(stranger);
            TeamTalkClient c = TeamTalkClient.create(ClientConfig.builder().msgServer("127.0.0.1", stranger.port())
                    .user("t3").password("pw3").requestTimeout(Duration.ofSeconds(8)).reconnect(false).build(), new Inbox());
            clients.add(c);
            // the login needs the dbproxy, which hangs up on this msg-server's links
            assertThatThrownBy(() -> c.connect().get(20, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
        }
        // the dbproxy lives on for members
        connect(clientConfig(3).tlsTrust(clusterCa.ca()).build(), new Inbox());
    }

    String loginUrl(String scheme) {
        return scheme + "://127.0.0.1:" + login.httpPort() + "/msg_server";
    }

    @Test
    void theSdkDiscoversOverHttpsFromATlsLoginServerAndLogsIn() throws Exception {
        await("the msg-server registered").atMost(Duration.ofSeconds(15)).until(() -> login.registry().size() == 1);
        TeamTalkClient c = connect(ClientConfig.builder().loginUrl(loginUrl("https")).user("t1").password("pw1")
                .tlsTrust(clusterCa.ca()).requestTimeout(Duration.ofSeconds(10)).reconnect(false).build(), new Inbox());
        assertThat(c.userId()).isEqualTo(1);
        assertThat(c.sendText(2, "found over https").get(10, TimeUnit.SECONDS).getMsgId()).isPositive();
    }

    @Test
    void aPlainHttpRequestOnTheTlsLoginPortIsRefusedAndTheLoginServerCarriesOn() throws Exception {
        await("the msg-server registered").atMost(Duration.ofSeconds(15)).until(() -> login.registry().size() == 1);
        TeamTalkClient plain = TeamTalkClient.create(ClientConfig.builder().loginUrl(loginUrl("http")).user("t2")
                .password("pw2").requestTimeout(Duration.ofSeconds(5)).reconnect(false).build(), new Inbox());
        clients.add(plain);
        assertThatThrownBy(() -> plain.connect().get(20, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasStackTraceContaining("DiscoveryException");
        // a raw plain request gets no HTTP answer, only the end of the connection
        try (Socket s = new Socket("127.0.0.1", login.httpPort())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write("GET /msg_server HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            String answer;
            try {
                answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            } catch (SocketException reset) {
                answer = ""; // closed with a reset: refused as well
            }
            assertThat(answer).doesNotContain("HTTP/1.1").doesNotContain("priorIP");
        }
        // and https still works
        connect(ClientConfig.builder().loginUrl(loginUrl("https")).user("t2").password("pw2").tlsTrust(clusterCa.ca())
                .requestTimeout(Duration.ofSeconds(10)).reconnect(false).build(), new Inbox());
    }

    @Test
    void theWebSocketPortSpeaksTlsWithTheClientPortsCertificate() throws Exception {
        SSLContext trust = TlsConfig.of(null, null, pem("tlsTrust", clusterCa.ca())).jdkClientContext("the test");
        assertThat(server.wsUrl()).isEqualTo("wss://127.0.0.1:" + server.wsPort() + "/ws");
        try (WsClient web = WsClient.connect(java.net.URI.create(server.wsUrl()), trust)) {
            assertThat(web.login("t3", "pw3").getResultCode().getNumber()).isZero();
        }
        assertThatThrownBy(() -> WsClient.connect(server.wsPort())).as("plain ws:// to the TLS port")
                .isInstanceOf(java.util.concurrent.CompletionException.class);
    }

    @Test
    void anOfflineFileGoesUpAndComesDownOverTlsAndAPlainFileClientIsRefused() throws Exception {
        SSLContext trust = TlsConfig.of(null, null, pem("tlsTrust", clusterCa.ca())).jdkClientContext("the test");
        TeamTalkClient alice = connect(clientConfig(1).tlsTrust(clusterCa.ca()).build(), new Inbox());
        byte[] file = new byte[200_000];
        new Random(21).nextBytes(file);
        IMFileRsp rsp = alice.<IMFileRsp>request(
                CommandId.CID_FILE_REQUEST, IMFileReq.newBuilder()
                        .setFromUserId(1).setToUserId(4).setFileName("report.pdf").setFileSize(file.length)
                        .setTransMode(TransferFileType.FILE_TYPE_OFFLINE).build(),
                CommandId.CID_FILE_RESPONSE, IMFileRsp.parser())
                .get(15, TimeUnit.SECONDS);
        assertThat(rsp.getResultCode()).isZero();
        Duration wait = Duration.ofSeconds(15);

        // plain TCP on the TLS client port: the login never gets an answer
        try (FileTransferClient plain =
                     FileTransferClient.connect(rsp.getIpAddrListList(), Duration.ofSeconds(5))) {
            assertThatThrownBy(() -> plain.login(1, rsp.getTaskId(),
                    ClientFileRole.CLIENT_OFFLINE_UPLOAD))
                    .isInstanceOf(FileTransferException.class);
        }
        try (FileTransferClient up =
                     FileTransferClient.connect(rsp.getIpAddrListList(), wait, trust)) {
            up.login(1, rsp.getTaskId(), ClientFileRole.CLIENT_OFFLINE_UPLOAD);
            assertThat(up.serve(SegmentSource.of(file)).state())
                    .isEqualTo(ClientFileState.CLIENT_FILE_DONE);
        }
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        try (FileTransferClient down =
                     FileTransferClient.connect(rsp.getIpAddrListList(), wait, trust)) {
            down.login(4, rsp.getTaskId(), ClientFileRole.CLIENT_OFFLINE_DOWNLOAD);
            assertThat(down.receive(file.length, got,
                    TransferFileType.FILE_TYPE_OFFLINE).state())
                    .isEqualTo(ClientFileState.CLIENT_FILE_DONE);
        }
        assertThat(got.toByteArray()).isEqualTo(file);
    }

    @Test
    void theImageStoreServesHttps() throws Exception {
        SSLContext trust = TlsConfig.of(null, null, pem("tlsTrust", clusterCa.ca())).jdkClientContext("the test");
        HttpClient https = HttpClient.newBuilder().sslContext(trust).build();
        String base = "https://127.0.0.1:" + files.httpPort() + "/";
        byte[] image = new byte[5_000];
        new Random(8).nextBytes(image);
        String boundary = "----tls" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a_10x10.png\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(image);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> up = https.send(HttpRequest.newBuilder(URI.create(base))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .timeout(Duration.ofSeconds(15)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(up.statusCode()).isEqualTo(200);
        Matcher path = Pattern.compile("\"path\":\"([^\"]+)\"").matcher(up.body());
        assertThat(path.find()).as(up.body()).isTrue();
        HttpResponse<byte[]> down = https.send(HttpRequest.newBuilder(
                URI.create(base + path.group(1))).timeout(Duration.ofSeconds(15)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(down.statusCode()).isEqualTo(200);
        assertThat(down.body()).isEqualTo(image);

        // plain HTTP on that port gets no answer
        HttpClient plain = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        assertThatThrownBy(() -> plain.send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + files.httpPort() + "/" + path.group(1))).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);
    }
}
