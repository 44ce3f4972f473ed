package io.teamtalkj.msgserver.cluster;

import io.teamtalkj.pdu.ClientClass;
import com.google.protobuf.InvalidProtocolBufferException;
import com.mogujie.tt.protobuf.IMBaseDefine.KickReasonType;
import com.mogujie.tt.protobuf.IMBaseDefine.UserStatType;
import com.mogujie.tt.protobuf.IMBuddy.IMPCLoginStatusNotify;
import com.mogujie.tt.protobuf.IMServer.IMServerKickUser;
import com.mogujie.tt.protobuf.IMServer.IMServerPCLoginStatusNotify;
import io.teamtalkj.msgserver.MsgServerContext;
import io.teamtalkj.msgserver.session.ClientSession;
import io.teamtalkj.msgserver.session.Kicker;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Pdu;
import io.teamtalkj.pdu.internal.RelayEnvelope;
import java.io.IOException;
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
                default -> ctx.deliverer().deliverRelayed(env);
            }
        } catch (IOException e) {
            log.warn("dropping relayed {}: unreadable body ({})", CommandId.name(env.getCommandId()), e.getMessage());
        }
    }

    private void kick(RelayEnvelope env) throws InvalidProtocolBufferException {
        IMServerKickUser kick = IMServerKickUser.parseFrom(env.getBody());
        ClientClass deviceClass = env.getClientClass() == ClientClass.MOBILE.bit ? ClientClass.MOBILE
                : env.getClientClass() == ClientClass.PC.bit ? ClientClass.PC : ClientClass.of(kick.getClientType());
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
        ctx.deliverer().deliverLocal(n.getUserId(), push, ClientClass.MOBILE.bit);
    }
}
