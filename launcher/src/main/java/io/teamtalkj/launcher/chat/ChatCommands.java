package io.teamtalkj.launcher.chat;

import com.mogujie.tt.protobuf.IMBaseDefine.ContactSessionInfo;
import com.mogujie.tt.protobuf.IMBaseDefine.GroupInfo;
import com.mogujie.tt.protobuf.IMBaseDefine.GroupType;
import com.mogujie.tt.protobuf.IMBaseDefine.MsgInfo;
import com.mogujie.tt.protobuf.IMBaseDefine.SessionStatusType;
import com.mogujie.tt.protobuf.IMBaseDefine.SessionType;
import com.mogujie.tt.protobuf.IMBaseDefine.UnreadInfo;
import com.mogujie.tt.protobuf.IMBaseDefine.UserInfo;
import com.mogujie.tt.protobuf.IMBaseDefine.UserStatType;
import com.mogujie.tt.protobuf.IMBuddy.IMRecentContactSessionRsp;
import com.mogujie.tt.protobuf.IMMessage.IMGetMsgListRsp;
import com.mogujie.tt.protobuf.IMMessage.IMUnreadMsgCntRsp;
import io.teamtalkj.client.TeamTalkException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The slash commands, and plain text sent to the selected conversation. Runs on the input thread. */
final class ChatCommands {
    static final int DEFAULT_HISTORY = 10;
    static final int MAX_HISTORY = 100;

    static final String HELP = String.join("\n",
            "Commands:",
            "  /to NAME|ID        talk to a user (then type a message and press Enter)",
            "  /group NAME|ID     talk in a group",
            "  /msg NAME text     send one message without switching (#NAME for a group)",
            "  /history [N]       the N messages before the ones shown (default " + DEFAULT_HISTORY
                    + "); again to page further back",
            "  /read [all]        mark the current conversation (or every one) as read",
            "  /recent            recent conversations with unread counts",
            "  /contacts          the company directory with online status",
            "  /online            who is online",
            "  /groups            your groups with their members",
            "  /group help        group governance: quit, kick, mute, admins, dismiss, transfer, invite, ...",
            "  /help              this list",
            "  /quit              log out and leave (Ctrl-D does the same)",
            "Names: login name, nick name, id, or the start of a name. Text that starts with // is sent with one /.",
            "A conversation counts as read when its newest messages are shown (live while it is the current",
            "one, or by /history) and when you reply; /read marks it without showing anything.",
            "A message arriving while you type hides your unfinished line: Ctrl-R shows it again.");

    private final ChatSession s;

    ChatCommands(ChatSession session) {
        this.s = session;
    }

    /** Handles one input line; false when the user wants to leave. */
    boolean handle(String line) {
        String text = line.strip();
        if (text.isEmpty()) {
            return true;
        }
        if (text.startsWith("//")) {
            sendToCurrent(text.substring(1));
            return true;
        }
        if (!text.startsWith("/")) {
            sendToCurrent(text);
            return true;
        }
        String[] parts = text.split("\\s+", 2);
        String arg = parts.length > 1 ? parts[1].strip() : "";
        switch (parts[0].toLowerCase(Locale.ROOT)) {
            case "/to", "/user" -> selectUser(arg);
            case "/group", "/g" -> selectGroup(arg);
            case "/msg", "/m" -> oneShot(arg);
            case "/history", "/h" -> history(arg);
            case "/read" -> read(arg);
            case "/recent", "/r" -> recent();
            case "/contacts", "/users" -> contacts();
            case "/online", "/who" -> online();
            case "/groups" -> groups();
            case "/help", "/?" -> s.term.println(HELP);
            case "/quit", "/exit", "/q" -> {
                return false;
            }
            default -> s.term.println("Unknown command " + parts[0] + ". /help lists the commands.");
        }
        return true;
    }

    private void sendToCurrent(String text) {
        Conversation c = s.current;
        if (c == null) {
            throw new ChatException("Nobody selected: /to NAME or /group NAME first (or /msg NAME text).");
        }
        s.send(c, text);
    }

    // ------------------------------------------------------------------------------------------
    // choosing a conversation

    private void selectUser(String arg) {
        if (arg.isEmpty()) {
            Conversation c = s.current;
            s.term.println(c == null ? "Usage: /to NAME|ID (see /contacts)." : "Talking to " + c.label + ". Usage: /to NAME|ID.");
            return;
        }
        UserInfo u = findUser(arg);
        if (u.getUserId() == s.client.userId()) {
            throw new ChatException("That is you; pick someone else (/contacts).");
        }
        Conversation c = new Conversation(SessionType.SESSION_TYPE_SINGLE, u.getUserId(), s.dir.userName(u.getUserId()));
        select(c, u.getUserNickName().isEmpty() || u.getUserNickName().equals(c.label) ? "" : " (" + u.getUserNickName() + ")");
    }

