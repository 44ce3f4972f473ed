package io.teamtalkj.dbproxy.handler;

import com.google.protobuf.Parser;
import com.mogujie.tt.protobuf.IMBuddy.IMChangeAvatarReq;
import com.mogujie.tt.protobuf.IMBuddy.IMChangeAvatarRsp;
import io.teamtalkj.dbproxy.core.DbContext;
import io.teamtalkj.dbproxy.core.DbHandler;
import io.teamtalkj.pdu.Conversations;
import io.teamtalkj.pdu.Reply;
import io.teamtalkj.dbproxy.storage.Users;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Failure;
import java.sql.Connection;

/**
 * CID_BUDDY_LIST_CHANGE_AVATAR_REQUEST (0x020c): TeamTalk's db_proxy had no handler, so the
 * request was never answered. We store IMUser.avatar (at most 255 characters, the column size),
 * bump IMUser.updated so directory syncs carry it, and answer result 0, or 1 for a too long URL or
 * an unknown user (nothing stored).
 */
public final class ChangeAvatarHandler implements DbHandler<IMChangeAvatarReq> {
    static final int MAX_CHARS = 255;

    @Override
    public int commandId() {
        return CommandId.CID_BUDDY_LIST_CHANGE_AVATAR_REQUEST;
    }

    @Override
    public Parser<IMChangeAvatarReq> parser() {
        return IMChangeAvatarReq.parser();
    }

    @Override
    public long orderingKey(IMChangeAvatarReq request) {
        return Conversations.user(request.getUserId());
    }

    @Override
    public Reply handle(IMChangeAvatarReq req, DbContext ctx) throws Exception {
        String url = req.getAvatarUrl();
        if (url.codePointCount(0, url.length()) > MAX_CHARS) {
            return reply(req, 1);
        }
        boolean found;
        try (Connection c = ctx.storage().connection()) {
            found = Users.updateProfileColumn(c, req.getUserId(), Users.ProfileColumn.AVATAR, url, ctx.now());
        }
        return reply(req, found ? 0 : 1);
    }

    private static Reply reply(IMChangeAvatarReq req, int result) {
        IMChangeAvatarRsp.Builder b = IMChangeAvatarRsp.newBuilder()
                .setUserId(req.getUserId())
                .setResultCode(result);
        return Reply.of(CommandId.CID_BUDDY_LIST_CHANGE_AVATAR_RESPONSE, b.build());
    }

    @Override
    public Reply onFailure(IMChangeAvatarReq req, Failure failure, String reason) {
        return reply(req, 1);
    }
}
