package io.teamtalkj.dbproxy.handler;

import com.google.protobuf.Parser;
import io.teamtalkj.dbproxy.core.DbContext;
import io.teamtalkj.dbproxy.core.DbHandler;
import io.teamtalkj.dbproxy.storage.DeviceTokens;
import io.teamtalkj.pdu.Conversations;
import io.teamtalkj.pdu.Failure;
import io.teamtalkj.pdu.PushCommandId;
import io.teamtalkj.pdu.Reply;
import io.teamtalkj.pdu.push.RemoveDeviceTokenReq;
import io.teamtalkj.pdu.push.RemoveDeviceTokenRsp;

/**
 * 0x0820 RemoveDeviceTokenReq (msg-server): a push service (APNs BadDeviceToken/Unregistered,
 * FCM UNREGISTERED) called the user's token dead. It is removed only while it is still the user's
 * token, so a phone that registered a fresh token in the meantime keeps it. Ordered with the
 * user's own token updates (same key as 0x0108). The device holding it in TTDeviceToken loses it too.
 */
public final class RemoveDeviceTokenHandler implements DbHandler<RemoveDeviceTokenReq> {
    @Override
    public int commandId() {
        return PushCommandId.CID_INTERNAL_REMOVE_DEVICE_TOKEN_REQ;
    }

    @Override
    public Parser<RemoveDeviceTokenReq> parser() {
        return RemoveDeviceTokenReq.parser();
    }

    @Override
    public long orderingKey(RemoveDeviceTokenReq request) {
        return Conversations.user(request.getUserId());
    }

    @Override
    public Reply handle(RemoveDeviceTokenReq req, DbContext ctx) throws java.sql.SQLException {
        if (req.getToken().isEmpty()) {
            return reply(req, false);
        }
        boolean removed;
        try (java.sql.Connection c = ctx.storage().connection()) {
            removed = io.teamtalkj.dbproxy.storage.DeviceTokenTable.removeToken(c, req.getUserId(), req.getToken());
        }
        removed |= DeviceTokens.removeIfCurrent(ctx.storage().redis(), req.getUserId(), req.getToken());
        return reply(req, removed);
    }

    @Override
    public Reply onFailure(RemoveDeviceTokenReq req, Failure failure, String reason) {
        return reply(req, false);
    }

    private static Reply reply(RemoveDeviceTokenReq req, boolean removed) {
        return Reply.of(PushCommandId.CID_INTERNAL_REMOVE_DEVICE_TOKEN_RSP,
                RemoveDeviceTokenRsp.newBuilder().setUserId(req.getUserId()).setRemoved(removed).build());
    }
}
