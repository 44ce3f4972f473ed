package io.teamtalkj.file.transfer;

import com.mogujie.tt.protobuf.IMBaseDefine.ClientFileState;
import com.mogujie.tt.protobuf.IMBaseDefine.TransferFileType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.teamtalkj.pdu.FileProtocol;
import java.util.Locale;

/**
 * The file-server's transfer metrics ({@code teamtalk_file_*}): tasks asked for by mode and
 * result, tasks ended by mode and outcome, file bytes moved, and failures by reason. Counters are
 * made once here, so the event loops only increment.
 */
public final class TransferMetrics {
    private static final String TASKS_HELP = "Transfer tasks msg-servers asked for, by mode (online, offline) and "
            + "result (created, refused: bad request or too large, no_space: not enough free disk)";
    private static final String ENDED_HELP = "Transfer tasks ended, by mode and outcome (done, cancel, refuse)";
    private static final String BYTES_HELP = "File bytes moved: relayed (online, sender to receiver), "
            + "uploaded (offline, written to disk) and downloaded (offline, read from disk)";
    private static final String FAILURES_HELP = "Transfers failed by the file-server's side: timeout (no activity "
            + "for --task-timeout), disk_write, disk_read, commit (a complete upload could not be stored)";

    private final MeterRegistry registry;
    final Counter relayedBytes;
    final Counter uploadedBytes;
    final Counter downloadedBytes;
    final Counter timeouts;
    final Counter diskWrites;
    final Counter diskReads;
    final Counter commits;

    public TransferMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (TransferFileType mode : TransferFileType.values()) {
            for (String result : new String[] {"created", "refused", "no_space"}) {
                tasks(mode, result);
            }
            for (ClientFileState state : new ClientFileState[] {ClientFileState.CLIENT_FILE_DONE,
                    ClientFileState.CLIENT_FILE_CANCEL, ClientFileState.CLIENT_FILE_REFUSE}) {
                ended(mode, state);
            }
        }
        relayedBytes = bytes("relayed");
        uploadedBytes = bytes("uploaded");
        downloadedBytes = bytes("downloaded");
        timeouts = failures("timeout");
        diskWrites = failures("disk_write");
        diskReads = failures("disk_read");
        commits = failures("commit");
    }

    /** The counter of tasks in {@code mode} that got {@code result} (a {@link FileProtocol} code). */
    Counter created(TransferFileType mode, int result) {
        return tasks(mode, result == FileProtocol.OK ? "created" : result == FileProtocol.REFUSED ? "refused" : "no_space");
    }

    Counter ended(TransferFileType mode, ClientFileState state) {
        return Counter.builder("teamtalk.file.transfers").description(ENDED_HELP).tag("mode", label(mode.name()))
                .tag("outcome", label(state.name())).register(registry);
    }

    private Counter tasks(TransferFileType mode, String result) {
        return Counter.builder("teamtalk.file.tasks").description(TASKS_HELP).tag("mode", label(mode.name()))
                .tag("result", result).register(registry);
    }

    private Counter bytes(String direction) {
        return Counter.builder("teamtalk.file.bytes").description(BYTES_HELP).baseUnit("bytes")
                .tag("direction", direction).register(registry);
    }

    private Counter failures(String reason) {
        return Counter.builder("teamtalk.file.failures").description(FAILURES_HELP).tag("reason", reason)
                .register(registry);
    }

    /** FILE_TYPE_ONLINE → online, CLIENT_FILE_DONE → done. */
    private static String label(String enumName) {
        return enumName.substring(enumName.lastIndexOf('_') + 1).toLowerCase(Locale.ROOT);
    }
}
