package io.teamtalkj.dbproxy.handler;

import com.google.protobuf.Parser;
import com.mogujie.tt.protobuf.IMBaseDefine.UserInfo;
import com.mogujie.tt.protobuf.IMServer.IMValidateReq;
import com.mogujie.tt.protobuf.IMServer.IMValidateRsp;
import io.teamtalkj.dbproxy.core.DbContext;
import io.teamtalkj.dbproxy.core.DbHandler;
import io.teamtalkj.dbproxy.storage.LoginFailures;
import io.teamtalkj.pdu.Conversations;
import io.teamtalkj.pdu.Reply;
import io.teamtalkj.dbproxy.storage.Passwords;
import io.teamtalkj.dbproxy.storage.Users;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Failure;
import java.sql.Connection;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CID_OTHER_VALIDATE_REQ (0x0703): checks a login name and the client's md5hex password.
 *
 * <ul>
 *   <li>Accepts TeamTalk rows (md5hex(md5hex + salt)) and our {@code pbkdf2$} rows; a TeamTalk row
 *       is rewritten as pbkdf2 on its first successful login (salt column untouched, {@code updated}
 *       untouched because nothing a client sees changed).</li>
 *   <li>Unknown name, wrong password, and a user who is not active (status != 0) all get result 1
 *       with the same text, and an unknown name still costs one pbkdf2 run, so neither the answer
 *       nor its timing tells whether a name exists.</li>
 *   <li>Brute-force limit shared by every dbproxy through Redis: {@code login_fail_<name>} is a
 *       sorted set of failure times (score = unix seconds, member = time + random suffix). When
 *       more than {@code loginFailureLimit} failures lie within {@code loginFailureWindow}, the
 *       answer is 6 without looking at the password. Refused attempts are not recorded, so the lock
 *       lifts as old failures leave the sliding window. A success deletes the set. The set expires
 *       one window after the last failure. Check and record are two steps, so concurrent attempts
 *       on several dbproxies can overshoot the limit by the number of attempts in flight.</li>
 * </ul>
 */
public final class ValidateHandler implements DbHandler<IMValidateReq> {
    private static final Logger log = LoggerFactory.getLogger(ValidateHandler.class);

    static final int OK = 0;
    static final int WRONG = 1;
    static final int LOCKED = 6;
    static final String WRONG_TEXT = "用户名/密码错误";
    static final String LOCKED_TEXT = "用户名/密码错误次数太多";

    /** A pbkdf2 row nobody can match, verified for unknown names so they cost the same time. */
    private static final class Dummy {
        static final String ROW = Passwords.hash("tt-no-such-user");
    }

    @Override
    public int commandId() {
        return CommandId.CID_OTHER_VALIDATE_REQ;
    }

    @Override
    public Parser<IMValidateReq> parser() {
        return IMValidateReq.parser();
    }

    @Override
    public long orderingKey(IMValidateReq request) {
        return Conversations.any(request.getUserName().hashCode());
    }

    @Override
    public Reply handle(IMValidateReq req, DbContext ctx) throws Exception {
        String name = req.getUserName();
        String digest = req.getPassword();
        int now = ctx.now();
        int windowSeconds = (int) Math.max(1, ctx.config().loginFailureWindow.toSeconds());

        if (LoginFailures.recent(ctx.storage().redis(), name, now, windowSeconds) > ctx.config().loginFailureLimit) {
            log.info("login of '{}' refused: too many failures", name);
            return reply(req, LOCKED, LOCKED_TEXT, null);
        }

        Users.Account account;
        try (Connection c = ctx.storage().connection()) {
            account = Users.findActiveByName(c, name);
        }
        boolean ok;
        if (account == null) {
            Passwords.verify(digest, Dummy.ROW, "");
            ok = false;
        } else {
            ok = Passwords.verify(digest, account.password(), account.salt());
        }
        if (!ok) {
            LoginFailures.record(ctx.storage().redis(), name, now, windowSeconds);
            return reply(req, WRONG, WRONG_TEXT, null);
        }

        LoginFailures.clear(ctx.storage().redis(), name);
        if (Passwords.needsUpgrade(account.password())) {
            upgrade(ctx, account, digest);
        }
        // TeamTalk answers a successful login with status 0 whatever the row says
        return reply(req, OK, "", account.info().toBuilder().setStatus(0).build());
    }

    /** Rewrites a TeamTalk md5 row as pbkdf2; a failure only delays the upgrade to the next login. */
    private static void upgrade(DbContext ctx, Users.Account account, String digest) {
        try (Connection c = ctx.storage().connection()) {
            Users.replacePassword(c, account.info().getUserId(), account.password(), Passwords.hash(digest));
        } catch (SQLException e) {
            log.warn("could not upgrade the password row of user {}: {}", account.info().getUserId(), e.toString());
        }
    }

    private static Reply reply(IMValidateReq req, int result, String text, UserInfo info) {
        IMValidateRsp.Builder b = IMValidateRsp.newBuilder()
                .setUserName(req.getUserName())
                .setResultCode(result)
                .setResultString(text);
        if (info != null) {
            b.setUserInfo(info);
        }
        return Reply.of(CommandId.CID_OTHER_VALIDATE_RSP, b.build());
    }

    @Override
    public Reply onFailure(IMValidateReq req, Failure failure, String reason) {
        // not "wrong password": the user should retry rather than doubt the password
        return reply(req, WRONG, "登录服务暂时不可用, 请稍后重试", null);
    }
}
