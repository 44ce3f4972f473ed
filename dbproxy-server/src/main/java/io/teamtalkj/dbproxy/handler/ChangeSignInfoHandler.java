package io.teamtalkj.dbproxy.handler;

import com.google.protobuf.Parser;
import com.mogujie.tt.protobuf.IMBuddy.IMChangeSignInfoReq;
import com.mogujie.tt.protobuf.IMBuddy.IMChangeSignInfoRsp;
import io.teamtalkj.dbproxy.core.DbContext;
import io.teamtalkj.dbproxy.core.DbHandler;
import io.teamtalkj.pdu.Conversations;
import io.teamtalkj.pdu.Reply;
import io.teamtalkj.dbproxy.storage.Users;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Failure;
import java.sql.Connection;

/**
 * CID_BUDDY_LIST_CHANGE_SIGN_INFO_REQUEST (0x0213): stores a user's signature (bound as a
 * parameter; TeamTalk concatenated it into the SQL) and bumps IMUser.updated so directory syncs
 * carry it. Longer than the column's 128 characters or an unknown user → result 1, nothing stored.
 * On success the reply carries the stored sign_info (msg-server broadcasts it as 0x0215).
 */
public final class ChangeSignInfoHandler implements DbHandler<IMChangeSignInfoReq> {
    static final int MAX_CHARS = 128;

    @Override
    public int commandId() {
        return CommandId.CID_BUDDY_LIST_CHANGE_SIGN_INFO_REQUEST;
    }

    @Override
    public Parser<IMChangeSignInfoReq> parser() {
        return IMChangeSignInfoReq.parser();
    }

    @Override
    public long orderingKey(IMChangeSignInfoReq request) {
        return Conversations.user(request.getUserId());
    }

    @Override
    public Reply handle(IMChangeSignInfoReq req, DbContext ctx) throws Exception {
        String sign = req.getSignInfo();
        if (sign.codePointCount(0, sign.length()) > MAX_CHARS) {
            return reply(req, 1);
        }
        boolean found;
        try (Connection c = ctx.storage().connection()) {
            found = Users.updateProfileColumn(c, req.getUserId(), Users.ProfileColumn.SIGN_INFO, sign, ctx.now());
        }
        return reply(req, found ? 0 : 1);
    }

    private static Reply reply(IMChangeSignInfoReq req, int result) {
        IMChangeSignInfoRsp.Builder b = IMChangeSignInfoRsp.newBuilder()
                .setUserId(req.getUserId())
                .setResultCode(result);
        if (result == 0) {
            b.setSignInfo(req.getSignInfo());
        }
        return Reply.of(CommandId.CID_BUDDY_LIST_CHANGE_SIGN_INFO_RESPONSE, b.build());
    }

    @Override
    public Reply onFailure(IMChangeSignInfoReq req, Failure failure, String reason) {
        return reply(req, 1);
    }
}
