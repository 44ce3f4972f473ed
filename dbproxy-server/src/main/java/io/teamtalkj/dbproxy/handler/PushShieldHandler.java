package io.teamtalkj.dbproxy.handler;

import com.google.protobuf.Parser;
import com.mogujie.tt.protobuf.IMLogin.IMPushShieldReq;
import com.mogujie.tt.protobuf.IMLogin.IMPushShieldRsp;
import io.teamtalkj.dbproxy.core.DbContext;
import io.teamtalkj.dbproxy.core.DbHandler;
import io.teamtalkj.pdu.Conversations;
import io.teamtalkj.pdu.Reply;
import io.teamtalkj.dbproxy.storage.Users;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Failure;
import java.sql.Connection;

/**
 * CID_LOGIN_REQ_PUSH_SHIELD (0x010c): sets IMUser.push_shield_status (1 = no iOS pushes at
 * night, 0 = off). Values other than 0/1 and unknown users → result 1, nothing stored. The flag
 * is not part of UserInfo, so IMUser.updated is left alone (no directory resync).
 */
public final class PushShieldHandler implements DbHandler<IMPushShieldReq> {
    @Override
    public int commandId() {
        return CommandId.CID_LOGIN_REQ_PUSH_SHIELD;
    }

    @Override
    public Parser<IMPushShieldReq> parser() {
        return IMPushShieldReq.parser();
    }

    @Override
    public long orderingKey(IMPushShieldReq request) {
        return Conversations.user(request.getUserId());
    }

    @Override
    public Reply handle(IMPushShieldReq req, DbContext ctx) throws Exception {
        int status = req.getShieldStatus();
        if (status != 0 && status != 1) {
            return reply(req, 1);
        }
        boolean found;
        try (Connection c = ctx.storage().connection()) {
            found = Users.setPushShield(c, req.getUserId(), status);
        }
        return reply(req, found ? 0 : 1);
    }

    private static Reply reply(IMPushShieldReq req, int result) {
        IMPushShieldRsp.Builder b = IMPushShieldRsp.newBuilder()
                .setUserId(req.getUserId())
                .setResultCode(result);
        if (result == 0) {
            b.setShieldStatus(req.getShieldStatus());
        }
        return Reply.of(CommandId.CID_LOGIN_RES_PUSH_SHIELD, b.build());
    }

    @Override
    public Reply onFailure(IMPushShieldReq req, Failure failure, String reason) {
        return reply(req, 1);
    }
}
