package io.teamtalkj.msgserver.push;

import com.mogujie.tt.protobuf.IMBaseDefine.MsgType;
import com.mogujie.tt.protobuf.IMBaseDefine.SessionType;
import com.mogujie.tt.protobuf.IMBaseDefine.ShieldStatus;
import com.mogujie.tt.protobuf.IMBaseDefine.UserStat;
import com.mogujie.tt.protobuf.IMBaseDefine.UserTokenInfo;
import com.mogujie.tt.protobuf.IMMessage.IMMsgData;
import com.mogujie.tt.protobuf.IMServer.IMGetDeviceTokenReq;
import com.mogujie.tt.protobuf.IMServer.IMGetDeviceTokenRsp;
import com.mogujie.tt.protobuf.IMServer.IMGroupGetShieldReq;
import com.mogujie.tt.protobuf.IMServer.IMGroupGetShieldRsp;
import com.mogujie.tt.protobuf.IMServer.IMPushToUserReq;
import com.mogujie.tt.protobuf.IMServer.IMPushToUserRsp;
import io.teamtalkj.msgserver.MsgServerContext;
import io.teamtalkj.msgserver.session.ClientSession;
import io.teamtalkj.net.IntervalLog;
import io.teamtalkj.pdu.ClientClass;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Conversations;
import io.teamtalkj.pdu.PushCommandId;
import io.teamtalkj.pdu.push.DeviceTargeting;
import io.teamtalkj.pdu.push.RemoveDeviceTokenReq;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Offline push, decided on the sender's msg-server after the message is stored and acked (so it
 * adds nothing to the ack): every device of a recipient (the peer, or the group's members at store
 * time, never the sender) that holds a push token and is inactive (not connected, or its app in
 * the background: {@link #isActive}) gets a push; silent (push_type 2) when one of the user's PC
 * clients is online. Group members who muted the group are left out; users whose push shield is on
 * and whose own do-not-disturb window (time zone, start, end: IMPushSettingsReq) covers now get a
 * quiet push (no sound; or none, by config). The badge is the user's unread total (the dbproxy's
 * push_count); pushes of one conversation carry one collapse id, so a phone keeps one banner per
 * conversation. Everything here is asynchronous and best effort: a failed lookup means no push,
 * never a delayed or lost message.
 */
public final class OfflinePush {
    private static final Logger log = LoggerFactory.getLogger(OfflinePush.class);
    private static final IntervalLog FAULTS = new IntervalLog(log);
    public static final int PUSH_NORMAL = 1;
    public static final int PUSH_SILENT = 2;

    /**
     * Recipients found without a push token are not looked up again for this long: most users of a
     * desktop-heavy cluster have none, and each lookup is a dbproxy round trip per message. A token registered through this msg-server clears the entry at once; one
     * registered through another is seen after at most this long.
     */
    static final long NO_TOKEN_TTL_MILLIS = 30_000;
    /** Bound of that memory (entries beyond are simply not remembered). */
    static final int NO_TOKEN_MAX = 100_000;
    /**
     * Recipients whose lookup failed are not pushed for this long: a dbproxy that does not answer in
     * time is overloaded or away, and a lookup per message would only add to its queue.
     */
    static final long FAILED_LOOKUP_BACKOFF_MILLIS = 5_000;

    /**
     * What the push decisions need from the server making them: the msg-server, or the api-server
     * (no client connections of its own) for messages sent through the HTTP API.
     */
    public interface Env {
        /** The dbproxy: call for device tokens and group shields, send for token removal. */
        CompletableFuture<io.teamtalkj.pdu.Pdu> dbCall(int commandId, byte[] body, long orderingKey);

        boolean dbSend(int commandId, byte[] body, long orderingKey);

        /** Whether a route-server can answer presence. */
        boolean presenceAvailable();

        CompletableFuture<com.mogujie.tt.protobuf.IMBuddy.IMUsersStatRsp> usersStatus(int requester, List<Integer> users);

        /** The user's connections on this server (none on the api-server). */
        ClientSession[] sessionsHere(int userId);

        int pushTextChars();

        boolean quietPushInDnd();

        /** Wall clock for the no-token memory (tests move it). */
        default long millis() {
            return System.currentTimeMillis();
        }
    }

    /** The msg-server's own view. */
    static Env of(MsgServerContext ctx) {
        return new Env() {
            @Override
            public CompletableFuture<io.teamtalkj.pdu.Pdu> dbCall(int commandId, byte[] body, long orderingKey) {
                return ctx.db().call(commandId, body, orderingKey);
            }

            @Override
            public boolean dbSend(int commandId, byte[] body, long orderingKey) {
                return ctx.db().send(commandId, body, orderingKey);
            }

            @Override
            public boolean presenceAvailable() {
                return ctx.relay().available();
            }

            @Override
            public CompletableFuture<com.mogujie.tt.protobuf.IMBuddy.IMUsersStatRsp> usersStatus(int requester,
                                                                                                 List<Integer> users) {
                return ctx.relay().usersStatus(requester, users);
            }

            @Override
            public ClientSession[] sessionsHere(int userId) {
                return ctx.sessions().sessions(userId);
            }

            @Override
            public int pushTextChars() {
                return ctx.config().pushTextChars;
            }

            @Override
            public boolean quietPushInDnd() {
                return ctx.config().quietPushInDnd;
            }

            @Override
            public long millis() {
                return ctx.millis();
            }
        };
    }

    private final Env ctx;
    private final PushServers servers;
    private final java.util.concurrent.ConcurrentHashMap<Integer, Long> noTokenUntil = new java.util.concurrent.ConcurrentHashMap<>();
    /** Recipients whose token lookup for a chat message is under way, with its completion. */
    private final java.util.concurrent.ConcurrentHashMap<Integer, CompletableFuture<Void>> lookupsInFlight =
            new java.util.concurrent.ConcurrentHashMap<>();
    /** IMPushToUserReq handed to a push-server. */
    public final LongAdder requests = new LongAdder();
    /** Devices those requests named. */
    public final LongAdder devices = new LongAdder();
    /** Stored messages whose recipients were looked at (lookups done, whatever the result). */
    public final LongAdder decisions = new LongAdder();
    /** Devices left out of a chat push because they are active (connected, app in the foreground). */
    public final LongAdder skippedConnected = new LongAdder();
    /** Group members left out because they muted the group. */
    public final LongAdder skippedShielded = new LongAdder();
    /** Recipients inside their do-not-disturb window (pushed quietly, or not at all). */
    public final LongAdder quiet = new LongAdder();
    /** Tokens the push-servers called dead and the dbproxy was asked to remove. */
    public final LongAdder tokensRemoved = new LongAdder();

    public OfflinePush(MsgServerContext ctx, PushServers servers) {
        this(of(ctx), servers);
    }

    public OfflinePush(Env env, PushServers servers) {
        this.ctx = env;
        this.servers = servers;
    }

    public PushServers servers() {
        return servers;
    }

    /** Called once a new message is stored and the sender acked. */
    public void afterStored(IMMsgData stored, boolean group, ClientSession sender) {
        afterStored(stored, group, sender.nick());
    }

    /** The same for a message stored by someone else (the api-server), with the sender's display name. */
    public void afterStored(IMMsgData stored, boolean group, String senderNick) {
        if (!servers.configured() || !pushable(stored.getMsgType())) {
            return;
        }
        int from = stored.getFromUserId();
        List<Integer> recipients = new ArrayList<>();
        if (group) {
            Set<Integer> members = new LinkedHashSet<>(stored.getTtGroupMemberIdsList());
            members.remove(from);
            recipients.addAll(members);
        } else if (stored.getToSessionId() != from) {
            recipients.add(stored.getToSessionId());
        }
        // the alert decrypts the text: only for a message that reaches a device (most recipients are
        // online or have no token, and this runs for every stored message)
        decide(stored, group, new LazyText(() -> PushText.alert(senderNick, stored.getMsgType(), stored.getMsgData(),
                ctx.pushTextChars())), recipients);
    }

    /**
     * Looks up the recipients not known to be without a token. A recipient whose lookup is already
     * in flight (a burst of messages to one user) waits for it and is decided again afterwards, so
     * each user costs one lookup at a time, never one per message while the dbproxy is slow.
     */
    private void decide(IMMsgData stored, boolean group, LazyText alert, List<Integer> recipients) {
        long now = ctx.millis();
        List<Integer> fresh = new ArrayList<>();
        List<Integer> waiting = new ArrayList<>();
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        for (int r : recipients) {
            Long until = noTokenUntil.get(r);
            if (until != null && until > now) {
                continue;
            }
            CompletableFuture<Void> inFlight = lookupsInFlight.get(r);
            if (inFlight != null) {
                waiting.add(r);
                pending.add(inFlight);
            } else {
                fresh.add(r);
            }
        }
        if (!waiting.isEmpty()) {
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
                    .whenComplete((v, err) -> decide(stored, group, alert, waiting));
        }
        if (fresh.isEmpty()) {
            return;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        for (int r : fresh) {
            lookupsInFlight.put(r, done);
        }
        int from = stored.getFromUserId();
        targets(from, fresh, group ? stored.getToSessionId() : 0, INACTIVE, Conversations.any(fresh.get(0)), true)
                .thenAccept(targets -> send(stored, group, alert, targets))
                .whenComplete((v, err) -> {
                    decisions.increment();
                    for (int r : fresh) {
                        lookupsInFlight.remove(r, done);
                    }
                    done.complete(null);
                })
                .exceptionally(err -> {
                    FAULTS.hit("offline pushes skipped (lookup failed)", "message " + Integer.toUnsignedString(stored.getMsgId())
                            + " from " + Integer.toUnsignedString(from) + ": " + err);
                    return null;
                });
    }

    /**
     * An offline file from {@code from} is ready for {@code to} (0x050b, after the record was sent to
     * the dbproxy): the receiver's inactive devices get "nick: [文件] name". The token lookup carries
     * the record's ordering key (tt_ordering_key), so the dbproxy serves it only after the record
     * is stored, on the same worker.
     */
    public void offlineFile(int from, String senderNick, int to, String fileName) {
        if (!servers.configured() || from == to) {
            return;
        }
        Long until = noTokenUntil.get(to);
        if (until != null && until > ctx.millis()) {
            return;
        }
        String alert = PushText.fileAlert(senderNick, fileName, ctx.pushTextChars());
        List<Integer> recipients = List.of(to);
        targets(from, recipients, 0, INACTIVE, Conversations.pair(from, to), true)
                .thenAccept(found -> {
                    if (found.tokens().isEmpty()) {
                        return;
                    }
                    IMPushToUserReq req = IMPushToUserReq.newBuilder().setFlash(alert)
                            .setData("{\"file\":true,\"from_id\":" + Integer.toUnsignedString(from) + "}")
                            .addAllUserTokenList(found.tokens()).setTtFromUserId(from).setTtSessionId(from)
                            .setTtSessionType(SessionType.SESSION_TYPE_SINGLE_VALUE)
                            .setTtCollapseId("s-" + Integer.toUnsignedString(from)).addAllTtQuiet(found.quiet())
                            .setTtTargeting(INACTIVE).setTtOrigin(ORIGIN_IM).build();
                    if (servers.send(req)) {
                        requests.increment();
                        devices.add(found.tokens().size());
                    }
                })
                .exceptionally(err -> {
                    FAULTS.hit("offline file pushes skipped (lookup failed)", "file from " + Integer.toUnsignedString(from)
                            + " to " + Integer.toUnsignedString(to) + ": " + err);
                    return null;
                });
    }

    /** Chat messages go to the devices that cannot show them: not connected, or in the background. */
    public static final DeviceTargeting INACTIVE = DeviceTargeting.newBuilder().setMode(DeviceTargeting.Mode.INACTIVE).build();
    public static final DeviceTargeting ALL = DeviceTargeting.newBuilder().setMode(DeviceTargeting.Mode.ALL).build();
    /** tt_origin of chat-message pushes. */
    public static final String ORIGIN_IM = "im";

    /** user -> whether one of its PCs is online (its push is then silent), for every user. */
    private static Map<Integer, Boolean> pcOnline(List<Integer> users, Map<Integer, Integer> classes) {
        Map<Integer, Boolean> out = new HashMap<>();
        for (int u : users) {
            out.put(u, (classes.getOrDefault(u, 0) & ClientClass.PC.bit) != 0);
        }
        return out;
    }

    /**
     * A notification that is not a stored message (the api-server's POST /v1/push): the users with
     * no phone connected get it on their tokens (silent when a PC is online), under one collapse id.
     */
    public void notification(List<Integer> users, String alert, String data) {
        notification(users, alert, data, INACTIVE, "api");
    }

    /**
     * The same for chosen devices of the users: {@code targeting} ALL, given DEVICES, ACTIVE
     * (connected, app in the foreground) or INACTIVE (not connected, or in the background);
     * {@code origin} is counted by the push-server ("api:<app>").
     */
    public void notification(List<Integer> users, String alert, String data, DeviceTargeting targeting, String origin) {
        if (!servers.configured() || users.isEmpty()) {
            return;
        }
        targets(0, users, 0, targeting, Conversations.any(users.get(0)), false)
                .thenAccept(found -> {
                    if (found.tokens().isEmpty()) {
                        return;
                    }
                    IMPushToUserReq req = IMPushToUserReq.newBuilder().setFlash(alert).setData(data)
                            .addAllUserTokenList(found.tokens()).setTtCollapseId("tt-push").addAllTtQuiet(found.quiet())
                            .setTtTargeting(targeting).setTtOrigin(origin).build();
                    if (servers.send(req)) {
                        requests.increment();
                        devices.add(found.tokens().size());
                    }
                })
                .exceptionally(err -> {
                    FAULTS.hit("notification pushes skipped (lookup failed)", users.size() + " users: " + err);
                    return null;
                });
    }

    static boolean pushable(MsgType type) {
        return type == MsgType.MSG_TYPE_SINGLE_TEXT || type == MsgType.MSG_TYPE_SINGLE_AUDIO
                || type == MsgType.MSG_TYPE_GROUP_TEXT || type == MsgType.MSG_TYPE_GROUP_AUDIO;
    }

    /**
     * Whether the token's device is active: connected and its app in the foreground. A user has one
     * phone connection in the cluster; when it is on this server its own state decides, else the
     * dbproxy's last report of the user's phone (0x0822), believed only while presence still shows
     * a phone connected (a msg-server that died sent no goodbye). A dbproxy that reports no device
     * state (older) leaves the rule "any phone connected".
     */
    private boolean isActive(UserTokenInfo t, int classes) {
        for (ClientSession s : ctx.sessionsHere(t.getUserId())) {
            if (s.deviceClass() == ClientClass.MOBILE && s.isAuthenticated()) {
                return s.foreground() && (!t.hasTtDeviceId() || s.deviceId().equals(t.getTtDeviceId()));
            }
        }
        if ((classes & ClientClass.MOBILE.bit) == 0) {
            return false;
        }
        return !t.hasTtDeviceState() || t.getTtDeviceState() == DEVICE_FOREGROUND;
    }

    static final int DEVICE_FOREGROUND = 1;

    private CompletableFuture<Map<Integer, Integer>> presence(int requester, List<Integer> users) {
        if (!ctx.presenceAvailable()) {
            return CompletableFuture.completedFuture(localClasses(users));
        }
        return ctx.usersStatus(requester, users).handle((rsp, err) -> {
            if (err != null) {
                return localClasses(users); // a stray push beats a missed one
            }
            Map<Integer, Integer> out = new HashMap<>();
            for (UserStat s : rsp.getUserStatListList()) {
                out.put(s.getUserId(), s.hasTtOnlineClasses() ? s.getTtOnlineClasses()
                        : s.getStatus() == com.mogujie.tt.protobuf.IMBaseDefine.UserStatType.USER_STATUS_OFFLINE ? 0 : ClientClass.ANY);
            }
            return out;
        });
    }

    private Map<Integer, Integer> localClasses(List<Integer> users) {
        Map<Integer, Integer> out = new HashMap<>();
        for (int u : users) {
            int bits = 0;
            for (ClientSession s : ctx.sessionsHere(u)) {
                bits |= s.deviceClass().bit;
            }
            out.put(u, bits);
        }
        return out;
    }

    /** Drops members who muted the group (the dbproxy answers an empty list on failure: then nobody). */
    private CompletableFuture<Map<Integer, Boolean>> unshielded(int groupId, Map<Integer, Boolean> candidates) {
        IMGroupGetShieldReq req = IMGroupGetShieldReq.newBuilder().setGroupId(groupId).addAllUserId(candidates.keySet()).build();
        return ctx.dbCall(CommandId.CID_OTHER_GET_SHIELD_REQ, req.toByteArray(), Conversations.group(groupId))
                .thenApply(pdu -> {
                    try {
                        Map<Integer, Boolean> out = new HashMap<>();
                        for (ShieldStatus s : pdu.parse(IMGroupGetShieldRsp.parser()).getShieldStatusListList()) {
                            Boolean silent = candidates.get(s.getUserId());
                            if (silent != null && s.getShieldStatus() == 0) {
                                out.put(s.getUserId(), silent);
                            }
                        }
                        skippedShielded.add(candidates.size() - out.size());
                        return out;
                    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                        throw new IllegalStateException("unreadable shield reply", e);
                    }
                });
    }

    /** Targets and, per target, whether it is in its do-not-disturb window. */
    record Targets(List<UserTokenInfo> tokens, List<Boolean> quiet) {
        static final Targets NONE = new Targets(List.of(), List.of());
    }

    /**
     * The devices of {@code users} chosen by {@code targeting}. The token lookup comes first: most
     * users of a desktop-heavy cluster have no token, and for them nothing else is asked. Presence
     * is asked only for users with tokens (which devices are connected; a PC online makes the push
     * silent for ALL and INACTIVE), then for a group ({@code groupId} not 0) who muted it. With
     * {@code remember}, users found without a token are not looked up again for a while, and users
     * whose lookup failed (the dbproxy overloaded or away) not for {@link #FAILED_LOOKUP_BACKOFF_MILLIS},
     * so that messages do not multiply the requests to a dbproxy that is already late.
     */
    private CompletableFuture<Targets> targets(int requester, List<Integer> users, int groupId, DeviceTargeting targeting,
                                               long orderingKey, boolean remember) {
        if (users.isEmpty()) {
            return CompletableFuture.completedFuture(Targets.NONE);
        }
        IMGetDeviceTokenReq req = IMGetDeviceTokenReq.newBuilder().addAllUserId(users).setTtReportQuiet(true)
                .setTtOrderingKey(orderingKey).build();
        return ctx.dbCall(CommandId.CID_OTHER_GET_DEVICE_TOKEN_REQ, req.toByteArray(), orderingKey)
                .handle((pdu, err) -> {
                    if (err != null) {
                        if (remember) {
                            skipFor(users, FAILED_LOOKUP_BACKOFF_MILLIS);
                        }
                        throw err instanceof java.util.concurrent.CompletionException c ? c : new java.util.concurrent.CompletionException(err);
                    }
                    try {
                        IMGetDeviceTokenRsp rsp = pdu.parse(IMGetDeviceTokenRsp.parser());
                        if (remember) {
                            rememberWithoutToken(users, rsp);
                        }
                        return rsp;
                    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                        throw new IllegalStateException("unreadable device token reply", e);
                    }
                })
                .thenCompose(rsp -> {
                    Set<Integer> asked = new java.util.HashSet<>(users);
                    List<Integer> withTokens = new ArrayList<>();
                    for (UserTokenInfo t : rsp.getUserTokenInfoList()) {
                        if (asked.remove(t.getUserId())) {
                            withTokens.add(t.getUserId());
                        }
                    }
                    if (withTokens.isEmpty()) {
                        return CompletableFuture.completedFuture(Targets.NONE);
                    }
                    return presence(requester, withTokens).thenCompose(classes -> {
                        Map<Integer, Boolean> silent = pcOnline(withTokens, classes);
                        return (groupId != 0 ? unshielded(groupId, silent) : CompletableFuture.completedFuture(silent))
                                .thenApply(candidates -> choose(rsp, candidates, classes, targeting));
                    });
                });
    }

    /** Chooses among the looked-up devices of the candidates (user -> a PC is online). */
    private Targets choose(IMGetDeviceTokenRsp rsp, Map<Integer, Boolean> candidates, Map<Integer, Integer> classes,
                           DeviceTargeting targeting) {
        Set<String> named = Set.copyOf(targeting.getDeviceIdsList());
        DeviceTargeting.Mode mode = targeting.getMode();
        Set<Integer> dnd = new java.util.HashSet<>(rsp.getTtQuietUserIdsList());
        List<UserTokenInfo> out = new ArrayList<>();
        List<Boolean> quietFlags = new ArrayList<>();
        Set<Integer> quietUsers = new java.util.HashSet<>();
        for (UserTokenInfo t : rsp.getUserTokenInfoList()) {
            Boolean pc = candidates.get(t.getUserId());
            if (pc == null) {
                continue;
            }
            boolean active = isActive(t, classes.getOrDefault(t.getUserId(), 0));
            boolean chosen = switch (mode) {
                case ALL -> true;
                case DEVICES -> named.contains(t.getTtDeviceId());
                case ACTIVE -> active;
                case INACTIVE -> !active;
            };
            if (!chosen) {
                if (mode == DeviceTargeting.Mode.INACTIVE) {
                    skippedConnected.increment();
                }
                continue;
            }
            boolean inDnd = dnd.contains(t.getUserId());
            if (inDnd) {
                if (quietUsers.add(t.getUserId())) {
                    quiet.increment();
                }
                if (!ctx.quietPushInDnd()) {
                    continue;
                }
            }
            boolean silent = pc && (mode == DeviceTargeting.Mode.ALL || mode == DeviceTargeting.Mode.INACTIVE);
            out.add(t.toBuilder().setPushType(silent ? PUSH_SILENT : PUSH_NORMAL).build());
            quietFlags.add(inDnd);
        }
        return new Targets(out, quietFlags);
    }

    /** A text made when first asked for, then kept; lookups complete on several threads. */
    private static final class LazyText {
        private final Supplier<String> make;
        private volatile String text;

        LazyText(Supplier<String> make) {
            this.make = make;
        }

        String get() {
            String t = text;
            if (t == null) {
                t = make.get(); // two racing threads make the same text; either may be kept
                text = t;
            }
            return t;
        }
    }

    private void send(IMMsgData stored, boolean group, LazyText alert, Targets found) {
        List<UserTokenInfo> targets = found.tokens();
        if (targets.isEmpty()) {
            return;
        }
        int from = stored.getFromUserId();
        String data = "{\"msg_type\":" + stored.getMsgType().getNumber() + ",\"from_id\":" + Integer.toUnsignedString(from)
                + (group ? ",\"group_id\":" + Integer.toUnsignedString(stored.getToSessionId()) : "") + "}";
        IMPushToUserReq req = IMPushToUserReq.newBuilder()
                .setFlash(alert.get())
                .setData(data)
                .addAllUserTokenList(targets)
                .setTtMsgId(stored.getMsgId())
                .setTtFromUserId(from)
                .setTtSessionId(group ? stored.getToSessionId() : from)
                .setTtSessionType(group ? SessionType.SESSION_TYPE_GROUP_VALUE : SessionType.SESSION_TYPE_SINGLE_VALUE)
                .setTtCollapseId((group ? "g-" : "s-") + Integer.toUnsignedString(group ? stored.getToSessionId() : from))
                .addAllTtQuiet(found.quiet())
                .setTtTargeting(INACTIVE)
                .setTtOrigin(ORIGIN_IM)
                .build();
        if (servers.send(req)) {
            requests.increment();
            devices.add(targets.size());
        }
    }

    private void rememberWithoutToken(List<Integer> asked, IMGetDeviceTokenRsp rsp) {
        if (asked.size() > 1000) {
            return; // the dbproxy may have cut a reply this long to fit a frame: absence proves nothing
        }
        Set<Integer> withoutToken = new java.util.HashSet<>(asked);
        for (UserTokenInfo t : rsp.getUserTokenInfoList()) {
            withoutToken.remove(t.getUserId());
        }
        // spread over the last quarter of the TTL, so users first seen together are not all asked again in one burst
        long ttl = NO_TOKEN_TTL_MILLIS - java.util.concurrent.ThreadLocalRandom.current().nextLong(NO_TOKEN_TTL_MILLIS / 4);
        skipFor(withoutToken, ttl);
    }

    private void skipFor(java.util.Collection<Integer> users, long millis) {
        long now = ctx.millis();
        if (noTokenUntil.size() >= NO_TOKEN_MAX) {
            noTokenUntil.values().removeIf(t -> t <= now);
        }
        for (int u : users) {
            if (noTokenUntil.size() < NO_TOKEN_MAX) {
                noTokenUntil.put(u, now + millis);
            }
        }
    }

    /** The user registered (or cleared) a token through this msg-server. */
    public void tokenChanged(int userId) {
        noTokenUntil.remove(userId);
    }

    /** A push-server's answer: tokens its provider called dead are removed (only while still the user's). */
    public void onResponse(IMPushToUserRsp rsp) {
        for (UserTokenInfo t : rsp.getTtInvalidTokensList()) {
            RemoveDeviceTokenReq req = RemoveDeviceTokenReq.newBuilder().setUserId(t.getUserId()).setToken(t.getToken()).build();
            if (ctx.dbSend(PushCommandId.CID_INTERNAL_REMOVE_DEVICE_TOKEN_REQ, req.toByteArray(),
                    Conversations.user(t.getUserId()))) {
                tokensRemoved.increment();
                log.info("removing the push token of user {}: the push service called it invalid",
                        Integer.toUnsignedString(t.getUserId()));
            }
        }
    }
}
