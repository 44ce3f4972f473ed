package io.teamtalkj.pdu;

import java.util.regex.Pattern;

/**
 * Numbers shared by the file-server, the msg-server's file handlers and clients: segment sizes,
 * task id format, and the result codes of IMFileTransferRsp, IMFileRsp, IMFileLoginRsp and
 * IMFilePullDataRsp. TeamTalk's clients only tell 0 (ok) from non-zero; the non-zero values are
 * FileServerError numbers (IM.BaseDefine) where one fits, so logs and newer clients can say why.
 */
public final class FileProtocol {
    /** Bytes the file-server asks an uploader for per IMFilePullDataReq (TeamTalk: 32768). */
    public static final int SEGMENT = 32 * 1024;
    /** Largest data_size a client may pull at once. */
    public static final int MAX_SEGMENT = 64 * 1024;

    public static final int OK = 0;
    /** Generic failure (TeamTalk's only failure code). */
    public static final int FAILED = 1;
    /** No file-server could create the task (none configured or none reachable). */
    public static final int NO_FILE_SERVER = 2; // FILE_SERVER_ERRNO_CREATE_TASK_ERROR
    /** The user is not the task's sender (or receiver) in that role, or the role is taken. */
    public static final int NOT_A_PARTY = 4; // FILE_SERVER_ERRNO_INVALID_USER_FOR_TASK
    /** No such task: never created, timed out, or the offline file is not (completely) stored. */
    public static final int NO_SUCH_TASK = 5; // FILE_SERVER_ERRNO_PULL_DATA_WITH_INVALID_TASK_ID
    /** The file cannot be stored or read: disk full, write error, storage missing. */
    public static final int STORAGE_FAILED = 8; // FILE_SERVER_ERRNO_PULL_DATA_OPEN_FILE_ERROR
    /** A pull outside the file, or larger than {@link #MAX_SEGMENT}. */
    public static final int BAD_RANGE = 11; // FILE_SERVER_ERRNO_PULL_DATA_SEEK_OFFSET_ERROR
    /** TeamTalk-J: the announced file is larger than the file-server accepts, or the request is invalid. */
    public static final int REFUSED = 100;

    /** Task ids are lower-case UUIDs (36 characters), so they are safe as file names. */
    private static final Pattern TASK_ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private FileProtocol() {
    }

    public static boolean validTaskId(String id) {
        return id != null && TASK_ID.matcher(id).matches();
    }

    /** A short word for a result code, for logs and error messages. */
    public static String describe(int result) {
        return switch (result) {
            case OK -> "ok";
            case FAILED -> "failed";
            case NO_FILE_SERVER -> "no file-server available";
            case NOT_A_PARTY -> "not the sender or receiver of this task";
            case NO_SUCH_TASK -> "no such task (unknown, expired, or not completely uploaded)";
            case STORAGE_FAILED -> "the file-server cannot store or read the file";
            case BAD_RANGE -> "offset or size outside the file";
            case REFUSED -> "refused by the file-server (too large or invalid)";
            default -> "error " + result;
        };
    }
}
