package io.teamtalkj.launcher.chat;

import com.mogujie.tt.protobuf.IMBaseDefine.ClientType;
import com.mogujie.tt.protobuf.IMBaseDefine.GroupModifyType;
import com.mogujie.tt.protobuf.IMBaseDefine.KickReasonType;
import com.mogujie.tt.protobuf.IMBaseDefine.SessionType;
import com.mogujie.tt.protobuf.IMBuddy.IMUserStatNotify;
import com.mogujie.tt.protobuf.IMFile.IMFileNotify;
import com.mogujie.tt.protobuf.IMGroup.IMGroupChangeMemberNotify;
import com.mogujie.tt.protobuf.IMLogin.IMLoginRes;
import com.mogujie.tt.protobuf.IMMessage.IMMsgData;
import io.teamtalkj.client.ClientListener;
import io.teamtalkj.client.ClientState;
import io.teamtalkj.client.KickedException;
import io.teamtalkj.client.LoginFailedException;
import io.teamtalkj.pdu.MsgTypes;
import java.util.ArrayList;
import java.util.List;

/**
 * What the server pushes, printed as it happens. The callbacks run on the SDK's event loop and
 * only hand the work to the session's event thread, which may look names up and print.
 */
final class LiveEvents implements ClientListener {
    private final ChatSession s;

    LiveEvents(ChatSession session) {
        this.s = session;
    }

    @Override
    public void onMessage(IMMsgData msg) {
        s.onEventThread(() -> show(msg));
    }

    private void show(IMMsgData m) {
        int me = s.client.userId();
        boolean group = MsgTypes.isGroup(m.getMsgType());
        String time = s.render.time(m.getCreateTime());
        String text = ChatCommands.indent(Render.body(m.getMsgType(), m.getMsgData()));
        int from = m.getFromUserId();
        if (group) {
            s.term.event(time + " " + s.knowGroup(m.getToSessionId()) + " " + s.knowUser(from) + ": " + text);
        } else if (from == me) {
            s.term.event(time + " you -> " + s.knowUser(m.getToSessionId()) + ": " + text + "  (from your other device)");
        } else {
            s.term.event(time + " " + s.knowUser(from) + " -> you: " + text);
        }
        // the selected conversation is the open window: what arrives there is read
        SessionType type = group ? SessionType.SESSION_TYPE_GROUP : SessionType.SESSION_TYPE_SINGLE;
        int session = group ? m.getToSessionId() : from;
        Conversation c = s.current;
        if (c != null && from != me && c.is(type, session)) {
            s.markRead(type, session, m.getMsgId());
        }
    }

    @Override
    public void onDisconnected(Throwable cause) {
        if (cause == null) {
            return; // our own logout or close
        }
        if (cause instanceof KickedException k) {
            s.onEventThread(() -> s.term.event("*** " + kickText(k.reason())));
            s.stop(ChatSession.EXIT_DISCONNECTED, "Disconnected. Run teamtalk chat again to log back in.");
        } else if (cause instanceof LoginFailedException) {
            s.onEventThread(() -> s.term.event("*** The server refused to log you back in: " + cause.getMessage()));
            s.stop(ChatSession.EXIT_DISCONNECTED, "Disconnected.");
        } else if (s.client.state() == ClientState.RECONNECTING) {
            s.onEventThread(() -> s.term.event("*** Connection lost (" + cause.getMessage() + "); reconnecting..."));
        } else {
            s.onEventThread(() -> s.term.event("*** Connection lost (" + cause.getMessage() + ")."));
            s.stop(ChatSession.EXIT_DISCONNECTED, "Disconnected.");
        }
    }

    private String kickText(KickReasonType reason) {
        if (reason == KickReasonType.KICK_REASON_MOBILE_KICK) {
            return "Logged out by your phone (it signed out your computers).";
        }
        return "Kicked: " + s.cfg.user() + " logged in on another " + (isMobile(s.cfg.clientType()) ? "phone" : "computer") + ".";
    }

    @Override
    public void onReconnected(IMLoginRes res) {
        // messages sent while we were away were not pushed: they wait as unread
        s.onEventThread(() -> s.term.event("*** Reconnected to the msg-server. " + s.unreadSummary()));
    }

    @Override
    public void onUserStatus(IMUserStatNotify notify) {
        int id = notify.getUserStat().getUserId();
        if (id == s.client.userId()) {
            return;
        }
        s.onEventThread(() -> s.term.event("*** " + s.knowUser(id) + " is " + Render.status(notify.getUserStat().getStatus()) + "."));
    }

    @Override
    public void onGroupChangeMember(IMGroupChangeMemberNotify n) {
        s.onEventThread(() -> {
            s.dir.removeGroup(n.getGroupId()); // reloaded with the new member list
            String group = s.knowGroup(n.getGroupId());
            List<String> who = new ArrayList<>();
            for (int id : n.getChgUserIdListList()) {
                who.add(s.knowUser(id));
            }
            boolean added = n.getChangeType() == GroupModifyType.GROUP_MODIFY_TYPE_ADD;
            s.term.event("*** " + group + ": " + String.join(", ", who) + (added ? " joined." : " left."));
        });
    }

    /** Group governance pushes without a callback of their own: a join request waiting for us. */
    @Override
    public void onPush(io.teamtalkj.pdu.Pdu pdu) {
        if (pdu.commandId() != io.teamtalkj.pdu.GroupExtCommandId.JOIN_REQUEST_NOTIFY) {
            return;
        }
        io.teamtalkj.pdu.groupext.GroupJoinRequestNotify ask;
        try {
            ask = pdu.parse(io.teamtalkj.pdu.groupext.GroupJoinRequestNotify.parser());
        } catch (Exception e) {
            return; // not ours to fail on: the chat goes on
        }
        s.onEventThread(() -> {
            String who = s.knowUser(ask.getUserId());
            s.term.event("*** " + who + " asks to join " + s.knowGroup(ask.getGroupId())
                    + (ask.getMessage().isEmpty() ? "" : ": \"" + ask.getMessage() + "\"")
                    + ". /group approve " + who + " or /group reject " + who + " (in that group).");
        });
    }

    @Override
    public void onFileNotify(IMFileNotify n) {
        s.onEventThread(() -> s.term.event("*** " + s.knowUser(n.getFromUserId()) + " offers a file, " + n.getFileName() + " ("
                + (n.getFileSize() & 0xffffffffL) + " bytes); this chat cannot receive files."));
    }

    static boolean isMobile(ClientType type) {
        return (type.getNumber() & 0x10) != 0;
    }
}
