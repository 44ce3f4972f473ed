package io.teamtalkj.dbproxy;

import static io.teamtalkj.dbproxy.GroupTestSupport.call;
import static io.teamtalkj.dbproxy.GroupTestSupport.single;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import com.mogujie.tt.protobuf.IMBaseDefine.OfflineFileInfo;
import com.mogujie.tt.protobuf.IMFile.IMFileAddOfflineReq;
import com.mogujie.tt.protobuf.IMFile.IMFileDelOfflineReq;
import com.mogujie.tt.protobuf.IMFile.IMFileHasOfflineReq;
import com.mogujie.tt.protobuf.IMFile.IMFileHasOfflineRsp;
import io.teamtalkj.dbproxy.testing.DbProxyFixture;
import io.teamtalkj.dbproxy.testing.EmbeddedStorage;
import io.teamtalkj.pdu.CommandId;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Offline files: add (no reply), list for the receiver, delete only by the matching users. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class OfflineFileIT {
    @RegisterExtension
    final DbProxyFixture db = new DbProxyFixture();

    private void add(int seq, int from, int to, String task, String name, int size) throws Exception {
        db.client().send(CommandId.CID_FILE_ADD_OFFLINE_REQ, seq, IMFileAddOfflineReq.newBuilder().setFromUserId(from)
                .setToUserId(to).setTaskId(task).setFileName(name).setFileSize(size).build());
    }

    private void del(int seq, int from, int to, String task) throws Exception {
        db.client().send(CommandId.CID_FILE_DEL_OFFLINE_REQ, seq, IMFileDelOfflineReq.newBuilder().setFromUserId(from)
                .setToUserId(to).setTaskId(task).build());
    }

    /**
     * Adds and deletes have no reply and run on the worker of their user pair, so a test waits
     * for their rows before asking (requests of one pair are served in order).
     */
    private void awaitCount(String sql, long expected) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(single(db.config(), sql)).as(sql)
                .isEqualTo(expected));
    }

    private static OfflineFileInfo file(IMFileHasOfflineRsp rsp, String taskId) {
        return rsp.getOfflineFileListList().stream().filter(f -> f.getTaskId().equals(taskId)).findFirst().orElseThrow();
    }

    private IMFileHasOfflineRsp list(int seq, int user) throws Exception {
        IMFileHasOfflineRsp rsp = call(db.client(), CommandId.CID_FILE_HAS_OFFLINE_REQ, seq, IMFileHasOfflineReq.newBuilder()
                .setUserId(user).setAttachData(ByteString.copyFromUtf8("f")).build(),
                CommandId.CID_FILE_HAS_OFFLINE_RES, IMFileHasOfflineRsp.parser());
        assertThat(rsp.getUserId()).isEqualTo(user);
        assertThat(rsp.getAttachData().toStringUtf8()).isEqualTo("f");
        assertThat(rsp.getIpAddrListCount()).isZero();
        return rsp;
    }

    @Test
    void addListAndDeleteOfflineFiles() throws Exception {
        add(1, 10, 20, "task-a", "report.pdf", 1234);
        add(2, 11, 20, "task-b", "it's \"quoted\"; --.txt", -1); // 4294967295 bytes as uint32
        add(3, 10, 21, "task-c", "other.txt", 5);
        add(4, 10, 20, "task-a", "duplicate task id", 1); // ignored (same pair: served after the first)
        add(5, 10, 20, "task-d", "sentinel", 1);
        awaitCount("SELECT COUNT(*) FROM IMTransmitFile", 4);
        assertThat(db.client().silentFor(200)).isTrue(); // adds have no reply

        IMFileHasOfflineRsp rsp = list(6, 20);
        // oldest first; task-b was stored by another worker, so only a before d is certain
        assertThat(rsp.getOfflineFileListList()).extracting(OfflineFileInfo::getTaskId)
                .containsExactlyInAnyOrder("task-a", "task-b", "task-d");
        OfflineFileInfo a = file(rsp, "task-a");
        assertThat(a.getFromUserId()).isEqualTo(10);
        assertThat(a.getFileName()).isEqualTo("report.pdf");
        assertThat(a.getFileSize()).isEqualTo(1234);
        OfflineFileInfo b = file(rsp, "task-b");
        assertThat(b.getFromUserId()).isEqualTo(11);
        assertThat(b.getFileName()).isEqualTo("it's \"quoted\"; --.txt");
        assertThat(Integer.toUnsignedLong(b.getFileSize())).isEqualTo(4294967295L);

        del(7, 10, 20, "task-a");
        awaitCount("SELECT COUNT(*) FROM IMTransmitFile WHERE taskId='task-a' AND status=1", 1);
        assertThat(db.client().silentFor(200)).isTrue(); // deletes have no reply
        assertThat(list(8, 20).getOfflineFileListList()).extracting(OfflineFileInfo::getTaskId)
                .containsExactlyInAnyOrder("task-b", "task-d");
        assertThat(list(9, 21).getOfflineFileListList()).extracting(OfflineFileInfo::getTaskId).containsExactly("task-c");
        assertThat(list(10, 10).getOfflineFileListCount()).isZero();
    }

    @Test
    void deleteWithWrongUsersOrInjectedTaskIdDeletesNothing() throws Exception {
        add(1, 10, 20, "task-x", "secret.doc", 10);
        add(2, 12, 22, "task-y", "other.doc", 10);
        del(3, 11, 20, "task-x");            // wrong sender
        add(4, 11, 20, "sentinel-1", "s", 1);
        del(5, 10, 21, "task-x");            // wrong receiver
        add(6, 10, 21, "sentinel-2", "s", 1);
        del(7, 20, 10, "task-x");            // sender and receiver swapped
        del(8, 10, 20, "task-x' OR '1'='1"); // TeamTalk's injectable delete
        del(9, 10, 20, "%");
        add(10, 10, 20, "sentinel-3", "s", 1);
        // a sentinel is stored only after the deletes queued before it on the same pair were served
        awaitCount("SELECT COUNT(*) FROM IMTransmitFile WHERE taskId LIKE 'sentinel-%'", 3);
        assertThat(single(db.config(), "SELECT status FROM IMTransmitFile WHERE taskId='task-x'")).isZero();
        assertThat(single(db.config(), "SELECT COUNT(*) FROM IMTransmitFile WHERE status<>0")).isZero();
        assertThat(list(11, 20).getOfflineFileListList()).extracting(OfflineFileInfo::getTaskId)
                .containsExactlyInAnyOrder("task-x", "sentinel-1", "sentinel-3");
    }

    @Test
    void invalidAddsAreNotStored() throws Exception {
        add(1, 10, 20, "", "no task", 1);
        add(2, 10, 20, "t".repeat(65), "task id too long", 1);
        add(3, 10, 20, "f", "n".repeat(256), 1);
        add(4, 10, 0, "task-0", "no receiver", 1);
        add(5, 10, 20, "sentinel", "s", 1);
        awaitCount("SELECT COUNT(*) FROM IMTransmitFile WHERE taskId='sentinel'", 1);
        assertThat(single(db.config(), "SELECT COUNT(*) FROM IMTransmitFile")).isEqualTo(1);
    }

    @Test
    void fileRowsSurviveInMysqlOnly() throws Exception {
        add(1, 10, 20, "task-r", "kept.bin", 3);
        awaitCount("SELECT COUNT(*) FROM IMTransmitFile", 1);
        assertThat(list(2, 20).getOfflineFileListCount()).isEqualTo(1);
        EmbeddedStorage.flushRedis();
        assertThat(list(3, 20).getOfflineFileListCount()).isEqualTo(1);
    }
}
