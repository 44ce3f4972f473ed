package io.teamtalkj.file;

import io.teamtalkj.pdu.FileProtocol;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mogujie.tt.protobuf.IMBaseDefine.ClientFileRole;
import com.mogujie.tt.protobuf.IMBaseDefine.ClientFileState;
import com.mogujie.tt.protobuf.IMBaseDefine.TransferFileType;
import com.mogujie.tt.protobuf.IMFile.IMFileLoginReq;
import com.mogujie.tt.protobuf.IMServer.IMFileServerIPReq;
import com.mogujie.tt.protobuf.IMServer.IMFileServerIPRsp;
import com.mogujie.tt.protobuf.IMServer.IMFileTransferReq;
import com.mogujie.tt.protobuf.IMServer.IMFileTransferRsp;
import com.google.protobuf.ByteString;
import io.teamtalkj.client.file.FileTransferClient;
import io.teamtalkj.client.file.FileTransferClient.Ending;
import io.teamtalkj.client.file.FileTransferException;
import io.teamtalkj.client.file.SegmentSource;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Pdu;
import io.teamtalkj.testing.PduTestClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The file-server on its own: a stand-in msg-server link creates tasks, SDK file clients transfer. */
@Timeout(300)
class FileServerIT {
    static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path storage;
    FileServer server;
    PduTestClient msgLink;
    final ExecutorService threads = Executors.newCachedThreadPool();
    int seq;

    FileServer start(java.util.function.Consumer<FileServerConfig> tweak) throws Exception {
        FileServerConfig c = new FileServerConfig();
        c.listenHost = "127.0.0.1";
        c.clientPort = 0;
        c.msgServerPort = 0;
        c.httpPort = -1;
        c.storageDir = storage;
        c.metricsPort = 0;
        c.minFreeSpace = 0;
        c.ioThreads = 2;
        tweak.accept(c);
        server = FileServer.start(c);
        msgLink = PduTestClient.connect(server.msgServerPort());
        return server;
    }

    FileServer start() throws Exception {
        return start(c -> { });
    }

