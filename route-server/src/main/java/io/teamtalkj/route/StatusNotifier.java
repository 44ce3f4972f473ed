package io.teamtalkj.route;

import io.teamtalkj.pdu.ClientClass;
import com.google.protobuf.MessageLite;
import com.mogujie.tt.protobuf.IMBaseDefine.UserStat;
import com.mogujie.tt.protobuf.IMBuddy.IMUserStatNotify;
import com.mogujie.tt.protobuf.IMServer.IMServerPCLoginStatusNotify;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.InternalCommandId;
import io.teamtalkj.pdu.Pdu;
import io.teamtalkj.pdu.internal.RelayEnvelope;
import io.teamtalkj.route.stats.CommandCounters;
import io.teamtalkj.route.stats.RouteStats;
import java.util.List;

/**
 * Turns presence changes into the notifications TeamTalk's route_server broadcast, but targeted:
 * <ul>
 *   <li>0x0203 IMUserStatNotify when a user's status (by the online policy) changes, to the PC
 *       sessions of the user's online contacts only;</li>
 *   <li>0x070e IMServerPCLoginStatusNotify to the user's own mobile sessions when a PC session
 *       arrives (1) or the last one leaves (0); the msg-server hands it on as 0x020e.</li>
 * </ul>
 * Both go only over links whose msg-server chose this route-server as its active one
 * (IMRoleSet master=1): every route-server sees every update, and each msg-server must hear each
 * notification once.
 *
 * <p>The status sent is the user's status when the notification is built, not the one the change
 * computed, so two racing changes of one user still end with the right status last.
 */
final class StatusNotifier {
    private final Presence presence;
    private final RouteStats stats;
    private final Outbox outbox;
    private volatile boolean muted;

    StatusNotifier(Presence presence, RouteStats stats, Outbox outbox) {
        this.presence = presence;
        this.stats = stats;
        this.outbox = outbox;
    }

    /** Stops notifying (the route-server is shutting down and its links are closing). */
    void mute() {
        muted = true;
    }

    void changed(List<StatusChange> changes) {
        for (StatusChange c : changes) {
            changed(c);
        }
    }

    void changed(StatusChange c) {
        if (c == null || muted) {
            return;
        }
        if (presence.isOnline(c.classesBefore()) != presence.isOnline(c.classesAfter())) {
            notifyContacts(c);
        }
        if ((c.arrival() && c.pcAfter()) || c.pcBefore() != c.pcAfter()) {
            notifyOwnMobiles(c.userId());
        }
    }

    private void notifyContacts(StatusChange c) {
        int userId = c.userId();
        int classes = presence.classes(userId);
        UserStat stat = UserStat.newBuilder()
                .setUserId(userId)
                .setStatus(presence.statusOf(classes))
                .setTtOnlineClasses(classes)
                .build();
        IMUserStatNotify body = IMUserStatNotify.newBuilder().setUserStat(stat).build();
        Targets targets = new Targets();
        int reached = 0;
        int offline = 0;
        for (int contact : c.contacts()) {
            UserPresence p = presence.get(contact);
            boolean pc = false;
            boolean added = false;
            for (int i = 0; p != null && i < p.linkCount(); i++) {
                if (p.pcOn(i) > 0) {
                    pc = true;
                    if (p.link(i).master()) {
                        targets.add(p.link(i), contact);
                        added = true;
                    }
                }
            }
            if (!pc) {
                offline++;
            } else if (added) {
                reached++;
            }
        }
        send(CommandId.CID_BUDDY_LIST_STATUS_NOTIFY, body, targets, ClientClass.PC.bit, reached, offline);
    }

    private void notifyOwnMobiles(int userId) {
        UserPresence p = presence.get(userId);
        if (p == null) {
            return;
        }
        boolean pcOnline = (p.classes() & ClientClass.PC.bit) != 0;
        Targets targets = new Targets();
        for (int i = 0; i < p.linkCount(); i++) {
            if (p.mobileOn(i) > 0 && p.link(i).master()) {
                targets.add(p.link(i), userId);
            }
        }
        if (targets.size() == 0) {
            return;
        }
        IMServerPCLoginStatusNotify body = IMServerPCLoginStatusNotify.newBuilder()
                .setUserId(userId)
                .setLoginStatus(pcOnline ? 1 : 0)
                .build();
        send(CommandId.CID_OTHER_LOGIN_STATUS_NOTIFY, body, targets, ClientClass.MOBILE.bit, 1, 0);
    }

    private void send(int commandId, MessageLite body, Targets targets, int clientClass, int reached, int offline) {
        if (targets.size() == 0 && reached == 0 && offline == 0) {
            return; // a user without contacts: nothing to notify, nothing to count
        }
        CommandCounters counters = stats.command(commandId);
        counters.recipients(reached, 0, offline);
        if (targets.size() == 0) {
            return;
        }
        RelayEnvelope.Builder b = RelayEnvelope.newBuilder()
                .setCommandId(commandId)
                .setBody(body.toByteString())
                .setClientClass(clientClass)
                .setSentAtMicros(Outbox.nowMicros());
        for (int i = 0; i < targets.size(); i++) {
            b.clearRecipientIds();
            for (int k = 0; k < targets.count(i); k++) {
                b.addRecipientIds(targets.id(i, k));
            }
            outbox.send(targets.link(i), Pdu.push(InternalCommandId.CID_INTERNAL_RELAY, b.build()), counters, 0, 0);
        }
    }
}
