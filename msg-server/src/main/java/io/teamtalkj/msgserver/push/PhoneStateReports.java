package io.teamtalkj.msgserver.push;

import io.teamtalkj.msgserver.MsgServerContext;
import io.teamtalkj.msgserver.session.ClientSession;
import io.teamtalkj.pdu.ClientClass;
import io.teamtalkj.pdu.Conversations;
import io.teamtalkj.pdu.PushCommandId;
import io.teamtalkj.pdu.push.DeviceStateReq;

/**
 * Tells the dbproxy (0x0822, no answer) about the user's phone connection: logged in, app in the
 * background or back, gone. Any msg-server (and the api-server) deciding a push reads it back with
 * the tokens, so foreground/background is right whichever msg-server the phone is on. Best effort:
 * a report lost while the dbproxy is away leaves the previous state, which presence still bounds.
 */
public final class PhoneStateReports {
    private PhoneStateReports() {
    }

    public static void loggedIn(MsgServerContext ctx, ClientSession s) {
        report(ctx, s, DeviceStateReq.State.FOREGROUND, true);
    }

    public static void appState(MsgServerContext ctx, ClientSession s) {
        report(ctx, s, s.foreground() ? DeviceStateReq.State.FOREGROUND : DeviceStateReq.State.BACKGROUND, false);
    }

    public static void gone(MsgServerContext ctx, ClientSession s) {
        report(ctx, s, DeviceStateReq.State.DISCONNECTED, false);
    }

    /** Unique among every connection of the cluster: this msg-server and the channel's id. */
    static String connectionId(MsgServerContext ctx, ClientSession s) {
        return ctx.config().hostName + "/" + s.channel().id().asLongText();
    }

    private static void report(MsgServerContext ctx, ClientSession s, DeviceStateReq.State state, boolean login) {
        if (s.deviceClass() != ClientClass.MOBILE || s.userId() == 0) {
            return;
        }
        DeviceStateReq req = DeviceStateReq.newBuilder().setUserId(s.userId()).setDeviceId(s.deviceId()).setState(state)
                .setConnectionId(connectionId(ctx, s)).setLogin(login).build();
        ctx.db().send(PushCommandId.CID_INTERNAL_DEVICE_STATE_REQ, req.toByteArray(), Conversations.user(s.userId()));
    }
}
