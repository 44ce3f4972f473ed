package io.teamtalkj.dbproxy.handler;

import com.google.protobuf.Parser;
import io.teamtalkj.dbproxy.core.DbContext;
import io.teamtalkj.dbproxy.core.DbHandler;
import io.teamtalkj.dbproxy.storage.PushSettings;
import io.teamtalkj.dbproxy.storage.PushSettings.Setting;
import io.teamtalkj.dbproxy.storage.Users;
import io.teamtalkj.pdu.Conversations;
import io.teamtalkj.pdu.Failure;
import io.teamtalkj.pdu.PushCommandId;
import io.teamtalkj.pdu.Reply;
import io.teamtalkj.pdu.push.IMPushSettingsReq;
import io.teamtalkj.pdu.push.IMPushSettingsRsp;
import java.sql.Connection;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;

/**
 * 0x0742 IMPushSettingsReq: sets the fields given of the user's do-not-disturb window and time zone
 * (the others keep their value) and answers what is in force, with the push shield. A zone Java
 * does not know or a minute past 1439 is refused (result 1, reason) and nothing changes.
 */
public final class PushSettingsHandler implements DbHandler<IMPushSettingsReq> {
    @Override
    public int commandId() {
        return PushCommandId.CID_PUSH_SETTINGS_REQ;
    }

    @Override
    public Parser<IMPushSettingsReq> parser() {
        return IMPushSettingsReq.parser();
    }

    @Override
    public long orderingKey(IMPushSettingsReq request) {
        return Conversations.user(request.getUserId());
    }

    @Override
    public Reply handle(IMPushSettingsReq req, DbContext ctx) throws Exception {
        int user = req.getUserId();
        if (req.hasTimeZone() && !req.getTimeZone().isEmpty()) {
            try {
                ZoneId.of(req.getTimeZone());
            } catch (DateTimeException e) {
                return refuse(user, "unknown time zone " + req.getTimeZone());
            }
        }
        if ((req.hasDndStartMinute() && req.getDndStartMinute() >= PushSettings.MINUTES_A_DAY)
                || (req.hasDndEndMinute() && req.getDndEndMinute() >= PushSettings.MINUTES_A_DAY)) {
            return refuse(user, "minutes must be 0-1439");
        }
        try (Connection c = ctx.storage().connection()) {
            Integer shield = Users.pushShield(c, user);
            if (shield == null) {
                return refuse(user, "no such user");
            }
            Setting now = PushSettings.load(c, List.of(user)).getOrDefault(user, Setting.DEFAULT);
            if (req.hasTimeZone() || req.hasDndStartMinute() || req.hasDndEndMinute()) {
                now = new Setting(req.hasTimeZone() ? req.getTimeZone() : now.timeZone(),
                        req.hasDndStartMinute() ? req.getDndStartMinute() : now.startMinute(),
                        req.hasDndEndMinute() ? req.getDndEndMinute() : now.endMinute());
                PushSettings.save(c, user, now, ctx.now());
            }
            return Reply.of(PushCommandId.CID_PUSH_SETTINGS_RSP, IMPushSettingsRsp.newBuilder().setUserId(user).setResultCode(0)
                    .setTimeZone(now.timeZone().isEmpty() ? ZoneId.systemDefault().getId() : now.timeZone())
                    .setDndStartMinute(now.startMinute()).setDndEndMinute(now.endMinute()).setPushShield(shield == 1).build());
        }
    }

    @Override
    public Reply onFailure(IMPushSettingsReq req, Failure failure, String reason) {
        return refuse(req.getUserId(), reason);
    }

    private static Reply refuse(int user, String reason) {
        return Reply.of(PushCommandId.CID_PUSH_SETTINGS_RSP, IMPushSettingsRsp.newBuilder().setUserId(user).setResultCode(1)
                .setReason(reason == null ? "" : reason).build());
    }
}