    /** GET {@code path} on the metrics port. */
    String http(String path, int status) throws Exception {
        var rsp = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + server.metricsPort() + path)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(rsp.statusCode()).as(rsp.body()).isEqualTo(status);
        return rsp.body();
    }

    @AfterEach
    void stop() throws IOException {
        threads.shutdownNow();
        if (msgLink != null) {
            msgLink.close();
        }
        if (server != null) {
            server.close();
        }
    }

    IMFileTransferRsp createTask(int from, int to, long size, TransferFileType mode) throws IOException {
        int s = ++seq;
        msgLink.send(CommandId.CID_OTHER_FILE_TRANSFER_REQ, s, IMFileTransferReq.newBuilder().setFromUserId(from)
                .setToUserId(to).setFileName("report.pdf").setFileSize((int) size).setTransMode(mode)
                .setAttachData(ByteString.copyFromUtf8("corr-" + s)).build());
        Pdu pdu = msgLink.receive();
        assertThat(pdu.commandId()).isEqualTo(CommandId.CID_OTHER_FILE_TRANSFER_RSP);
        assertThat(pdu.seq()).isEqualTo(s);
        IMFileTransferRsp rsp = pdu.parse(IMFileTransferRsp.parser());
        assertThat(rsp.getAttachData().toStringUtf8()).isEqualTo("corr-" + s);
        return rsp;
    }

    String task(int from, int to, long size, TransferFileType mode) throws IOException {
        IMFileTransferRsp rsp = createTask(from, to, size, mode);
        assertThat(rsp.getResultCode()).isZero();
        assertThat(FileProtocol.validTaskId(rsp.getTaskId())).as(rsp.getTaskId()).isTrue();
        return rsp.getTaskId();
    }

    FileTransferClient client() {
        return FileTransferClient.connect("127.0.0.1", server.clientPort(), WAIT);
    }

    FileTransferClient loggedIn(int user, String task, ClientFileRole role) {
        FileTransferClient c = client();
        c.login(user, task, role);
        return c;
    }

    static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    static byte[] sha256(byte[] b) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(b);
    }

    static void await(BooleanSupplier cond, String what) {
        Awaitility.await(what).atMost(WAIT).until(cond::getAsBoolean);
    }

    <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(WAIT.toSeconds() + 5, TimeUnit.SECONDS);
    }

    @Test
    void msgServersLearnTheAdvertisedClientAddresses() throws Exception {
        start(c -> c.advertisedHosts = List.of("10.1.2.3", "10.1.2.4"));
        msgLink.send(CommandId.CID_OTHER_FILE_SERVER_IP_REQ, 7, IMFileServerIPReq.getDefaultInstance());
        Pdu pdu = msgLink.receive();
        assertThat(pdu.commandId()).isEqualTo(CommandId.CID_OTHER_FILE_SERVER_IP_RSP);
        IMFileServerIPRsp rsp = pdu.parse(IMFileServerIPRsp.parser());
        assertThat(rsp.getIpAddrListList()).extracting(a -> a.getIp() + ":" + a.getPort())
                .containsExactly("10.1.2.3:" + server.clientPort(), "10.1.2.4:" + server.clientPort());
    }

    @Test
    void onlineTransferOfOneMebibyteIsByteExact() throws Exception {
        start();
        byte[] file = random(1 << 20, 1);
        String id = task(1, 2, file.length, TransferFileType.FILE_TYPE_ONLINE);
        FileTransferClient sender = loggedIn(1, id, ClientFileRole.CLIENT_REALTIME_SENDER);
        CompletableFuture<Ending> sent = CompletableFuture.supplyAsync(() -> sender.serve(SegmentSource.of(file)), threads);
        FileTransferClient receiver = loggedIn(2, id, ClientFileRole.CLIENT_REALTIME_RECVER);
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        Ending received = receiver.receive(file.length, got, TransferFileType.FILE_TYPE_ONLINE);
        assertThat(received.state()).isEqualTo(ClientFileState.CLIENT_FILE_DONE);
        assertThat(sha256(got.toByteArray())).isEqualTo(sha256(file));
        assertThat(get(sent)).isEqualTo(new Ending(ClientFileState.CLIENT_FILE_DONE, 2));
        await(() -> server.liveTasks() == 0, "task over");
        sender.close();
        receiver.close();
        assertThat(http("/metrics", 200)).contains("teamtalk_file_bytes_total{direction=\"relayed\"} 1048576.0",
                "teamtalk_file_tasks_total{mode=\"online\",result=\"created\"} 1.0",
                "teamtalk_file_transfers_total{mode=\"online\",outcome=\"done\"} 1.0");
        assertThat(http("/ready", 200)).contains("{\"name\":\"storage\",\"state\":\"up\"");
    }

    @Test
    void offlineUploadIsStoredAtomicallyAndDownloadedByteExactByTheReceiverOnly() throws Exception {
        start();
        byte[] file = random(300_000, 2); // not a multiple of the segment size
        String id = task(5, 6, file.length, TransferFileType.FILE_TYPE_OFFLINE);
        try (FileTransferClient uploader = loggedIn(5, id, ClientFileRole.CLIENT_OFFLINE_UPLOAD)) {
            // the server pulls the uploader and says DONE once the file is on disk
            assertThat(uploader.serve(SegmentSource.of(file))).isEqualTo(new Ending(ClientFileState.CLIENT_FILE_DONE, 0));
        }
        Path dir = storage.resolve("offline").resolve(id.substring(0, 2));
        assertThat(dir.resolve(id)).hasBinaryContent(file);
        assertThat(dir.resolve(id + ".meta")).exists();
        assertThat(dir.resolve(id + ".part")).doesNotExist();

        // the sender, or anyone else, cannot download it
        for (int user : new int[] {5, 7}) {
            try (FileTransferClient other = client()) {
                assertThatThrownBy(() -> other.login(user, id, ClientFileRole.CLIENT_OFFLINE_DOWNLOAD))
                        .isInstanceOf(FileTransferException.class)
                        .satisfies(e -> assertThat(((FileTransferException) e).resultCode()).isEqualTo(FileProtocol.NOT_A_PARTY));
            }
        }
        // later, without any task in memory: the receiver downloads it
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        try (FileTransferClient downloader = loggedIn(6, id, ClientFileRole.CLIENT_OFFLINE_DOWNLOAD)) {
            assertThat(downloader.receive(file.length, got, TransferFileType.FILE_TYPE_OFFLINE).state())
                    .isEqualTo(ClientFileState.CLIENT_FILE_DONE);
        }
        assertThat(sha256(got.toByteArray())).isEqualTo(sha256(file));
        assertThat(http("/metrics", 200)).contains("teamtalk_file_bytes_total{direction=\"uploaded\"} 300000.0",
                "teamtalk_file_bytes_total{direction=\"downloaded\"} 300000.0",
                "teamtalk_file_transfers_total{mode=\"offline\",outcome=\"done\"} 1.0");
        // a finished download removes the file
        await(() -> !Files.exists(dir.resolve(id)), "downloaded file deleted");
        try (FileTransferClient again = client()) {
            assertThatThrownBy(() -> again.login(6, id, ClientFileRole.CLIENT_OFFLINE_DOWNLOAD))
                    .satisfies(e -> assertThat(((FileTransferException) e).resultCode()).isEqualTo(FileProtocol.NO_SUCH_TASK));
        }
    }

    @Test
    void aBrokenUploadLeavesNoFileAndIsNeverOffered() throws Exception {
        start();
        byte[] file = random(200_000, 3);
        String id = task(5, 6, file.length, TransferFileType.FILE_TYPE_OFFLINE);
        SegmentSource failsLater = (offset, length) -> {
            if (offset >= FileProtocol.SEGMENT * 2L) {
                throw new IOException("disk of the uploader gone");
            }
            return SegmentSource.of(file).read(offset, length);
        };
        try (FileTransferClient uploader = loggedIn(5, id, ClientFileRole.CLIENT_OFFLINE_UPLOAD)) {
            Ending e = uploader.serve(failsLater);
            assertThat(e.state()).isEqualTo(ClientFileState.CLIENT_FILE_CANCEL);
        }
        Path dir = storage.resolve("offline").resolve(id.substring(0, 2));
        await(() -> !Files.exists(dir.resolve(id + ".part")), "partial upload deleted");
        assertThat(dir.resolve(id)).doesNotExist();
        try (FileTransferClient downloader = client()) {
            assertThatThrownBy(() -> downloader.login(6, id, ClientFileRole.CLIENT_OFFLINE_DOWNLOAD))
                    .satisfies(e -> assertThat(((FileTransferException) e).resultCode()).isEqualTo(FileProtocol.NO_SUCH_TASK));
        }
        // an uploader that vanishes mid-way: same
        String id2 = task(5, 6, file.length, TransferFileType.FILE_TYPE_OFFLINE);
        FileTransferClient quitter = loggedIn(5, id2, ClientFileRole.CLIENT_OFFLINE_UPLOAD);
        quitter.close();
        await(() -> server.liveTasks() == 0, "abandoned upload cancelled");
        Path dir2 = storage.resolve("offline").resolve(id2.substring(0, 2));
        await(() -> !Files.exists(dir2.resolve(id2 + ".part")), "abandoned partial upload deleted");
        assertThat(dir2.resolve(id2)).doesNotExist();
    }

    @Test
    void eitherSideCanCancel() throws Exception {
        start();
        byte[] file = random(100_000, 4);
        // the receiver cancels: the waiting sender hears it
        String id = task(1, 2, file.length, TransferFileType.FILE_TYPE_ONLINE);
        FileTransferClient sender = loggedIn(1, id, ClientFileRole.CLIENT_REALTIME_SENDER);
        CompletableFuture<Ending> sent = CompletableFuture.supplyAsync(() -> sender.serve(SegmentSource.of(file)), threads);
        FileTransferClient receiver = loggedIn(2, id, ClientFileRole.CLIENT_REALTIME_RECVER);
        receiver.sendState(ClientFileState.CLIENT_FILE_CANCEL);
        assertThat(get(sent)).isEqualTo(new Ending(ClientFileState.CLIENT_FILE_CANCEL, 2));
        assertThat(receiver.closedByServer()).isTrue();
        sender.close();

        // the sender cancels: the receiver, waiting for its peer, hears it
        String id2 = task(1, 2, file.length, TransferFileType.FILE_TYPE_ONLINE);
        FileTransferClient receiver2 = loggedIn(2, id2, ClientFileRole.CLIENT_REALTIME_RECVER);
        CompletableFuture<Ending> received = CompletableFuture.supplyAsync(
                () -> receiver2.receive(file.length, new ByteArrayOutputStream(), TransferFileType.FILE_TYPE_ONLINE), threads);
        FileTransferClient sender2 = loggedIn(1, id2, ClientFileRole.CLIENT_REALTIME_SENDER);
        sender2.sendState(ClientFileState.CLIENT_FILE_CANCEL);
        Ending e = get(received);
        assertThat(e.state()).isIn(ClientFileState.CLIENT_FILE_CANCEL);
        assertThat(e.byUser()).isEqualTo(1);
        await(() -> server.liveTasks() == 0, "tasks over");
        receiver2.close();
        sender2.close();
    }

    @Test
    void theReceiverCanRefuseBeforeOrAfterTheSenderIsThere() throws Exception {
        start();
        String id = task(1, 2, 1000, TransferFileType.FILE_TYPE_ONLINE);
        FileTransferClient sender = loggedIn(1, id, ClientFileRole.CLIENT_REALTIME_SENDER);
        CompletableFuture<Ending> sent = CompletableFuture.supplyAsync(() -> sender.serve(SegmentSource.of(new byte[1000])), threads);
        FileTransferClient receiver = loggedIn(2, id, ClientFileRole.CLIENT_REALTIME_RECVER);
        receiver.sendState(ClientFileState.CLIENT_FILE_REFUSE);
        assertThat(get(sent)).isEqualTo(new Ending(ClientFileState.CLIENT_FILE_REFUSE, 2));
        sender.close();
        receiver.close();

        // refused before the sender logged in: the sender learns it on login
        String id2 = task(1, 2, 1000, TransferFileType.FILE_TYPE_ONLINE);
        try (FileTransferClient early = loggedIn(2, id2, ClientFileRole.CLIENT_REALTIME_RECVER)) {
            early.sendState(ClientFileState.CLIENT_FILE_REFUSE);
            assertThat(early.closedByServer()).isTrue();
        }
        try (FileTransferClient late = loggedIn(1, id2, ClientFileRole.CLIENT_REALTIME_SENDER)) {
            assertThat(late.awaitState()).isEqualTo(new Ending(ClientFileState.CLIENT_FILE_REFUSE, 2));
        }
    }

    @Test
    void aTaskNothingHappensOnTimesOut() throws Exception {
        start(c -> c.taskTimeout = Duration.ofMillis(600));
        String id = task(1, 2, 5000, TransferFileType.FILE_TYPE_ONLINE);
        try (FileTransferClient sender = loggedIn(1, id, ClientFileRole.CLIENT_REALTIME_SENDER)) {
            // the receiver never comes: the server cancels (user 0) and closes
            assertThat(sender.serve(SegmentSource.of(new byte[5000]))).isEqualTo(new Ending(ClientFileState.CLIENT_FILE_CANCEL, 0));
        }
        await(() -> server.liveTasks() == 0, "the timed-out task is dropped");
        assertThat(http("/metrics", 200)).contains("teamtalk_file_failures_total{reason=\"timeout\"} 1.0",
                "teamtalk_file_transfers_total{mode=\"online\",outcome=\"cancel\"} 1.0");
        // and forgets the task: a login after that finds nothing
        await(() -> {
            try (FileTransferClient late = client()) {
                late.login(2, id, ClientFileRole.CLIENT_REALTIME_RECVER);
                return false;
            } catch (FileTransferException e) {
                return e.resultCode() == FileProtocol.NO_SUCH_TASK;
            }
        }, "task forgotten");
    }

    @Test
    void onlyTheTasksSenderAndReceiverGetInEachOnceInTheirOwnRole() throws Exception {
        start();
        byte[] file = random(70_000, 5);
        String id = task(1, 2, file.length, TransferFileType.FILE_TYPE_ONLINE);
        Object[][] refused = {
            {3, ClientFileRole.CLIENT_REALTIME_RECVER}, // a third user with the task id
            {3, ClientFileRole.CLIENT_REALTIME_SENDER},
            {2, ClientFileRole.CLIENT_REALTIME_SENDER}, // the receiver posing as sender
            {1, ClientFileRole.CLIENT_REALTIME_RECVER},
            {1, ClientFileRole.CLIENT_OFFLINE_UPLOAD}, // wrong mode
            {2, ClientFileRole.CLIENT_OFFLINE_DOWNLOAD},
        };
        for (Object[] r : refused) {
            try (FileTransferClient c = client()) {
                assertThatThrownBy(() -> c.login((int) r[0], id, (ClientFileRole) r[1]))
                        .as("user %s as %s", r[0], r[1]).isInstanceOf(FileTransferException.class);
                assertThat(c.closedByServer()).isTrue();
            }
        }
        FileTransferClient sender = loggedIn(1, id, ClientFileRole.CLIENT_REALTIME_SENDER);
        try (FileTransferClient twice = client()) {
            assertThatThrownBy(() -> twice.login(1, id, ClientFileRole.CLIENT_REALTIME_SENDER))
                    .satisfies(e -> assertThat(((FileTransferException) e).resultCode()).isEqualTo(FileProtocol.NOT_A_PARTY));
        }
        // none of that disturbed the real transfer
        CompletableFuture<Ending> sent = CompletableFuture.supplyAsync(() -> sender.serve(SegmentSource.of(file)), threads);
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        try (FileTransferClient receiver = loggedIn(2, id, ClientFileRole.CLIENT_REALTIME_RECVER)) {
            assertThat(receiver.receive(file.length, got, TransferFileType.FILE_TYPE_ONLINE).state())
                    .isEqualTo(ClientFileState.CLIENT_FILE_DONE);
        }
        assertThat(got.toByteArray()).isEqualTo(file);
        assertThat(get(sent).state()).isEqualTo(ClientFileState.CLIENT_FILE_DONE);
        sender.close();
    }

    @Test
    void taskIdsThatAreNotUuidsNeverReachTheFileSystem() throws Exception {
        start();
        Files.writeString(storage.resolve("secret.txt"), "secret");
        for (String id : new String[] {"../secret.txt", "../../etc/passwd", "..", "/etc/passwd", "0a/../../secret.txt"}) {
            for (ClientFileRole role : new ClientFileRole[] {ClientFileRole.CLIENT_OFFLINE_DOWNLOAD,
                    ClientFileRole.CLIENT_REALTIME_SENDER}) {
                try (FileTransferClient c = client()) {
                    assertThatThrownBy(() -> c.login(1, id, role)).as(id)
                            .satisfies(e -> assertThat(((FileTransferException) e).resultCode()).isEqualTo(FileProtocol.NO_SUCH_TASK));
                }
            }
        }
    }

    @Test
    void limitsAndStorageFailuresAreClearResults() throws Exception {
        start(c -> c.maxFileSize = 1000);
        assertThat(createTask(1, 2, 1001, TransferFileType.FILE_TYPE_ONLINE).getResultCode()).isEqualTo(FileProtocol.REFUSED);
        assertThat(createTask(1, 1, 10, TransferFileType.FILE_TYPE_ONLINE).getResultCode()).isEqualTo(FileProtocol.REFUSED);
        assertThat(server.liveTasks()).isZero();

        // the offline directory cannot be written: the uploader's login says so
        String id = task(1, 2, 1000, TransferFileType.FILE_TYPE_OFFLINE);
        Path offline = storage.resolve("offline");
        try (Stream<Path> s = Files.list(offline)) {
            assertThat(s).isEmpty();
        }
        Files.delete(offline);
        Files.writeString(offline, "not a directory");
        try (FileTransferClient uploader = client()) {
            assertThatThrownBy(() -> uploader.login(1, id, ClientFileRole.CLIENT_OFFLINE_UPLOAD))
                    .satisfies(e -> assertThat(((FileTransferException) e).resultCode()).isEqualTo(FileProtocol.STORAGE_FAILED));
        }
        await(() -> server.liveTasks() == 0, "the failed task is dropped"); // dropped after the refusal is written
    }

    @Test
    void aFullDiskRefusesOfflineTransfersUpFront() throws Exception {
        start(c -> c.minFreeSpace = Long.MAX_VALUE / 2);
        assertThat(createTask(1, 2, 10, TransferFileType.FILE_TYPE_OFFLINE).getResultCode()).isEqualTo(FileProtocol.STORAGE_FAILED);
        // online transfers store nothing and still work
        assertThat(createTask(1, 2, 10, TransferFileType.FILE_TYPE_ONLINE).getResultCode()).isZero();
    }

    @Test
    void anythingButALoginFirstClosesTheConnection() throws Exception {
        start();
        try (PduTestClient raw = PduTestClient.connect(server.clientPort())) {
            raw.send(CommandId.CID_FILE_STATE, 1, com.mogujie.tt.protobuf.IMFile.IMFileState.newBuilder()
                    .setState(ClientFileState.CLIENT_FILE_CANCEL).setTaskId("x").setUserId(1).build());
            assertThat(raw.closedWithin(5000)).isTrue();
        }
        // heartbeats are echoed before a login
        try (PduTestClient raw = PduTestClient.connect(server.clientPort())) {
            raw.send(Pdu.heartbeat());
            assertThat(raw.readFrame().commandId()).isEqualTo(CommandId.CID_OTHER_HEARTBEAT);
            raw.send(CommandId.CID_FILE_LOGIN_REQ, 9, IMFileLoginReq.newBuilder().setUserId(1)
                    .setTaskId("00000000-0000-0000-0000-000000000000").setFileRole(ClientFileRole.CLIENT_REALTIME_SENDER).build());
            Pdu rsp = raw.receive();
            assertThat(rsp.commandId()).isEqualTo(CommandId.CID_FILE_LOGIN_RES);
            assertThat(rsp.seq()).isEqualTo(9);
        }
    }
}
