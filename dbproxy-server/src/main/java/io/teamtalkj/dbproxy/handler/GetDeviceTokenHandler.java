package io.teamtalkj.dbproxy.handler;

import com.google.protobuf.Parser;
import com.mogujie.tt.protobuf.IMBaseDefine.ClientType;
import com.mogujie.tt.protobuf.IMBaseDefine.UserTokenInfo;
import com.mogujie.tt.protobuf.IMServer.IMGetDeviceTokenReq;
import com.mogujie.tt.protobuf.IMServer.IMGetDeviceTokenRsp;
import io.teamtalkj.dbproxy.core.DbContext;
import io.teamtalkj.dbproxy.core.DbHandler;
import io.teamtalkj.pdu.Conversations;
import io.teamtalkj.dbproxy.core.RedisKeys;
import io.teamtalkj.pdu.Reply;
import io.teamtalkj.dbproxy.storage.DeviceTokens;
import io.teamtalkj.dbproxy.storage.WatermarkPage;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Failure;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.redisson.api.BatchOptions;
import org.redisson.api.RBatch;
import org.redisson.api.RFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CID_OTHER_GET_DEVICE_TOKEN_REQ (0x0705): push targets among the listed users. One Redis
 * pipeline reads every user's {@code device_<uid>} and {@code unread_<uid>}; users without a
 * token, or with a bare token (a client type with no push service), are left out. user_type comes
 * from the token's prefix, push_count is the user's one-to-one unread total (the
 * {@code unread_<uid>} values except the marker field "0"), push_type is 1 (normal).
 *
 * <p>Kept from TeamTalk: iOS users with push_shield_status 1 get no push at night, 22:00 to
 * 07:00 in the server's time zone (one IN query, only when such users are present at night).
 * At most {@link #MAX_IDS} distinct users are looked up, and the reply stops before it would
 * exceed a frame.
 */
public final class GetDeviceTokenHandler implements DbHandler<IMGetDeviceTokenReq> {
    private static final Logger log = LoggerFactory.getLogger(GetDeviceTokenHandler.class);

    static final int MAX_IDS = 10_000;
    static final int NIGHT_FROM_HOUR = 22;
    static final int NIGHT_UNTIL_HOUR = 7;
    static final int PUSH_TYPE_NORMAL = 1;

    private record Target(int userId, ClientType type, String token) {
    }

    @Override
    public int commandId() {
        return CommandId.CID_OTHER_GET_DEVICE_TOKEN_REQ;
    }

    @Override
    public Parser<IMGetDeviceTokenReq> parser() {
        return IMGetDeviceTokenReq.parser();
    }

    @Override
    public long orderingKey(IMGetDeviceTokenReq request) {
        return Conversations.any(request.getUserIdCount() == 0 ? 0 : request.getUserId(0));
    }

    @Override
    public Reply handle(IMGetDeviceTokenReq req, DbContext ctx) throws Exception {
        Set<Integer> ids = new LinkedHashSet<>();
        for (int id : req.getUserIdList()) {
            if (ids.size() == MAX_IDS) {
                log.warn("device tokens asked for {} users; looking up the first {}", req.getUserIdCount(), MAX_IDS);
                break;
            }
            ids.add(id);
        }
        IMGetDeviceTokenRsp.Builder b = empty(req);
        if (ids.isEmpty()) {
            return Reply.of(CommandId.CID_OTHER_GET_DEVICE_TOKEN_RSP, b.build());
        }

        RBatch batch = ctx.storage().redis().createBatch(BatchOptions.defaults());
        Map<Integer, RFuture<String>> tokens = new LinkedHashMap<>();
        Map<Integer, RFuture<Map<String, String>>> unread = new LinkedHashMap<>();
        for (int id : ids) {
            tokens.put(id, batch.<String>getBucket(RedisKeys.deviceOfUser(id)).getAsync());
            unread.put(id, batch.<String, String>getMap(RedisKeys.unread(id)).readAllMapAsync());
        }
        batch.execute();

        List<Target> targets = new ArrayList<>();
        List<Integer> iosUsers = new ArrayList<>();
        for (Map.Entry<Integer, RFuture<String>> e : tokens.entrySet()) {
            String value = e.getValue().toCompletableFuture().join();
            ClientType type = DeviceTokens.type(value);
            String token = DeviceTokens.token(value);
            if (type == null || token == null || token.isEmpty()) {
                continue;
            }
            targets.add(new Target(e.getKey(), type, token));
            if (type == ClientType.CLIENT_TYPE_IOS) {
                iosUsers.add(e.getKey());
            }
        }
        Set<Integer> quiet = isNight(ctx.now()) ? shielded(ctx, iosUsers) : Set.of();

        int budget = WatermarkPage.frameBudget(ctx.config().maxFrameLength, req.getAttachData().size());
        long used = 0;
        for (Target t : targets) {
            if (t.type() == ClientType.CLIENT_TYPE_IOS && quiet.contains(t.userId())) {
                continue;
            }
            UserTokenInfo info = UserTokenInfo.newBuilder()
                    .setUserId(t.userId())
                    .setUserType(t.type())
                    .setToken(t.token())
                    .setPushCount(unreadTotal(unread.get(t.userId()).toCompletableFuture().join()))
                    .setPushType(PUSH_TYPE_NORMAL)
                    .build();
            used += info.getSerializedSize() + 4;
            if (used > budget) {
                log.warn("device token reply cut at {} of {} users to fit a frame", b.getUserTokenInfoCount(), targets.size());
                break;
            }
            b.addUserTokenInfo(info);
        }
        return Reply.of(CommandId.CID_OTHER_GET_DEVICE_TOKEN_RSP, b.build());
    }

    static boolean isNight(int unixSeconds) {
        int hour = Instant.ofEpochSecond(Integer.toUnsignedLong(unixSeconds)).atZone(ZoneId.systemDefault()).getHour();
        return hour >= NIGHT_FROM_HOUR || hour < NIGHT_UNTIL_HOUR;
    }

    /** Which of these users turned on do-not-disturb (one IN query). */
    private static Set<Integer> shielded(DbContext ctx, List<Integer> users) throws Exception {
        Set<Integer> out = new HashSet<>();
        if (users.isEmpty()) {
            return out;
        }
        StringBuilder sql = new StringBuilder("SELECT id FROM IMUser WHERE push_shield_status=1 AND id IN (");
        for (int i = 0; i < users.size(); i++) {
            sql.append(i == 0 ? "?" : ",?");
        }
        sql.append(')');
        try (Connection c = ctx.storage().connection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < users.size(); i++) {
                ps.setLong(i + 1, Integer.toUnsignedLong(users.get(i)));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add((int) rs.getLong(1));
                }
            }
        }
        return out;
    }

    /** Sum of the per-sender counts, skipping the "hash present" marker and unparsable values. */
    static int unreadTotal(Map<String, String> hash) {
        long sum = 0;
        for (Map.Entry<String, String> e : hash.entrySet()) {
            if (RedisKeys.UNREAD_PRESENT_FIELD.equals(e.getKey())) {
                continue;
            }
            try {
                long n = (long) Double.parseDouble(e.getValue()); // HINCRBYFLOAT may leave "3" or "3.0"
                if (n > 0) {
                    sum += n;
                }
            } catch (NumberFormatException ignored) {
                // a foreign value: not a count
            }
        }
        return (int) Math.min(sum, Integer.MAX_VALUE);
    }

    private static IMGetDeviceTokenRsp.Builder empty(IMGetDeviceTokenReq req) {
        IMGetDeviceTokenRsp.Builder b = IMGetDeviceTokenRsp.newBuilder();
        return b;
    }

    /** No result field: an empty list means "push to nobody", and msg-server still gets its attach_data. */
    @Override
    public Reply onFailure(IMGetDeviceTokenReq req, Failure failure, String reason) {
        return Reply.of(CommandId.CID_OTHER_GET_DEVICE_TOKEN_RSP, empty(req).build());
    }
}
