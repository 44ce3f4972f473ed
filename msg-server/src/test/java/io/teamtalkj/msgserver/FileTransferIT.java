package io.teamtalkj.msgserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mogujie.tt.protobuf.IMBaseDefine.ClientFileRole;
import com.mogujie.tt.protobuf.IMBaseDefine.ClientFileState;
import com.mogujie.tt.protobuf.IMBaseDefine.ClientType;
import com.mogujie.tt.protobuf.IMBaseDefine.OfflineFileInfo;
import com.mogujie.tt.protobuf.IMBaseDefine.TransferFileType;
import com.mogujie.tt.protobuf.IMBaseDefine.UserStatType;
import com.mogujie.tt.protobuf.IMFile.IMFileAddOfflineReq;
import com.mogujie.tt.protobuf.IMFile.IMFileDelOfflineReq;
import com.mogujie.tt.protobuf.IMFile.IMFileHasOfflineReq;
import com.mogujie.tt.protobuf.IMFile.IMFileHasOfflineRsp;
import com.mogujie.tt.protobuf.IMFile.IMFileNotify;
import com.mogujie.tt.protobuf.IMFile.IMFileReq;
import com.mogujie.tt.protobuf.IMFile.IMFileRsp;
import io.teamtalkj.client.ClientConfig;
import io.teamtalkj.client.ClientListener;
import io.teamtalkj.client.TeamTalkClient;
import io.teamtalkj.client.file.FileTransferClient;
import io.teamtalkj.client.file.FileTransferClient.Ending;
import io.teamtalkj.client.file.FileTransferException;
import io.teamtalkj.client.file.SegmentSource;
import io.teamtalkj.pdu.FileProtocol;
import io.teamtalkj.file.FileServer;
import io.teamtalkj.file.FileServerConfig;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Pdu;
import io.teamtalkj.route.RouteServer;
import io.teamtalkj.route.RouteServerConfig;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * File transfer end to end: SDK clients on two msg-servers (linked through a route-server) ask
 * for transfers (0x0506), a real file-server runs them, and offline files are recorded through a
 * real dbproxy (0x050b, 0x0509, 0x050c).
 */
@Timeout(300)
class FileTransferIT {
    static final Duration WAIT = Duration.ofSeconds(15);
    static TestBed bed;
    static RouteServer route;
    static FileServer files;
    static Path storage;
    static MsgServer ms1;
    static MsgServer ms2;
    static final List<TeamTalkClient> clients = new ArrayList<>();
    static final ExecutorService threads = Executors.newCachedThreadPool();

    @BeforeAll
    static void start() throws Exception {
        bed = TestBed.start();
        for (int i = 1; i <= 9; i++) {
            bed.user(i, "f" + i, "pw" + i);
        }
        RouteServerConfig rc = new RouteServerConfig();
        rc.listenHost = "127.0.0.1";
        rc.port = 0;
        rc.controlPort = -1;
        rc.metricsPort = -1;
        route = RouteServer.start(rc);
        storage = Files.createTempDirectory("tt-files");
        FileServerConfig fc = new FileServerConfig();
        fc.listenHost = "127.0.0.1";
        fc.clientPort = 0;
        fc.msgServerPort = 0;
        fc.httpPort = -1;
        fc.storageDir = storage;
        fc.metricsPort = 0;
        fc.minFreeSpace = 0;
        fc.maxFileSize = 8L << 20;
        fc.ioThreads = 2;
        files = FileServer.start(fc);
        ms1 = bed.startMsgServer(config("ms-f1"));
        ms2 = bed.startMsgServer(config("ms-f2"));
        for (MsgServer m : List.of(ms1, ms2)) {
            await(m::relayAvailable, m.config().hostName + " linked to the route-server");
            await(() -> !m.files().clientAddresses().isEmpty(), m.config().hostName + " learned the file-server's addresses");
        }
    }

    static MsgServerConfig config(String name) {
        MsgServerConfig c = bed.msgConfig(name);
        c.routeServers = new ArrayList<>(List.of(InetSocketAddress.createUnresolved("127.0.0.1", route.port())));
        c.fileServers = new ArrayList<>(List.of(InetSocketAddress.createUnresolved("127.0.0.1", files.msgServerPort())));
        return c;
    }

