package io.teamtalkj.launcher.chat;

import com.mogujie.tt.protobuf.IMBaseDefine.GroupInfo;
import com.mogujie.tt.protobuf.IMBaseDefine.SessionStatusType;
import com.mogujie.tt.protobuf.IMBaseDefine.SessionType;
import com.mogujie.tt.protobuf.IMBaseDefine.UnreadInfo;
import com.mogujie.tt.protobuf.IMBaseDefine.UserInfo;
import com.mogujie.tt.protobuf.IMBaseDefine.UserStat;
import com.mogujie.tt.protobuf.IMBaseDefine.UserStatType;
import com.mogujie.tt.protobuf.IMBuddy.IMRecentContactSessionRsp;
import com.mogujie.tt.protobuf.IMBuddy.IMUsersInfoRsp;
import com.mogujie.tt.protobuf.IMGroup.IMGroupInfoListRsp;
import com.mogujie.tt.protobuf.IMMessage.IMMsgDataAck;
import com.mogujie.tt.protobuf.IMMessage.IMUnreadMsgCntRsp;
import io.teamtalkj.client.ClientConfig;
import io.teamtalkj.client.ClientState;
import io.teamtalkj.client.ConnectionLostException;
import io.teamtalkj.client.DiscoveryException;
import io.teamtalkj.client.LoginFailedException;
import io.teamtalkj.client.MessageRejectedException;
import io.teamtalkj.client.NotConnectedException;
import io.teamtalkj.client.RequestTimeoutException;
import io.teamtalkj.client.TeamTalkClient;
import io.teamtalkj.client.TeamTalkException;
import io.teamtalkj.pdu.ext.MsgStoreResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One terminal chat: logs in through the SDK, loads the directory, then reads commands and text
 * line by line from {@code in} while live events print to {@code out}.
 *
 * <p>Threads: the input thread (the caller of {@link #run()}) runs the commands and may block on
 * SDK futures; a reader thread turns {@code in} into lines; one event thread prints what the
 * server pushes, in order (SDK callbacks only hand over to it, so the client's event loop never
 * waits for the terminal or for name look-ups).
 */
public final class ChatSession {
    public static final int EXIT_OK = 0;
    /** Kicked, or the server refused to take us back after a disconnect. */
    public static final int EXIT_DISCONNECTED = 1;
    /** Login refused, or the login-server / msg-server could not be reached. */
    public static final int EXIT_CANNOT_LOGIN = 2;

    private static final Object EOF = new Object();

    /** Ends the input loop from outside it (e.g. after a kick). */
    record Stop(int exitCode, String message) {
    }

    final ClientConfig cfg;
    private final InputStream in;
    private final PrintWriter err;
    final Terminal term;
    final Render render = new Render(ZoneId.systemDefault());
    final Directory dir = new Directory();
    private final BlockingQueue<Object> inputs = new LinkedBlockingQueue<>();
    private final ExecutorService events = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "chat-events");
        t.setDaemon(true);
        return t;
    });
    private final Duration wait;
    TeamTalkClient client;
    /** The selected conversation, or null; read by the event thread for auto-read. */
    volatile Conversation current;

    /**
     * @param out         the conversation
     * @param err         where a failed login is explained (one line)
     * @param interactive true on a real terminal: a prompt is shown and live messages redraw it
     */
    public ChatSession(ClientConfig cfg, InputStream in, PrintStream out, PrintWriter err, boolean interactive) {
        this.cfg = cfg;
        this.in = in;
        this.err = err;
        this.term = new Terminal(out, interactive);
        this.wait = cfg.requestTimeout().plusSeconds(2);
    }

    /** Logs in, chats until /quit, end of input or a kick; returns the exit code. */
    public int run() {
        client = TeamTalkClient.create(cfg, new LiveEvents(this));
        try {
            try {
                client.connectAndWait(cfg.requestTimeout().multipliedBy(3));
            } catch (Exception e) {
                err.println("teamtalk chat: " + loginFailure(e));
                err.flush();
                return EXIT_CANNOT_LOGIN;
            }
            loadDirectory();
            welcome();
            startReader();
            return loop(new ChatCommands(this));
        } finally {
            client.close();
            drainEvents();
        }
    }

    private String loginFailure(Exception e) {
        if (e instanceof LoginFailedException lf) {
            if (lf.isCredentialsProblem()) {
                return "login refused for " + cfg.user() + ": wrong user name or password, or the account is disabled";
            }
            return lf.getMessage();
        }
        if (e instanceof DiscoveryException) {
            if (e.getCause() instanceof java.net.ConnectException) {
                return "cannot reach the login-server at " + cfg.loginUrl() + " (connection refused); is it running?"
                        + " --login URL or --server HOST:PORT says where to connect";
            }
            return "no msg-server: " + e.getMessage();
        }
        if (e instanceof TimeoutException) {
            return "no answer from " + where() + " in time";
        }
        String m = e.getMessage();
        return (m == null ? e.getClass().getSimpleName() : m) + (e instanceof ConnectionLostException ? "" : " (" + where() + ")");
    }

    /** Where we log in: the discovery URL or the fixed msg-server. */
    String where() {
        return cfg.loginUrl() != null ? cfg.loginUrl() : "msg-server " + cfg.msgServerHost() + ":" + cfg.msgServerPort();
    }

    private void loadDirectory() {
        try {
            dir.replaceUsers(await(client.allUsers(0), "directory").getUserListList());
        } catch (ChatException e) {
            term.println("Could not load the company directory (" + e.getMessage() + "); names may show as ids.");
        }
        if (client.userInfo() != null) {
            dir.putUsers(List.of(client.userInfo()));
        }
        try {
            dir.putDepartments(await(client.departments(0), "departments").getDeptListList());
        } catch (ChatException e) {
            // only decorates /contacts
        }
        try {
            refreshGroups();
        } catch (ChatException e) {
            term.println("Could not load your groups (" + e.getMessage() + ").");
        }
    }

    private void welcome() {
        UserInfo me = client.userInfo();
        String nick = me == null || me.getUserNickName().isEmpty() ? "" : " (" + me.getUserNickName() + ")";
        StringBuilder b = new StringBuilder();
        b.append("Logged in as ").append(dir.userName(client.userId())).append(nick).append(", user id ")
                .append(client.userId()).append(", via ").append(where()).append(".\n");
        int groups = dir.groups().size();
        b.append(dir.userCount()).append(dir.userCount() == 1 ? " person" : " people").append(" in the directory, ")
                .append(groups).append(groups == 1 ? " group" : " groups").append(". ");
        b.append(unreadSummary()).append('\n');
        b.append("Type /help for the commands; /to NAME picks whom to talk to, then type and press Enter.");
        term.println(b.toString());
    }

    private void startReader() {
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    inputs.add(line);
                }
            } catch (IOException e) {
                // treated as the end of input
            }
            inputs.add(EOF);
        }, "chat-input");
        reader.setDaemon(true);
        reader.start();
    }

    private int loop(ChatCommands commands) {
        while (true) {
            term.showPrompt();
            Object item;
            try {
                item = inputs.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return logout();
            }
            if (item instanceof Stop stop) {
                drainEvents();
                term.last(stop.message());
                return stop.exitCode();
            }
            term.inputTaken();
            if (item == EOF) {
                return logout();
            }
            try {
                if (!commands.handle((String) item)) {
                    return logout();
                }
            } catch (ChatException e) {
                term.println(e.getMessage());
            }
        }
    }

    private int logout() {
        try {
            client.logout().get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            // closed anyway
        }
        drainEvents();
        term.println("Logged out. Bye.");
        return EXIT_OK;
    }

    /** Lets queued live events print before the last line. */
    private void drainEvents() {
        events.shutdown();
        try {
            events.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs on the event thread (printing and look-ups happen there, in arrival order). */
    void onEventThread(Runnable task) {
        try {
            events.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    term.event("*** " + (e.getMessage() == null ? e.toString() : e.getMessage()));
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // shutting down
        }
    }

    void stop(int exitCode, String message) {
        inputs.add(new Stop(exitCode, message));
    }

    // ------------------------------------------------------------------------------------------
    // shared by commands and live events

    /** Waits for an SDK future; failures become a {@link ChatException} that says what failed. */
    <T> T await(CompletableFuture<T> f, String what) {
        try {
            return f.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new ChatException(what + ": " + describe(e.getCause()));
        } catch (TimeoutException e) {
            throw new ChatException(what + ": no answer from the server");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChatException(what + ": interrupted");
        }
    }

    String describe(Throwable e) {
        if (e instanceof NotConnectedException) {
            return client.state() == ClientState.RECONNECTING ? "not connected (reconnecting...)" : "not connected";
        }
        if (e instanceof RequestTimeoutException) {
            return "no answer from the server within " + cfg.requestTimeout().toSeconds() + " s";
        }
        if (e instanceof MessageRejectedException r) {
            MsgStoreResult result = r.storeResultEnum();
            if (result == MsgStoreResult.STORE_INVALID && !r.reason().isEmpty()) {
                return "not accepted: " + r.reason(); // the server says what was wrong
            }
            String why = rejection(result);
            return result != null && result != MsgStoreResult.STORE_FAILED || r.reason().isEmpty() ? why : why + ": " + r.reason();
        }
        if (e instanceof ConnectionLostException) {
            return "connection lost";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static String rejection(MsgStoreResult result) {
        if (result == null) {
            return "refused by the server";
        }
        return switch (result) {
            case STORE_NOT_MEMBER -> "you are not a member of this group";
            case STORE_NO_SUCH_GROUP -> "the group does not exist any more";
            case STORE_INVALID -> "not accepted (empty, too long, or to yourself)";
            case STORE_OVERLOADED -> "the server is busy, try again";
            case STORE_RATE_LIMITED -> "too many messages per second, slow down";
            case STORE_FAILED -> "the server could not store it, try again";
            case STORE_UNAVAILABLE -> "storage is unavailable right now, try again";
            case STORE_MUTED -> "you are muted in this group (or only its owner and admins may talk now)";
            case STORE_GROUP_DISMISSED -> "the group was dismissed";
            default -> "refused by the server (" + result + ")";
        };
    }

    /** Sends text to a conversation and waits for the server's ack. */
    void send(Conversation to, String text) {
        CompletableFuture<IMMsgDataAck> f = to.isGroup() ? client.sendGroupText(to.id, text) : client.sendText(to.id, text);
        IMMsgDataAck ack;
        try {
            ack = await(f, "Not sent to " + to.label);
        } catch (ChatException e) {
            term.println(e.getMessage());
            return;
        }
        term.println("sent to " + to.label + " (msg " + ack.getMsgId() + ")");
        if (!to.isGroup()) {
            markRead(to.type, to.id, ack.getMsgId()); // a reply means the conversation was read (groups: the server does it)
        }
    }

    /** Read ack up to msgId; best effort (it has no answer, and offline it simply stays unread). */
    void markRead(SessionType type, int sessionId, int msgId) {
        try {
            client.readAck(sessionId, type, msgId);
        } catch (TeamTalkException e) {
            // not connected
        }
    }

    /** The display name of a user, asking the server when the directory does not know the id. */
    String knowUser(int userId) {
        if (userId == client.userId()) {
            return "you";
        }
        if (dir.user(userId) == null && userId != 0) {
            try {
                IMUsersInfoRsp r = await(client.usersInfo(List.of(userId)), "user info");
                dir.putUsers(r.getUserInfoListList());
            } catch (ChatException e) {
                // shown by id
            }
        }
        return dir.userName(userId);
    }

    /** "#name" of a group, asking the server when it is not known yet. */
    String knowGroup(int groupId) {
        if (dir.group(groupId) == null) {
            try {
                dir.putGroups(await(client.groupInfo(Map.of(groupId, 0)), "group info").getGroupInfoListList());
            } catch (ChatException e) {
                // shown by id
            }
        }
        return dir.groupName(groupId);
    }

    String sessionLabel(SessionType type, int id) {
        return type == SessionType.SESSION_TYPE_GROUP ? knowGroup(id) : knowUser(id);
    }

    /** Reloads the directory, e.g. when a typed name is not in it (a new colleague). */
    void refreshUsers() {
        dir.replaceUsers(await(client.allUsers(0), "directory").getUserListList());
        if (client.userInfo() != null) {
            dir.putUsers(List.of(client.userInfo()));
        }
    }

    /** The user's groups: normal groups plus groups in recent sessions (temporary ones), with details. */
    List<GroupInfo> refreshGroups() {
        Set<Integer> ids = new LinkedHashSet<>();
        await(client.groups(), "groups").getGroupVersionListList().forEach(v -> ids.add(v.getGroupId()));
        IMRecentContactSessionRsp recent = await(client.recentSessions(0), "recent sessions");
        recent.getContactSessionListList().stream()
                .filter(s -> s.getSessionType() == SessionType.SESSION_TYPE_GROUP
                        && s.getSessionStatus() == SessionStatusType.SESSION_STATUS_OK)
                .forEach(s -> ids.add(s.getSessionId()));
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<Integer, Integer> versions = new LinkedHashMap<>();
        ids.forEach(id -> versions.put(id, 0));
        IMGroupInfoListRsp info = await(client.groupInfo(versions), "group info");
        dir.putGroups(info.getGroupInfoListList());
        return info.getGroupInfoListList();
    }

    /** "No unread messages." or "Unread: bob 2, #lunch 1." */
    String unreadSummary() {
        IMUnreadMsgCntRsp u;
        try {
            u = await(client.unread(), "unread");
        } catch (ChatException e) {
            return "(" + e.getMessage() + ")";
        }
        if (u.getTotalCnt() == 0 || u.getUnreadinfoListCount() == 0) {
            return "No unread messages.";
        }
        List<String> parts = new ArrayList<>();
        for (UnreadInfo i : u.getUnreadinfoListList()) {
            parts.add(sessionLabel(i.getSessionType(), i.getSessionId()) + " " + i.getUnreadCnt());
        }
        return "Unread: " + String.join(", ", parts) + ".";
    }

    /** Online status of users, asked in slices so a large directory stays within frame limits. */
    Map<Integer, UserStatType> statuses(List<Integer> userIds) {
        Map<Integer, UserStatType> result = new HashMap<>();
        for (int from = 0; from < userIds.size(); from += 500) {
            List<Integer> slice = userIds.subList(from, Math.min(userIds.size(), from + 500));
            for (UserStat s : await(client.usersStatus(slice), "status").getUserStatListList()) {
                result.put(s.getUserId(), s.getStatus());
            }
        }
        return result;
    }
}