    private void selectGroup(String arg) {
        if (arg.isEmpty()) {
            throw new ChatException("Usage: /group NAME|ID (see /groups).");
        }
        String[] words = arg.split("\\s+", 2);
        if (words[0].equalsIgnoreCase("help")) {
            s.term.println(GroupGovernanceCommands.HELP);
            return;
        }
        // "/group kick bob" acts on the current group; a group named like a subcommand: /group #NAME
        if (GroupGovernanceCommands.isSubcommand(words[0])) {
            new GroupGovernanceCommands(s).handle(words[0], words.length > 1 ? words[1].strip() : "");
            return;
        }
        GroupInfo g = findGroup(arg);
        Conversation c = new Conversation(SessionType.SESSION_TYPE_GROUP, g.getGroupId(), s.dir.groupName(g.getGroupId()));
        List<String> members = new ArrayList<>();
        for (int id : g.getGroupMemberListList()) {
            members.add(s.knowUser(id));
        }
        select(c, " (" + members.size() + (members.size() == 1 ? " member: " : " members: ") + String.join(", ", members) + ")");
    }

    private void select(Conversation c, String details) {
        s.current = c;
        s.term.setPrompt(c.label + "> ");
        int unread = unreadIn(c);
        s.term.println((c.isGroup() ? "Talking in " : "Talking to ") + c.label + details + "."
                + (unread > 0 ? " " + unread + " unread: /history shows them." : ""));
    }

    private int unreadIn(Conversation c) {
        try {
            for (UnreadInfo i : s.await(s.client.unread(), "unread").getUnreadinfoListList()) {
                if (c.is(i.getSessionType(), i.getSessionId())) {
                    return i.getUnreadCnt();
                }
            }
        } catch (ChatException e) {
            // only a hint
        }
        return 0;
    }

    private UserInfo findUser(String name) {
        Directory.Match<UserInfo> m = s.dir.findUser(name);
        if (!m.found() && !m.ambiguous()) {
            s.refreshUsers(); // someone who joined after we logged in?
            m = s.dir.findUser(name);
        }
        if (m.ambiguous()) {
            throw new ChatException("'" + name + "' could be " + String.join(", ", m.candidates()) + ". Be more precise.");
        }
        if (!m.found()) {
            throw new ChatException("Nobody called '" + name + "'. /contacts lists everyone.");
        }
        return m.value();
    }

    private GroupInfo findGroup(String name) {
        Directory.Match<GroupInfo> m = s.dir.findGroup(name);
        if (!m.found() && !m.ambiguous()) {
            s.refreshGroups();
            m = s.dir.findGroup(name);
            String id = name.startsWith("#") ? name.substring(1) : name;
            if (!m.found() && id.matches("\\d{1,9}")) {
                s.knowGroup(Integer.parseInt(id)); // a group by id that is in no list (yet)
                m = s.dir.findGroup(id);
            }
        }
        if (m.ambiguous()) {
            throw new ChatException("'" + name + "' could be " + String.join(", ", m.candidates()) + ". Be more precise.");
        }
        if (!m.found()) {
            throw new ChatException("No group '" + name + "' among yours. /groups lists them.");
        }
        return m.value();
    }

    private void oneShot(String arg) {
        String[] parts = arg.split("\\s+", 2);
        if (parts.length < 2 || parts[1].isBlank()) {
            throw new ChatException("Usage: /msg NAME text (or /msg #GROUP text).");
        }
        Conversation to;
        if (parts[0].startsWith("#")) {
            GroupInfo g = findGroup(parts[0]);
            to = new Conversation(SessionType.SESSION_TYPE_GROUP, g.getGroupId(), s.dir.groupName(g.getGroupId()));
        } else {
            UserInfo u = findUser(parts[0]);
            to = new Conversation(SessionType.SESSION_TYPE_SINGLE, u.getUserId(), s.dir.userName(u.getUserId()));
        }
        s.send(to, parts[1].strip());
    }

    // ------------------------------------------------------------------------------------------
    // reading