    @AfterAll
    static void stop() throws Exception {
        threads.shutdownNow();
        bed.close();
        files.close();
        route.close();
        try (var walk = Files.walk(storage)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @AfterEach
    void closeClients() {
        clients.forEach(TeamTalkClient::close);
        clients.clear();
    }

    static final class Inbox implements ClientListener {
        final BlockingQueue<IMFileNotify> notifies = new LinkedBlockingQueue<>();

        @Override
        public void onFileNotify(IMFileNotify notify) {
            notifies.add(notify);
        }
    }

    static TeamTalkClient client(int user, MsgServer server, Inbox inbox) throws Exception {
        TeamTalkClient c = TeamTalkClient.create(ClientConfig.builder().msgServer("127.0.0.1", server.port())
                .user("f" + user).password("pw" + user).clientType(ClientType.CLIENT_TYPE_WINDOWS)
                .requestTimeout(Duration.ofSeconds(10)).reconnect(false).build(), inbox);
        clients.add(c);
        c.connect().get(15, TimeUnit.SECONDS);
        await(() -> route.presence().status(user) == UserStatType.USER_STATUS_ONLINE, "user " + user + " online");
        return c;
    }

    static IMFileRsp fileReq(TeamTalkClient c, int to, String name, long size, TransferFileType mode) throws Exception {
        return c.<IMFileRsp>request(CommandId.CID_FILE_REQUEST, IMFileReq.newBuilder().setFromUserId(c.userId())
                .setToUserId(to).setFileName(name).setFileSize((int) size).setTransMode(mode).build(),
                CommandId.CID_FILE_RESPONSE, IMFileRsp.parser()).get(15, TimeUnit.SECONDS);
    }

    static IMFileHasOfflineRsp offlineFiles(TeamTalkClient c) throws Exception {
        return c.<IMFileHasOfflineRsp>request(CommandId.CID_FILE_HAS_OFFLINE_REQ, IMFileHasOfflineReq.newBuilder()
                .setUserId(c.userId()).build(), CommandId.CID_FILE_HAS_OFFLINE_RES, IMFileHasOfflineRsp.parser())
                .get(15, TimeUnit.SECONDS);
    }

    static FileTransferClient fileClient(List<com.mogujie.tt.protobuf.IMBaseDefine.IpAddr> addrs) {
        return FileTransferClient.connect(addrs, WAIT);
    }

    static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    static byte[] sha256(byte[] b) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(b);
    }

    static void await(BooleanSupplier cond, String what) {
        Awaitility.await(what).atMost(WAIT).until(cond::getAsBoolean);
    }

    static IMFileNotify nextNotify(Inbox box) throws InterruptedException {
        IMFileNotify n = box.notifies.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(n).as("a file notify arrived").isNotNull();
        return n;
    }

    @Test
    void onlineTransferOfOneMebibyteBetweenSdkClientsOnTwoMsgServersIsByteExact() throws Exception {
        Inbox aliceBox = new Inbox();
        Inbox bobBox = new Inbox();
        TeamTalkClient alice = client(1, ms1, aliceBox);
        TeamTalkClient bob = client(2, ms2, bobBox);
        byte[] file = random(1 << 20, 11);

        IMFileRsp rsp = fileReq(alice, 2, "holiday.zip", file.length, TransferFileType.FILE_TYPE_ONLINE);
        assertThat(rsp.getResultCode()).isZero();
        assertThat(rsp.getTransMode()).isEqualTo(TransferFileType.FILE_TYPE_ONLINE);
        assertThat(rsp.getFromUserId()).isEqualTo(1);
        assertThat(rsp.getIpAddrListList()).extracting(a -> a.getIp() + ":" + a.getPort())
                .containsExactly("127.0.0.1:" + files.clientPort());
        // bob is on the other msg-server: the notify came through the route-server
        IMFileNotify n = nextNotify(bobBox);
        assertThat(n.getTaskId()).isEqualTo(rsp.getTaskId());
        assertThat(n.getFromUserId()).isEqualTo(1);
        assertThat(n.getFileSize()).isEqualTo(file.length);
        assertThat(n.getOfflineReady()).isZero();
        assertThat(aliceBox.notifies).isEmpty();

        // a third user who got hold of the task id is refused
        try (FileTransferClient mallory = fileClient(n.getIpAddrListList())) {
            assertThatThrownBy(() -> mallory.login(3, n.getTaskId(), ClientFileRole.CLIENT_REALTIME_RECVER))
                    .isInstanceOf(FileTransferException.class)
                    .satisfies(e -> assertThat(((FileTransferException) e).resultCode()).isEqualTo(FileProtocol.NOT_A_PARTY));
        }

        FileTransferClient sender = fileClient(rsp.getIpAddrListList());
        sender.login(1, rsp.getTaskId(), ClientFileRole.CLIENT_REALTIME_SENDER);
        CompletableFuture<Ending> sent = CompletableFuture.supplyAsync(() -> sender.serve(SegmentSource.of(file)), threads);
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        try (FileTransferClient receiver = fileClient(n.getIpAddrListList())) {
            receiver.login(2, n.getTaskId(), ClientFileRole.CLIENT_REALTIME_RECVER);
            assertThat(receiver.receive(n.getFileSize(), got, TransferFileType.FILE_TYPE_ONLINE).state())
                    .isEqualTo(ClientFileState.CLIENT_FILE_DONE);
        }
        assertThat(sha256(got.toByteArray())).isEqualTo(sha256(file));
        assertThat(sent.get(20, TimeUnit.SECONDS)).isEqualTo(new Ending(ClientFileState.CLIENT_FILE_DONE, 2));
        sender.close();
    }

    @Test
    void theReceiverRefusesAndTheSenderHearsIt() throws Exception {
        Inbox bobBox = new Inbox();
        TeamTalkClient alice = client(4, ms1, new Inbox());
        client(5, ms1, bobBox);
        IMFileRsp rsp = fileReq(alice, 5, "spam.exe", 1000, TransferFileType.FILE_TYPE_ONLINE);
        assertThat(rsp.getTransMode()).isEqualTo(TransferFileType.FILE_TYPE_ONLINE);
        IMFileNotify n = nextNotify(bobBox); // same msg-server: delivered locally
        FileTransferClient sender = fileClient(rsp.getIpAddrListList());
        sender.login(4, rsp.getTaskId(), ClientFileRole.CLIENT_REALTIME_SENDER);
        CompletableFuture<Ending> sent = CompletableFuture.supplyAsync(() -> sender.serve(SegmentSource.of(new byte[1000])), threads);
        try (FileTransferClient receiver = fileClient(n.getIpAddrListList())) {
            receiver.login(5, n.getTaskId(), ClientFileRole.CLIENT_REALTIME_RECVER);
            receiver.sendState(ClientFileState.CLIENT_FILE_REFUSE);
            assertThat(sent.get(20, TimeUnit.SECONDS)).isEqualTo(new Ending(ClientFileState.CLIENT_FILE_REFUSE, 5));
        }
        sender.close();
    }

    @Test
    void offlineUploadThenTheReceiverLogsInLaterSeesItAndDownloadsItByteExact() throws Exception {
        TeamTalkClient alice = client(6, ms1, new Inbox());
        byte[] file = random(500_000, 12);
        // user 7 has no PC online: an online request becomes offline
        IMFileRsp rsp = fileReq(alice, 7, "minutes.docx", file.length, TransferFileType.FILE_TYPE_ONLINE);
        assertThat(rsp.getResultCode()).isZero();
        assertThat(rsp.getTransMode()).isEqualTo(TransferFileType.FILE_TYPE_OFFLINE);
        try (FileTransferClient uploader = fileClient(rsp.getIpAddrListList())) {
            uploader.login(6, rsp.getTaskId(), ClientFileRole.CLIENT_OFFLINE_UPLOAD);
            assertThat(uploader.serve(SegmentSource.of(file))).isEqualTo(new Ending(ClientFileState.CLIENT_FILE_DONE, 0));
        }
        // the uploader records it; a forged sender id is replaced by the session's
        alice.sendRaw(Pdu.of(CommandId.CID_FILE_ADD_OFFLINE_REQ, 77, IMFileAddOfflineReq.newBuilder().setFromUserId(9)
                .setToUserId(7).setTaskId(rsp.getTaskId()).setFileName("minutes.docx").setFileSize(file.length).build()));

        // later the receiver logs in, on the other msg-server
        TeamTalkClient carol = client(7, ms2, new Inbox());
        IMFileHasOfflineRsp[] list = new IMFileHasOfflineRsp[1];
        await(() -> {
            try {
                list[0] = offlineFiles(carol);
                return list[0].getOfflineFileListCount() == 1;
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }, "the offline file listed");
        OfflineFileInfo info = list[0].getOfflineFileList(0);
        assertThat(info.getFromUserId()).isEqualTo(6);
        assertThat(info.getTaskId()).isEqualTo(rsp.getTaskId());
        assertThat(info.getFileName()).isEqualTo("minutes.docx");
        assertThat(info.getFileSize()).isEqualTo(file.length);
        assertThat(list[0].getIpAddrListList()).extracting(a -> a.getIp() + ":" + a.getPort())
                .containsExactly("127.0.0.1:" + files.clientPort());
        assertThat(list[0].hasAttachData()).isFalse();

        ByteArrayOutputStream got = new ByteArrayOutputStream();
        try (FileTransferClient downloader = fileClient(list[0].getIpAddrListList())) {
            downloader.login(7, info.getTaskId(), ClientFileRole.CLIENT_OFFLINE_DOWNLOAD);
            assertThat(downloader.receive(info.getFileSize(), got, TransferFileType.FILE_TYPE_OFFLINE).state())
                    .isEqualTo(ClientFileState.CLIENT_FILE_DONE);
        }
        assertThat(sha256(got.toByteArray())).isEqualTo(sha256(file));

        // taken: the receiver deletes the record
        carol.sendRaw(Pdu.of(CommandId.CID_FILE_DEL_OFFLINE_REQ, 78, IMFileDelOfflineReq.newBuilder().setFromUserId(6)
                .setToUserId(7).setTaskId(info.getTaskId()).build()));
        await(() -> {
            try {
                return offlineFiles(carol).getOfflineFileListCount() == 0;
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }, "the offline file gone from the list");
    }

    @Test
    void anOnlineReceiverIsToldWhenAnOfflineFileIsReady() throws Exception {
        TeamTalkClient alice = client(8, ms1, new Inbox());
        Inbox box = new Inbox();
        TeamTalkClient phone = TeamTalkClient.create(ClientConfig.builder().msgServer("127.0.0.1", ms2.port())
                .user("f9").password("pw9").clientType(ClientType.CLIENT_TYPE_ANDROID)
                .requestTimeout(Duration.ofSeconds(10)).reconnect(false).build(), box);
        clients.add(phone);
        phone.connect().get(15, TimeUnit.SECONDS);
        await(() -> route.presence().connections() > 0 && route.presence().status(9) == UserStatType.USER_STATUS_ONLINE,
                "phone online");
        // only a phone is on: TeamTalk sends offline, and the phone gets no online notify
        IMFileRsp rsp = fileReq(alice, 9, "photo.jpg", 1234, TransferFileType.FILE_TYPE_ONLINE);
        assertThat(rsp.getTransMode()).isEqualTo(TransferFileType.FILE_TYPE_OFFLINE);
        alice.sendRaw(Pdu.of(CommandId.CID_FILE_ADD_OFFLINE_REQ, 5, IMFileAddOfflineReq.newBuilder().setFromUserId(8)
                .setToUserId(9).setTaskId(rsp.getTaskId()).setFileName("photo.jpg").setFileSize(1234).build()));
        IMFileNotify n = nextNotify(box);
        assertThat(n.getOfflineReady()).isEqualTo(1);
        assertThat(n.getTaskId()).isEqualTo(rsp.getTaskId());
        assertThat(n.getTransMode()).isEqualTo(TransferFileType.FILE_TYPE_OFFLINE);
        assertThat(n.getFromUserId()).isEqualTo(8);
        assertThat(n.getIpAddrListCount()).isEqualTo(1);
    }

    @Test
    void limitsAndAMissingFileServerGiveClearResults() throws Exception {
        TeamTalkClient alice = client(3, ms1, new Inbox());
        IMFileRsp tooBig = fileReq(alice, 2, "disk.img", 9L << 20, TransferFileType.FILE_TYPE_OFFLINE);
        assertThat(tooBig.getResultCode()).isEqualTo(FileProtocol.REFUSED);
        assertThat(tooBig.getTaskId()).isEmpty();
        assertThat(fileReq(alice, 3, "self.txt", 10, TransferFileType.FILE_TYPE_OFFLINE).getResultCode())
                .isEqualTo(FileProtocol.FAILED);

        MsgServerConfig lone = bed.msgConfig("ms-no-files");
        MsgServer noFiles = bed.startMsgServer(lone);
        TeamTalkClient c = TeamTalkClient.create(ClientConfig.builder().msgServer("127.0.0.1", noFiles.port())
                .user("f1").password("pw1").clientType(ClientType.CLIENT_TYPE_MAC)
                .requestTimeout(Duration.ofSeconds(10)).reconnect(false).build(), new Inbox());
        clients.add(c);
        c.connect().get(15, TimeUnit.SECONDS);
        IMFileRsp refused = fileReq(c, 2, "a.txt", 10, TransferFileType.FILE_TYPE_ONLINE);
        assertThat(refused.getResultCode()).isEqualTo(FileProtocol.NO_FILE_SERVER);
        assertThat(refused.getTaskId()).isEmpty();
        assertThat(refused.getIpAddrListCount()).isZero();
    }
}
