package io.teamtalkj.dbproxy.handler;

import com.google.protobuf.Parser;
import com.mogujie.tt.protobuf.IMLogin.IMDeviceTokenReq;
import com.mogujie.tt.protobuf.IMLogin.IMDeviceTokenRsp;
import io.teamtalkj.dbproxy.core.DbContext;
import io.teamtalkj.dbproxy.core.DbHandler;
import io.teamtalkj.pdu.Conversations;
import io.teamtalkj.dbproxy.core.RedisKeys;
import io.teamtalkj.pdu.Reply;
import io.teamtalkj.dbproxy.storage.DeviceTokens;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Failure;
import org.redisson.api.RBucket;
import org.redisson.api.RedissonClient;
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
    public Reply handle(IMDeviceTokenReq req, DbContext ctx) {
        int userId = req.getUserId();
        String uid = Integer.toUnsignedString(userId);
        String token = req.getDeviceToken();
        RedissonClient redis = ctx.storage().redis();
        RBucket<String> own = redis.getBucket(RedisKeys.deviceOfUser(userId));

        if (!token.isEmpty() && !DeviceTokens.acceptable(token)) {
            log.warn("not storing an unusable device token of user {} ({} chars)", uid, token.length());
            return reply(req);
        }
        String oldToken = DeviceTokens.token(own.get());
        if (token.isEmpty()) {
            own.delete();
            if (oldToken != null) {
                forgetToken(redis, oldToken, uid);
            }
            return reply(req);
        }
        if (oldToken != null && !oldToken.equals(token)) {
            forgetToken(redis, oldToken, uid);
        }
        RBucket<String> reverse = redis.getBucket(RedisKeys.deviceOfToken(token));
        String previousOwner = reverse.get();
        Integer previousId = previousOwner == null || previousOwner.equals(uid) ? null : parseUserId(previousOwner);
        if (previousId != null) {
            // the phone now belongs to this user: the previous user must not get pushes on it
            RBucket<String> theirs = redis.getBucket(RedisKeys.deviceOfUser(previousId));
            String theirValue = theirs.get();
            if (token.equals(DeviceTokens.token(theirValue))) {
                theirs.compareAndSet(theirValue, null);
            }
        }
        own.set(DeviceTokens.value(req.getClientType(), token));
        reverse.set(uid);
        return reply(req);
    }

    private static void forgetToken(RedissonClient redis, String token, String uid) {
        redis.<String>getBucket(RedisKeys.deviceOfToken(token)).compareAndSet(uid, null);
    }

    private static Integer parseUserId(String s) {
        try {
            return Integer.parseUnsignedInt(s);
        } catch (NumberFormatException e) {
            return null;
        }
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
