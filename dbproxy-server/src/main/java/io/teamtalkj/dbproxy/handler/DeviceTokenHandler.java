package io.teamtalkj.dbproxy.handler;

import com.google.protobuf.Parser;
import com.mogujie.tt.protobuf.IMLogin.IMDeviceTokenReq;
import com.mogujie.tt.protobuf.IMLogin.IMDeviceTokenRsp;
import io.teamtalkj.dbproxy.core.DbContext;
import io.teamtalkj.dbproxy.core.DbHandler;
import io.teamtalkj.dbproxy.storage.DeviceTokenTable;
import io.teamtalkj.dbproxy.storage.DeviceTokens;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Conversations;
import io.teamtalkj.pdu.Reply;
import io.teamtalkj.pdu.Failure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CID_LOGIN_REQ_DEVICETOKEN (0x0108): records a user's push token in Redis (TeamTalk's keys, see
 * {@link DeviceTokens}). A token is held by one user at a time: when it moves to another user (one
 * phone, another account) the previous user's {@code device_<uid>} is removed if it still names
 * that token, and a user's own old token loses its reverse entry. An empty token (logout) removes
 * both entries of the user. Reverse entries are only removed while they still name this user
 * (compare-and-delete), so a token already taken over is never torn from its new owner.
 *
 * <p>Each device keeps its own token too (table TTDeviceToken, {@link DeviceTokenTable}): the
 * msg-server names the sending connection's device in tt_device_id (else the client type name
 * stands for it), an empty token removes that device's row only. Redis keeps TeamTalk's one token
 * per user (the latest) for its tools and for users registered before the table existed.
 *
 * <p>Refused tokens (digits only, whitespace, longer than 256) are logged and not stored. The
 * reply carries user_id (TeamTalk's msg_server answered the client with an empty body).
 */
public final class DeviceTokenHandler implements DbHandler<IMDeviceTokenReq> {
    private static final Logger log = LoggerFactory.getLogger(DeviceTokenHandler.class);

    @Override
    public int commandId() {
        return CommandId.CID_LOGIN_REQ_DEVICETOKEN;
    }

    @Override
    public Parser<IMDeviceTokenReq> parser() {
        return IMDeviceTokenReq.parser();
    }

    @Override
    public long orderingKey(IMDeviceTokenReq request) {
        return Conversations.user(request.getUserId());
    }

    @Override
    public Reply handle(IMDeviceTokenReq req, DbContext ctx) throws java.sql.SQLException {
        int userId = req.getUserId();
        String token = req.getDeviceToken();
        if (!token.isEmpty() && !DeviceTokens.acceptable(token)) {
            log.warn("not storing an unusable device token of user {} ({} chars)", Integer.toUnsignedString(userId),
                    token.length());
            return reply(req);
        }
        String device = deviceId(req);
        try (java.sql.Connection c = ctx.storage().connection()) {
            if (token.isEmpty()) {
                DeviceTokenTable.unregister(c, userId, device);
            } else {
                DeviceTokenTable.register(c, userId, device, req.getClientType(), token, ctx.now());
            }
        }
        DeviceTokens.replace(ctx.storage().redis(), userId, req.getClientType(), token);
        return reply(req);
    }

    /** The connection's device id, or the client type's name for senders that give none (TeamTalk's msg_server). */
    static String deviceId(IMDeviceTokenReq req) {
        String id = req.getTtDeviceId();
        if (!id.isEmpty() && id.length() <= 64) {
            return id;
        }
        return req.getClientType().name().replace("CLIENT_TYPE_", "").toLowerCase(java.util.Locale.ROOT);
    }

    private static Reply reply(IMDeviceTokenReq req) {
        IMDeviceTokenRsp.Builder b = IMDeviceTokenRsp.newBuilder().setUserId(req.getUserId());
        return Reply.of(CommandId.CID_LOGIN_RES_DEVICETOKEN, b.build());
    }

    /** The message has no result field; TeamTalk always answered, so do we. */
    @Override
    public Reply onFailure(IMDeviceTokenReq req, Failure failure, String reason) {
        return reply(req);
    }
}
