package io.teamtalkj.msgserver.cluster;

import com.google.protobuf.InvalidProtocolBufferException;
import com.mogujie.tt.protobuf.IMBaseDefine.KickReasonType;
import com.mogujie.tt.protobuf.IMBaseDefine.UserStatType;
import com.mogujie.tt.protobuf.IMBuddy.IMPCLoginStatusNotify;
import com.mogujie.tt.protobuf.IMMessage.IMMsgData;
import com.mogujie.tt.protobuf.IMServer.IMServerKickUser;
import com.mogujie.tt.protobuf.IMServer.IMServerPCLoginStatusNotify;
import io.teamtalkj.msgserver.MsgServerContext;
import io.teamtalkj.msgserver.session.ClientSession;
import io.teamtalkj.msgserver.session.DeviceClass;
import io.teamtalkj.msgserver.session.Kicker;
import io.teamtalkj.msgserver.session.UnackedDeliveries;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.MsgTypes;
import io.teamtalkj.pdu.Pdu;
import io.teamtalkj.pdu.internal.RelayEnvelope;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the route-server sends this msg-server for its own connections: client pushes (messages,
 * notifies) written as they are with seq 0, cluster-wide kicks of an older login, and PC-login
 * notices turned into CID_BUDDY_LIST_PC_LOGIN_STATUS_NOTIFY for the user's phones.
 */
public final class RelayReceiver {
    private static final Logger log = LoggerFactory.getLogger(RelayReceiver.class);

    private final MsgServerContext ctx;
    private final Kicker kicker;

    public RelayReceiver(MsgServerContext ctx, Kicker kicker) {
        this.ctx = ctx;
        this.kicker = kicker;
    }

    public void onRelay(RelayEnvelope env) {
        ctx.stats().relaysReceived.increment();
        try {
            switch (env.getCommandId()) {
                case CommandId.CID_OTHER_SERVER_KICK_USER -> kick(env);
                case CommandId.CID_OTHER_LOGIN_STATUS_NOTIFY -> pcLoginStatus(env);
                default -> push(env);
            }
        } catch (InvalidProtocolBufferException e) {
            log.warn("dropping relayed {}: unreadable body ({})", CommandId.name(env.getCommandId()), e.getMessage());
        }
    }

    private void kick(RelayEnvelope env) throws InvalidProtocolBufferException {
        IMServerKickUser kick = IMServerKickUser.parseFrom(env.getBody());
        DeviceClass deviceClass = env.getClientClass() == DeviceClass.MOBILE.relayFilter ? DeviceClass.MOBILE
                : env.getClientClass() == DeviceClass.PC.relayFilter ? DeviceClass.PC : DeviceClass.of(kick.getClientType());
        KickReasonType reason = KickReasonType.forNumber(kick.getReason());
        for (ClientSession s : ctx.sessions().removeClass(kick.getUserId(), deviceClass)) {
            kicker.kick(s, reason == null ? KickReasonType.KICK_REASON_DUPLICATE_USER : reason);
        }
    }

    private void pcLoginStatus(RelayEnvelope env) throws InvalidProtocolBufferException {
        IMServerPCLoginStatusNotify n = IMServerPCLoginStatusNotify.parseFrom(env.getBody());
        UserStatType status = UserStatType.forNumber(n.getLoginStatus());
        Pdu push = Pdu.push(CommandId.CID_BUDDY_LIST_PC_LOGIN_STATUS_NOTIFY, IMPCLoginStatusNotify.newBuilder()
                .setUserId(n.getUserId())
                .setLoginStat(status == null ? UserStatType.USER_STATUS_OFFLINE : status)
                .build());
        ctx.deliverer().deliverLocal(n.getUserId(), push, null, DeviceClass.MOBILE.relayFilter);
    }

    private void push(RelayEnvelope env) throws InvalidProtocolBufferException {
        Pdu pdu = Pdu.ofBody(env.getCommandId(), 0, env.getBody().toByteArray());
        if (env.getBroadcast()) {
            for (ClientSession s : ctx.sessions().all()) {
                if (s.deviceClass().admittedBy(env.getClientClass())) {
                    s.send(pdu);
                }
            }
            return;
        }
        long ackKey = 0;
        int from = 0;
        if (env.getCommandId() == CommandId.CID_MSG_DATA) {
            IMMsgData m = IMMsgData.parseFrom(env.getBody());
            boolean group = MsgTypes.isGroup(m.getMsgType());
            from = m.getFromUserId();
            ackKey = UnackedDeliveries.key(group, group ? m.getToSessionId() : from, m.getMsgId());
        }
        long now = System.nanoTime();
        // the origin's wall clock: cross-host skew shows up here, clamped at 0
        long sinceSent = Math.max(0, System.currentTimeMillis() * 1000 - env.getSentAtMicros());
        for (int uid : env.getRecipientIdsList()) {
            for (ClientSession s : ctx.sessions().sessions(uid)) {
                if (!s.deviceClass().admittedBy(env.getClientClass()) || s.send(pdu) == null) {
                    continue;
                }
                ctx.stats().deliveriesLocal.increment();
                ctx.stats().relayedDeliveryLatency.record(sinceSent, TimeUnit.MICROSECONDS);
                if (ackKey != 0 && uid != from) {
                    s.unacked().delivered(ackKey, now);
                }
            }
        }
    }
}
