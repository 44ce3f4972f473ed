package io.teamtalkj.dbproxy.handler;

import com.google.protobuf.Parser;
import com.mogujie.tt.protobuf.IMBaseDefine.ClientType;
import com.mogujie.tt.protobuf.IMBaseDefine.UserTokenInfo;
import com.mogujie.tt.protobuf.IMServer.IMGetDeviceTokenReq;
import com.mogujie.tt.protobuf.IMServer.IMGetDeviceTokenRsp;
import io.teamtalkj.dbproxy.core.DbContext;
import io.teamtalkj.dbproxy.core.DbHandler;
import io.teamtalkj.dbproxy.storage.DeviceTokens.PushTarget;
import io.teamtalkj.pdu.Conversations;
import io.teamtalkj.pdu.Reply;
import io.teamtalkj.dbproxy.storage.DeviceTokenTable;
import io.teamtalkj.dbproxy.storage.DeviceTokens;
import io.teamtalkj.dbproxy.storage.PhoneStates;
import io.teamtalkj.dbproxy.storage.PushSettings;
import io.teamtalkj.dbproxy.storage.Users;
import io.teamtalkj.dbproxy.storage.WatermarkPage;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Failure;
import java.sql.Connection;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
    /** UserTokenInfo.tt_device_state values. */
    public static final int DEVICE_NOT_CONNECTED = 0;
    public static final int DEVICE_FOREGROUND = 1;
    public static final int DEVICE_BACKGROUND = 2;

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

        if (req.getTtReportQuiet()) {
            return withQuietUsers(req, ids, ctx);
        }
        List<PushTarget> targets = DeviceTokens.pushTargets(ctx.storage().redis(), ids);
        Set<Integer> quiet = Set.of();
        if (isNight(ctx.now())) {
            List<Integer> iosUsers = new ArrayList<>();
            for (PushTarget t : targets) {
                if (t.type() == ClientType.CLIENT_TYPE_IOS) {
                    iosUsers.add(t.userId());
                }
            }
            try (Connection c = ctx.storage().connection()) {
                quiet = Users.pushShielded(c, iosUsers);
            }
        }

        int budget = WatermarkPage.frameBudget(ctx.config().maxFrameLength, req.getAttachData().size());
        long used = 0;
        for (PushTarget t : targets) {
            if (t.type() == ClientType.CLIENT_TYPE_IOS && quiet.contains(t.userId())) {
                continue;
            }
            UserTokenInfo info = UserTokenInfo.newBuilder()
                    .setUserId(t.userId())
                    .setUserType(t.type())
                    .setToken(t.token())
                    .setPushCount(t.unread())
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

    /**
     * TeamTalk-J's rule (the request set tt_report_quiet): one target per device holding a token
     * (TTDeviceToken; a user with no row there falls back to TeamTalk's one Redis token, device id
     * = its platform), each with its device id and the last reported state of the user's phone
     * connection ({@link PhoneStates}); those whose push shield is on and whose own window (time
     * zone, start, end; 22:00-08:00 by default) covers now are listed in tt_quiet_user_ids, for any
     * platform. Three IN queries and two Redis pipelines, only when pushing.
     */
    private Reply withQuietUsers(IMGetDeviceTokenReq req, Set<Integer> ids, DbContext ctx) throws Exception {
        Map<Integer, DeviceTokens.UserValues> redisValues = DeviceTokens.userValues(ctx.storage().redis(), ids);
        List<PushTarget> targets = new ArrayList<>();
        Map<PushTarget, String> devices = new java.util.IdentityHashMap<>();
        Set<Integer> quiet = new java.util.HashSet<>();
        try (Connection c = ctx.storage().connection()) {
            Map<Integer, List<DeviceTokenTable.Row>> rows = DeviceTokenTable.load(c, ids);
            for (int u : ids) {
                DeviceTokens.UserValues v = redisValues.get(u);
                int unread = v == null ? 0 : v.unread();
                List<DeviceTokenTable.Row> own = rows.get(u);
                if (own != null) {
                    for (DeviceTokenTable.Row r : own) {
                        if (r.type() == ClientType.CLIENT_TYPE_IOS || r.type() == ClientType.CLIENT_TYPE_ANDROID) {
                            PushTarget t = new PushTarget(u, r.type(), r.token(), unread);
                            targets.add(t);
                            devices.put(t, r.deviceId());
                        }
                    }
                } else if (v != null && DeviceTokens.type(v.legacyValue()) != null) {
                    ClientType type = DeviceTokens.type(v.legacyValue());
                    PushTarget t = new PushTarget(u, type, DeviceTokens.token(v.legacyValue()), unread);
                    targets.add(t);
                    devices.put(t, type.name().replace("CLIENT_TYPE_", "").toLowerCase(java.util.Locale.ROOT));
                }
            }
            Set<Integer> users = new LinkedHashSet<>();
            targets.forEach(t -> users.add(t.userId()));
            if (!users.isEmpty()) {
                Set<Integer> shielded = Users.pushShielded(c, new ArrayList<>(users));
                Map<Integer, PushSettings.Setting> settings = PushSettings.load(c, shielded);
                for (int u : shielded) {
                    if (settings.getOrDefault(u, PushSettings.Setting.DEFAULT).covers(Integer.toUnsignedLong(ctx.now()))) {
                        quiet.add(u);
                    }
                }
            }
        }
        Set<Integer> users = new LinkedHashSet<>();
        targets.forEach(t -> users.add(t.userId()));
        Map<Integer, PhoneStates.Phone> phones = users.isEmpty() ? Map.of() : PhoneStates.load(ctx.storage().redis(), users);
        IMGetDeviceTokenRsp.Builder b = empty(req);
        int budget = WatermarkPage.frameBudget(ctx.config().maxFrameLength, req.getAttachData().size());
        long used = 0;
        Set<Integer> listedQuiet = new java.util.HashSet<>();
        for (PushTarget t : targets) {
            String device = devices.get(t);
            PhoneStates.Phone phone = phones.get(t.userId());
            int state = phone == null || !phone.deviceId().equals(device) ? DEVICE_NOT_CONNECTED
                    : phone.foreground() ? DEVICE_FOREGROUND : DEVICE_BACKGROUND;
            UserTokenInfo info = UserTokenInfo.newBuilder().setUserId(t.userId()).setUserType(t.type()).setToken(t.token())
                    .setPushCount(t.unread()).setPushType(PUSH_TYPE_NORMAL).setTtDeviceId(device).setTtDeviceState(state).build();
            used += info.getSerializedSize() + 9;
            if (used > budget) {
                log.warn("device token reply cut at {} of {} devices to fit a frame", b.getUserTokenInfoCount(), targets.size());
                break;
            }
            b.addUserTokenInfo(info);
            if (quiet.contains(t.userId()) && listedQuiet.add(t.userId())) {
                b.addTtQuietUserIds(t.userId());
            }
        }
        return Reply.of(CommandId.CID_OTHER_GET_DEVICE_TOKEN_RSP, b.build());
    }

    static boolean isNight(int unixSeconds) {
        int hour = Instant.ofEpochSecond(Integer.toUnsignedLong(unixSeconds)).atZone(ZoneId.systemDefault()).getHour();
        return hour >= NIGHT_FROM_HOUR || hour < NIGHT_UNTIL_HOUR;
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
