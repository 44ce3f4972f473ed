package io.teamtalkj.client;

import com.mogujie.tt.protobuf.IMBaseDefine.ResultType;

/** The msg-server answered IMLoginReq with a non-zero result code (IMBaseDefine.ResultType). */
public class LoginFailedException extends TeamTalkException {
    private static final long serialVersionUID = 1L;

    private final int resultCode;
    private final String text;

    public LoginFailedException(int resultCode, String text) {
        super("login refused: code " + resultCode + " (" + name(resultCode) + ")"
                + (text == null || text.isEmpty() ? "" : ": " + text));
        this.resultCode = resultCode;
        this.text = text == null ? "" : text;
    }

    private static String name(int code) {
        ResultType type = ResultType.forNumber(code);
        return type == null ? "unknown" : type.name();
    }

    /** ResultType number: 1..5 missing infrastructure, 6 bad credentials or locked. */
    public int resultCode() {
        return resultCode;
    }

    /** The server's result_string (may be empty). */
    public String text() {
        return text;
    }

    /** True for bad credentials / a locked or disabled account: retrying will not help. */
    public boolean isCredentialsProblem() {
        return resultCode == ResultType.REFUSE_REASON_DB_VALIDATE_FAILED_VALUE;
    }
}
