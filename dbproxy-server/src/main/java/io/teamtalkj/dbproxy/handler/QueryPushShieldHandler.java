package io.teamtalkj.dbproxy.handler;

import com.google.protobuf.Parser;
import com.mogujie.tt.protobuf.IMLogin.IMQueryPushShieldReq;
import com.mogujie.tt.protobuf.IMLogin.IMQueryPushShieldRsp;
import io.teamtalkj.dbproxy.core.DbContext;
import io.teamtalkj.dbproxy.core.DbHandler;
import io.teamtalkj.dbproxy.storage.Users;
import io.teamtalkj.pdu.Conversations;
import io.teamtalkj.pdu.Reply;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Failure;
import java.sql.Connection;

/** CID_LOGIN_REQ_QUERY_PUSH_SHIELD (0x010e): IMUser.push_shield_status; unknown user → result 1. */
public final class QueryPushShieldHandler implements DbHandler<IMQueryPushShieldReq> {
    @Override
    public int commandId() {
        return CommandId.CID_LOGIN_REQ_QUERY_PUSH_SHIELD;
    }

    @Override
    public Parser<IMQueryPushShieldReq> parser() {
        return IMQueryPushShieldReq.parser();
    }

    @Override
    public long orderingKey(IMQueryPushShieldReq request) {
        return Conversations.user(request.getUserId());
    }

    @Override
    public Reply handle(IMQueryPushShieldReq req, DbContext ctx) throws Exception {
        Integer status;
        try (Connection c = ctx.storage().connection()) {
            status = Users.pushShield(c, req.getUserId());
        }
        if (status != null) {
            return reply(req, 0, status);
        }
        return reply(req, 1, -1);
    }

    private static Reply reply(IMQueryPushShieldReq req, int result, int status) {
        IMQueryPushShieldRsp.Builder b = IMQueryPushShieldRsp.newBuilder()
                .setUserId(req.getUserId())
                .setResultCode(result);
        if (result == 0) {
            b.setShieldStatus(status);
        }
        return Reply.of(CommandId.CID_LOGIN_RES_QUERY_PUSH_SHIELD, b.build());
    }

    @Override
    public Reply onFailure(IMQueryPushShieldReq req, Failure failure, String reason) {
        return reply(req, 1, -1);
    }
}