    private void history(String arg) {
        Conversation c = s.current;
        if (c == null) {
            throw new ChatException("Nobody selected: /to NAME or /group NAME first.");
        }
        int n = DEFAULT_HISTORY;
        if (!arg.isEmpty()) {
            try {
                n = Integer.parseInt(arg);
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (n < 1 || n > MAX_HISTORY) {
                throw new ChatException("Usage: /history [N], N from 1 to " + MAX_HISTORY + ".");
            }
        }
        if (c.historyDone) {
            s.term.println("No earlier messages with " + c.label + ".");
            return;
        }
        IMGetMsgListRsp page = s.await(s.client.history(c.type, c.id, c.historyFrom, n), "History");
        List<MsgInfo> msgs = new ArrayList<>(page.getMsgListList());
        if (msgs.isEmpty()) {
            c.historyDone = true;
            s.term.println(c.historyFrom == 0 ? "No messages with " + c.label + " yet." : "No earlier messages with " + c.label + ".");
            return;
        }
        msgs.sort(Comparator.comparingInt(MsgInfo::getMsgId));
        if (c.historyFrom == 0) {
            s.markRead(c.type, c.id, msgs.get(msgs.size() - 1).getMsgId()); // the newest are on screen now
        }
        int oldest = msgs.get(0).getMsgId();
        c.historyFrom = oldest - 1;
        c.historyDone = c.historyFrom <= 0 || msgs.size() < n;
        StringBuilder b = new StringBuilder("-- " + c.label + ", " + (msgs.size() == 1 ? "1 message" : msgs.size() + " messages")
                + (c.historyDone ? " (from the start) --" : " (/history for earlier ones) --"));
        for (MsgInfo m : msgs) {
            b.append('\n').append(s.render.timeOrDate(m.getCreateTime())).append(' ')
                    .append(s.knowUser(m.getFromSessionId())).append(": ")
                    .append(indent(Render.body(m.getMsgType(), m.getMsgData())));
        }
        s.term.println(b.toString());
    }

    static String indent(String text) {
        return text.replaceAll("\\R", "\n    ");
    }

    private void read(String arg) {
        if (arg.equalsIgnoreCase("all")) {
            IMUnreadMsgCntRsp u = s.await(s.client.unread(), "Unread");
            for (UnreadInfo i : u.getUnreadinfoListList()) {
                readAck(i.getSessionId(), i.getSessionType(), i.getLatestMsgId());
            }
            int n = u.getUnreadinfoListCount();
            s.term.println(n == 0 ? "Nothing was unread." : "Marked " + n + (n == 1 ? " conversation" : " conversations") + " as read.");
            return;
        }
        if (!arg.isEmpty()) {
            throw new ChatException("Usage: /read (the current conversation) or /read all.");
        }
        Conversation c = s.current;
        if (c == null) {
            throw new ChatException("Nobody selected: /to NAME or /group NAME first, or /read all.");
        }
        int latest = s.await(s.client.latestMsgId(c.type, c.id), "Read").getLatestMsgId();
        if (latest == 0) {
            s.term.println("No messages with " + c.label + " yet.");
            return;
        }
        readAck(c.id, c.type, latest);
        s.term.println("Marked " + c.label + " as read.");
    }

    private void readAck(int sessionId, SessionType type, int msgId) {
        try {
            s.client.readAck(sessionId, type, msgId);
        } catch (TeamTalkException e) {
            throw new ChatException("Read: " + s.describe(e));
        }
    }

    private void recent() {
        IMRecentContactSessionRsp r = s.await(s.client.recentSessions(0), "Recent sessions");
        IMUnreadMsgCntRsp u = s.await(s.client.unread(), "Unread");
        Map<String, UnreadInfo> unread = new HashMap<>();
        for (UnreadInfo i : u.getUnreadinfoListList()) {
            unread.put(key(i.getSessionType(), i.getSessionId()), i);
        }
        List<ContactSessionInfo> sessions = new ArrayList<>();
        for (ContactSessionInfo c : r.getContactSessionListList()) {
            if (c.getSessionStatus() == SessionStatusType.SESSION_STATUS_OK) {
                sessions.add(c);
            }
        }
        sessions.sort(Comparator.comparingLong((ContactSessionInfo c) -> c.getUpdatedTime() & 0xffffffffL).reversed());
        List<String[]> rows = new ArrayList<>();
        for (ContactSessionInfo c : sessions) {
            UnreadInfo i = unread.remove(key(c.getSessionType(), c.getSessionId()));
            rows.add(row(c.getSessionType(), c.getSessionId(), i == null ? 0 : i.getUnreadCnt(), s.render.timeOrDate(c.getUpdatedTime()),
                    c.getLatestMsgFromUserId(), Render.body(c.getLatestMsgType(), c.getLatestMsgData())));
        }
        for (UnreadInfo i : unread.values()) { // unread but not (yet) among the recent sessions
            rows.add(row(i.getSessionType(), i.getSessionId(), i.getUnreadCnt(), "", i.getLatestMsgFromUserId(),
                    Render.body(i.getLatestMsgType(), i.getLatestMsgData())));
        }
        if (rows.isEmpty()) {
            s.term.println("No conversations yet. /contacts lists people; /to NAME starts one.");
            return;
        }
        int width = rows.stream().mapToInt(row -> row[0].length()).max().orElse(0);
        StringBuilder b = new StringBuilder("Recent conversations (" + rows.size() + ", "
                + (u.getTotalCnt() == 0 ? "nothing unread" : u.getTotalCnt() + " unread") + "):");
        for (String[] row : rows) {
            b.append("\n  ").append(Render.pad(row[0], width)).append("  ").append(Render.pad(row[1], 9)).append(' ').append(row[2]);
        }
        s.term.println(b.toString());
    }

    private String[] row(SessionType type, int id, int unreadCount, String time, int fromUser, String body) {
        String who = fromUser == 0 ? "" : s.knowUser(fromUser) + ": ";
        String last = (time.isEmpty() ? "" : time + " ") + who + Render.preview(body, 50);
        return new String[] {s.sessionLabel(type, id), unreadCount == 0 ? "" : unreadCount + " unread", last};
    }

    private static String key(SessionType type, int id) {
        return type.getNumber() + ":" + id;
    }

    // ------------------------------------------------------------------------------------------
    // people and groups

    private void contacts() {
        List<UserInfo> users = s.dir.users();
        Map<Integer, UserStatType> status = s.statuses(users.stream().map(UserInfo::getUserId).toList());
        long online = status.values().stream().filter(st -> st != UserStatType.USER_STATUS_OFFLINE).count();
        int nameW = 4;
        int nickW = 4;
        int deptW = 4;
        for (UserInfo u : users) {
            nameW = Math.max(nameW, u.getUserRealName().length());
            nickW = Math.max(nickW, u.getUserNickName().length());
            deptW = Math.max(deptW, s.dir.department(u.getDepartmentId()).length());
        }
        StringBuilder b = new StringBuilder("Contacts (" + users.size() + ", " + online + " online):");
        b.append("\n  ").append(Render.pad("name", nameW)).append("  ").append(Render.pad("nick", nickW)).append("  ")
                .append(Render.pad("dept", deptW)).append("  ").append(Render.pad("id", 6)).append("  status");
        for (UserInfo u : users) {
            b.append("\n  ").append(Render.pad(u.getUserRealName(), nameW)).append("  ")
                    .append(Render.pad(u.getUserNickName(), nickW)).append("  ")
                    .append(Render.pad(s.dir.department(u.getDepartmentId()), deptW)).append("  ")
                    .append(Render.pad(Integer.toString(u.getUserId()), 6)).append("  ")
                    .append(Render.status(status.get(u.getUserId())))
                    .append(u.getUserId() == s.client.userId() ? " (you)" : "");
        }
        s.term.println(b.toString());
    }

    private void online() {
        List<UserInfo> users = s.dir.users();
        Map<Integer, UserStatType> status = s.statuses(users.stream().map(UserInfo::getUserId).toList());
        List<String> names = new ArrayList<>();
        for (UserInfo u : users) {
            UserStatType st = status.get(u.getUserId());
            if (u.getUserId() != s.client.userId() && st != null && st != UserStatType.USER_STATUS_OFFLINE) {
                names.add(u.getUserRealName() + (st == UserStatType.USER_STATUS_LEAVE ? " (away)" : ""));
            }
        }
        s.term.println(names.isEmpty() ? "Nobody else is online." : "Online (" + names.size() + "): " + String.join(", ", names) + ".");
    }

    private void groups() {
        List<GroupInfo> groups = new ArrayList<>(s.refreshGroups());
        if (groups.isEmpty()) {
            s.term.println("You are in no groups.");
            return;
        }
        groups.sort(Comparator.comparing((GroupInfo g) -> g.getGroupName().toLowerCase(Locale.ROOT)));
        int width = groups.stream().mapToInt(g -> s.dir.groupName(g.getGroupId()).length()).max().orElse(0);
        int idWidth = groups.stream().mapToInt(g -> Integer.toString(g.getGroupId()).length()).max().orElse(0) + 3;
        StringBuilder b = new StringBuilder("Groups (" + groups.size() + "):");
        for (GroupInfo g : groups) {
            List<String> members = new ArrayList<>();
            for (int id : g.getGroupMemberListList()) {
                members.add(s.knowUser(id));
            }
            b.append("\n  ").append(Render.pad(s.dir.groupName(g.getGroupId()), width)).append("  ")
                    .append(Render.pad("id " + g.getGroupId(), idWidth)).append("  ")
                    .append(g.getGroupType() == GroupType.GROUP_TYPE_TMP ? "temporary" : "normal").append(", ")
                    .append(members.size()).append(members.size() == 1 ? " member: " : " members: ").append(String.join(", ", members));
        }
        s.term.println(b.toString());
    }
}
