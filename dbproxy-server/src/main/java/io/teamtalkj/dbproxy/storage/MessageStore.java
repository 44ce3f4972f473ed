package io.teamtalkj.dbproxy.storage;

import com.google.protobuf.ByteString;
import com.mogujie.tt.protobuf.IMBaseDefine.MsgType;
import com.mogujie.tt.protobuf.IMMessage.IMMsgData;
import io.teamtalkj.dbproxy.group.GroupMessageGate;
import io.teamtalkj.net.IntervalLog;
import io.teamtalkj.pdu.MsgTypes;
import io.teamtalkj.pdu.ext.MsgStoreResult;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;
import org.redisson.api.BatchOptions;
import org.redisson.api.RBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores messages in groups (one transaction per run of messages a worker drained).
 *
 * <p>msg_id: per conversation (relation or group), the last committed id + 1, so ids start at 1
 * and have no gaps. The last id is cached in memory by the worker that owns the conversation,
 * read from Redis ({@code {r:<rid>}msg_id}, {@code {g:<gid>}msg_id}) on first use, and taken from
 * MySQL MAX(msgId) when Redis does not have it. If a stale counter ever collides with a stored
 * row (a duplicate key, whatever exception type carries it: {@link SqlErrors}), the batch is
 * retried, twice at most, with counters re-read from MySQL; a batch that fails drops the cached
 * ids of its conversations. A COMMIT whose connection broke has an unknown outcome: it is looked
 * up on a fresh connection (is the first message there?) before anyone is answered.
 *
 * <p>Resends: a client message id stored before is answered with the first msg_id
 * ({@link ClientMsgIds}); TeamTalk clients set none, so the same content from the same sender to
 * the same conversation within {@code --resend-window} is taken as a resend ({@link ResendWindow}).
 *
 * <p>After the commit: Redis counters and one-to-one unread counts are updated in one pipeline
 * (RBatch). Only then are the outcomes released, each carrying its msg_id; the handler turns them
 * into replies.
 */
public final class MessageStore {
    private static final Logger log = LoggerFactory.getLogger(MessageStore.class);

    /** TeamTalk's content column is varchar(4096). */
    public static final int MAX_TEXT_CHARS = 4096;
    public static final int MAX_AUDIO_BYTES = 1024 * 1024;

    private final Storage storage;
    private final Relations relations;
    private final GroupMembers groupMembers;
    private final IntSupplier clock;
    /** Last committed msg_id per conversation ("r" + relateId or "g" + groupId). */
    private final ConcurrentHashMap<String, Long> lastIds = new ConcurrentHashMap<>();
    private final ResendWindow resendWindow;
    /** Store failures come per batch or per message in an outage: one line per 10 s per kind. */
    private final IntervalLog faults = new IntervalLog(log);
    /** Collisions before a batch is given up (each re-reads the counters from MySQL). */
    static final int DUPLICATE_KEY_RETRIES = 2;
    /** Runs of a batch whose transaction InnoDB chose as a deadlock victim. */
    static final int DEADLOCK_RETRIES = 3;
    /** Attempts to learn, on a fresh connection, whether a COMMIT whose connection broke took place. */
    static final int UNKNOWN_COMMIT_CHECKS = 3;

    /**
     * @param unixSecondsClock server time in unix seconds, the messages' created/updated time
     * @param resendWindow     recognises TeamTalk clients' resends (messages without a client id)
     */
    public MessageStore(Storage storage, Relations relations, GroupMembers groupMembers, IntSupplier unixSecondsClock,
                        ResendWindow resendWindow) {
        this.storage = storage;
        this.relations = relations;
        this.groupMembers = groupMembers;
        this.clock = unixSecondsClock;
        this.resendWindow = resendWindow;
    }

    /** One message on its way into the database. */
    private static final class Pending {
        final int index;
        final IMMsgData msg;
        final boolean group;
        final int from;
        final int to;
        long relateId;
        String conversation;
        long msgId;
        String content;
        /** The created/updated time written with the row (to recognise it after an unknown commit). */
        int createdAt;
        /** Group members at store time, sent back so the msg-server can fan out. */
        Collection<Integer> members = List.of();
        /** The sender's own id of the message, if it gave one. */
        ClientMsgIds.Key clientKey;
        /** Without a client id and with the resend window on: what a resend would look like. */
        ResendWindow.Key resendKey;
        /** Refused inside the storing transaction (muted, removed, dismissed group): not stored. */
        StoreOutcome refusal;

        Pending(int index, IMMsgData msg) {
            this.index = index;
            this.msg = msg;
            this.group = MsgTypes.isGroup(msg.getMsgType());
            this.from = msg.getFromUserId();
            this.to = msg.getToSessionId();
        }
    }

    public static boolean isAudio(MsgType type) {
        return type == MsgType.MSG_TYPE_SINGLE_AUDIO || type == MsgType.MSG_TYPE_GROUP_AUDIO;
    }

    /**
     * Stores the messages and returns one outcome per request, in order. While MySQL is away every
     * message is refused (STORE_FAILED) at once, without waiting for a pool connection once it is
     * known to be down ({@link DatabaseAvailability}), counted in one log line per 10 s.
     */
    public List<StoreOutcome> store(List<IMMsgData> requests) throws SQLException {
        try {
            return storeOrThrow(requests);
        } catch (SQLException e) {
            if (!SqlErrors.isConnectionLost(e)) {
                throw e;
            }
            StoreOutcome refused = unreachable(e);
            return new ArrayList<>(Collections.nCopies(requests.size(), refused));
        }
    }

    private List<StoreOutcome> storeOrThrow(List<IMMsgData> requests) throws SQLException {
        int now = clock.getAsInt();
        StoreOutcome[] replies = new StoreOutcome[requests.size()];
        List<Pending> pending = new ArrayList<>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            IMMsgData m = requests.get(i);
            Pending p = new Pending(i, m);
            String invalid = validate(p);
            if (invalid != null) {
                replies[i] = StoreOutcome.refused(MsgStoreResult.STORE_INVALID, invalid);
            } else {
                pending.add(p);
            }
        }
        pending = checkGroupMembership(pending, replies);
        List<Pending[]> resentInBatch = new ArrayList<>();
        pending = resolveResends(pending, replies, resentInBatch);
        if (pending.isEmpty()) {
            answerResentInBatch(resentInBatch, replies);
            return Arrays.asList(replies);
        }
        try {
            try {
                storeGroup(pending, replies, now);
            } catch (ClientIdTakenException taken) {
                // a resend of a message stored by an earlier batch: look the ids up, store the rest
                pending = dropStoredResends(pending, replies);
                if (!pending.isEmpty()) {
                    storeGroup(pending, replies, now);
                }
            }
        } catch (SQLException e) {
            if (SqlErrors.isConnectionLost(e)) {
                // the database is away: one by one would wait for a connection once per message
                StoreOutcome refused = unreachable(e);
                for (Pending p : pending) {
                    replies[p.index] = refused;
                }
            } else if (pending.size() == 1) {
                throw e;
            } else {
                // One bad row must not sink its neighbours: store each message on its own, so only
                // the ones that really fail are refused.
                faults.hit("message batches failed, stored one by one", pending.size() + " messages: " + e.getMessage());
                for (Pending p : pending) {
                    try {
                        storeGroup(List.of(p), replies, now);
                    } catch (SQLException single) {
                        faults.hit("messages not stored", p.from + "->" + p.to + ": " + single.getMessage());
                        replies[p.index] = StoreOutcome.refused(MsgStoreResult.STORE_FAILED,
                                "storage error: " + single.getMessage());
                    }
                }
            }
        }
        answerResentInBatch(resentInBatch, replies);
        return Arrays.asList(replies);
    }

    /** The answer for messages refused because the database is unreachable (logged per interval, not per message). */
    private StoreOutcome unreachable(SQLException e) {
        storage.availability().suspect(e); // probe: while MySQL is down, later batches are refused without waiting
        faults.hit("messages not stored, database unreachable", e.getMessage());
        String m = String.valueOf(e.getMessage());
        return StoreOutcome.refused(MsgStoreResult.STORE_FAILED, m.startsWith("database unavailable") ? m : "database unavailable: " + m);
    }

    /**
     * Takes out the messages whose client id was stored before (answered with the first msg_id
     * and STORE_DUPLICATE) and the repeats of a client id within this batch (answered like their
     * first copy once it is stored, see {@link #answerResentInBatch}).
     */
    private List<Pending> resolveResends(List<Pending> pending, StoreOutcome[] replies, List<Pending[]> resentInBatch)
            throws SQLException {
        Map<ClientMsgIds.Key, Pending> first = new HashMap<>();
        Map<ResendWindow.Key, Pending> firstWithoutId = new HashMap<>();
        List<Pending> accepted = new ArrayList<>(pending.size());
        for (Pending p : pending) {
            String clientId = p.msg.getTtClientMsgId();
            if (clientId.isEmpty() && resendWindow.enabled()) {
                p.resendKey = ResendWindow.Key.of(p.from, p.group, p.to, p.msg.getMsgType().getNumber(), p.msg.getMsgData());
                long storedId = resendWindow.find(p.resendKey);
                if (storedId != 0) {
                    replies[p.index] = StoreOutcome.duplicate(storedId);
                    continue;
                }
                Pending earlier = firstWithoutId.putIfAbsent(p.resendKey, p);
                if (earlier != null) {
                    resentInBatch.add(new Pending[] {p, earlier});
                    continue;
                }
            } else if (!clientId.isEmpty()) {
                if (clientId.length() > ClientMsgIds.MAX_LENGTH) {
                    replies[p.index] = StoreOutcome.refused(MsgStoreResult.STORE_INVALID,
                            "tt_client_msg_id longer than " + ClientMsgIds.MAX_LENGTH + " characters");
                    continue;
                }
                p.clientKey = new ClientMsgIds.Key(p.from, clientId);
                Pending earlier = first.putIfAbsent(p.clientKey, p);
                if (earlier != null) {
                    resentInBatch.add(new Pending[] {p, earlier});
                    continue;
                }
            }
            accepted.add(p);
        }
        return accepted;
    }

    /**
     * Answers the messages whose client id an earlier batch stored (STORE_DUPLICATE with the first
     * msg_id) and returns the others. Asked only after inserting the ids met a duplicate: looking
     * them up before every batch cost a statement per batch for what is nearly always nothing.
     */
    private List<Pending> dropStoredResends(List<Pending> accepted, StoreOutcome[] replies) throws SQLException {
        List<ClientMsgIds.Key> keys = new ArrayList<>();
        for (Pending p : accepted) {
            if (p.clientKey != null) {
                keys.add(p.clientKey);
            }
        }
        Map<ClientMsgIds.Key, ClientMsgIds.Stored> stored;
        try (Connection c = storage.connection()) {
            stored = ClientMsgIds.find(c, keys);
        }
        if (stored.isEmpty()) {
            return accepted;
        }
        List<Pending> fresh = new ArrayList<>(accepted.size());
        for (Pending p : accepted) {
            ClientMsgIds.Stored s = p.clientKey == null ? null : stored.get(p.clientKey);
            if (s == null) {
                fresh.add(p);
            } else {
                replies[p.index] = StoreOutcome.duplicate(s.msgId());
            }
        }
        return fresh;
    }

    private static void answerResentInBatch(List<Pending[]> resentInBatch, StoreOutcome[] replies) {
        for (Pending[] pair : resentInBatch) {
            StoreOutcome first = replies[pair[1].index];
            replies[pair[0].index] = first.msgId() != 0 ? StoreOutcome.duplicate(first.msgId())
                    : StoreOutcome.refused(first.result(), first.reason());
        }
    }

    /**
     * Commits the messages in one transaction, then releases their outcomes. A duplicate key
     * (stale cached msg_id) is retried with counters from MySQL; a COMMIT with an unknown outcome
     * is resolved first; any failure drops the cached ids of the batch's conversations.
     */
    private void storeGroup(List<Pending> pending, StoreOutcome[] replies, int now) throws SQLException {
        Map<String, Long> committed = null;
        int deadlocks = 0;
        for (int attempt = 0; committed == null; attempt++) {
            try {
                committed = commit(pending, now);
            } catch (ClientIdTakenException e) {
                forgetLastIds(pending);
                throw e; // not a msg_id collision: retrying would meet it again
            } catch (CommitUnknownException e) {
                forgetLastIds(pending);
                Pending probe = firstStored(pending);
                Boolean stored = probe == null ? Boolean.TRUE : wasCommitted(probe);
                if (stored == null) {
                    faults.hit("commits with unknown outcome, unresolved (answered as failed)", e.getMessage());
                    throw e;
                }
                faults.hit("commits with unknown outcome, resolved on a fresh connection",
                        stored ? "it had committed" : "it had not committed; storing again");
                if (stored) {
                    committed = e.planned;
                } else if (attempt >= DUPLICATE_KEY_RETRIES) {
                    throw e;
                }
            } catch (SQLException e) {
                forgetLastIds(pending);
                if (SqlErrors.isDeadlock(e) && deadlocks < DEADLOCK_RETRIES) {
                    // InnoDB rolled the whole transaction back and let the other one through:
                    // nothing of the batch is stored, running it again is safe and will now pass
                    deadlocks++;
                    attempt--;
                    faults.hit("store transactions chosen as a deadlock victim, retried", e.getMessage());
                    continue;
                }
                if (!SqlErrors.isDuplicateKey(e) || attempt >= DUPLICATE_KEY_RETRIES) {
                    throw e;
                }
                faults.hit("msg_id collisions, counters re-read from MySQL and the batch retried", e.getMessage());
            }
        }
        lastIds.putAll(committed);
        List<Pending> stored = new ArrayList<>(pending.size());
        for (Pending p : pending) {
            if (p.refusal != null) {
                replies[p.index] = p.refusal;
            } else {
                stored.add(p);
            }
        }
        for (Pending p : stored) {
            if (p.resendKey != null) {
                resendWindow.remember(p.resendKey, p.msgId);
            }
        }
        if (!stored.isEmpty()) {
            afterCommit(stored, committed);
        }
        for (Pending p : stored) {
            int createTime = p.msg.getCreateTime() != 0 ? p.msg.getCreateTime() : now;
            replies[p.index] = StoreOutcome.stored(p.msgId, createTime, p.members);
        }
    }

    private static Pending firstStored(List<Pending> pending) {
        for (Pending p : pending) {
            if (p.refusal == null) {
                return p;
            }
        }
        return null;
    }

    /**
     * Group governance, decided in the storing transaction: locks the batch's groups and refuses
     * messages of senders that are not (or no longer) members, are muted, or post in a muted or
     * dismissed group ({@link GroupMessageGate}). Returns the messages that may be stored.
     */
    private static List<Pending> gate(Connection c, List<Pending> pending, int now) throws SQLException {
        Map<Integer, Set<Integer>> senders = new HashMap<>();
        for (Pending p : pending) {
            p.refusal = null;
            if (p.group) {
                senders.computeIfAbsent(p.to, g -> new LinkedHashSet<>()).add(p.from);
            }
        }
        if (senders.isEmpty()) {
            return pending;
        }
        Map<Integer, GroupMessageGate.View> views = GroupMessageGate.lock(c, senders);
        List<Pending> live = new ArrayList<>(pending.size());
        for (Pending p : pending) {
            if (p.group) {
                GroupMessageGate.View v = views.get(p.to);
                GroupMessageGate.Refusal r = v == null
                        ? new GroupMessageGate.Refusal(MsgStoreResult.STORE_NO_SUCH_GROUP, "group " + p.to + " does not exist")
                        : v.check(p.from, Integer.toUnsignedLong(now));
                if (r != null) {
                    p.refusal = StoreOutcome.refused(r.result(), r.reason());
                    continue;
                }
            }
            live.add(p);
        }
        return live;
    }

    /**
     * Stores a group system notice (issue 18) in the caller's transaction, which has locked the
     * group row: the next msg_id of the group, a MSG_TYPE_GROUP_TEXT row from {@code fromId}.
     * Call {@link #noticeCommitted} after the commit. Governance requests run on the group's
     * worker, like its messages, so the cached last id is not moved under a running batch.
     */
    public long insertNotice(Connection c, int groupId, int fromId, String content, int now) throws SQLException {
        String conversation = "g" + groupId;
        long last = MessageReader.maxId(c, Conversation.group(groupId, 0));
        Long cached = lastIds.get(conversation);
        if (cached != null && cached > last) {
            last = cached;
        }
        long msgId = last + 1;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + Relations.groupMessageTable(groupId)
                + " (groupId, userId, msgId, content, type, status, updated, created) VALUES (?,?,?,?,?,0,?,?)")) {
            ps.setInt(1, groupId);
            ps.setInt(2, fromId);
            ps.setLong(3, msgId);
            ps.setString(4, content);
            ps.setInt(5, MsgType.MSG_TYPE_GROUP_TEXT_VALUE);
            ps.setInt(6, now);
            ps.setInt(7, now);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE IMGroup SET lastChated=?, updated=updated WHERE id=?")) {
            ps.setInt(1, now);
            ps.setInt(2, groupId);
            ps.executeUpdate();
        }
        return msgId;
    }

    /** After a notice's transaction committed: the cached last id and the Redis group counters. */
    public void noticeCommitted(int groupId, long msgId) {
        lastIds.merge("g" + groupId, msgId, Math::max);
        try {
            RBatch batch = storage.redis().createBatch(BatchOptions.defaults());
            String id = Long.toString(msgId);
            batch.<String, String>getMap(RedisKeys.groupMsgCount(groupId)).fastPutAsync(RedisKeys.COUNT_FIELD, id);
            batch.<String>getBucket(RedisKeys.groupMsgId(groupId)).setAsync(id);
            batch.execute();
        } catch (RuntimeException e) {
            log.warn("Redis update after group {} notice {} failed; unread counts will be rebuilt: {}",
                    Integer.toUnsignedString(groupId), msgId, e.toString());
            storage.unreadHealer().markDirty(Set.of(), Set.of(groupId));
        }
    }

    /** Forgets the cached last id of a group (a notice's transaction failed after its insert). */
    public void forgetGroup(int groupId) {
        lastIds.remove("g" + groupId);
    }

    private void forgetLastIds(List<Pending> pending) {
        for (Pending p : pending) {
            if (p.conversation != null) {
                lastIds.remove(p.conversation);
            }
        }
    }

    /**
     * Whether the transaction holding {@code p} committed: its row (conversation, msg_id) is there
     * with its sender, content and time. One row tells for the whole transaction. Null when
     * MySQL cannot be asked (still away).
     */
    private Boolean wasCommitted(Pending p) {
        String sql = p.group
                ? "SELECT userId, content, created FROM " + Relations.groupMessageTable(p.to) + " WHERE groupId=? AND msgId=?"
                : "SELECT fromId, content, created FROM " + Relations.messageTable(p.relateId) + " WHERE relateId=? AND msgId=?";
        SQLException last = null;
        for (int i = 0; i < UNKNOWN_COMMIT_CHECKS; i++) {
            // waits for the pool even while MySQL is marked down: answering "failed" at once for a
            // message that may have committed would make its sender store it twice
            try (Connection c = storage.connectionWaiting(); PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setLong(1, p.group ? p.to : p.relateId);
                ps.setLong(2, p.msgId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (rs.getInt(1) == p.from && p.content.equals(rs.getString(2)) && rs.getInt(3) == p.createdAt) {
                            return true;
                        }
                    }
                    return false;
                }
            } catch (SQLException e) {
                last = e;
            }
        }
        log.debug("cannot resolve an unknown commit: {}", last == null ? "" : last.toString());
        return null;
    }

    /** The COMMIT was sent and the connection broke: the transaction may or may not have committed. */
    private static final class CommitUnknownException extends SQLException {
        final Map<String, Long> planned;

        CommitUnknownException(SQLException cause, Map<String, Long> planned) {
            super("commit outcome unknown: " + cause.getMessage(), cause.getSQLState(), cause.getErrorCode(), cause);
            this.planned = planned;
        }
    }

    private static String validate(Pending p) {
        ByteString data = p.msg.getMsgData();
        if (p.from == 0 || p.to == 0) {
            return "sender and receiver must be set";
        }
        if (data.isEmpty()) {
            return "empty msg_data";
        }
        if (!p.group && p.from == p.to) {
            return "message to self";
        }
        if (isAudio(p.msg.getMsgType())) {
            if (data.size() <= 4) {
                return "audio msg_data must hold a 4-byte duration and audio bytes";
            }
            if (data.size() > MAX_AUDIO_BYTES) {
                return "audio larger than " + MAX_AUDIO_BYTES + " bytes";
            }
            return null;
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(data.asReadOnlyByteBuffer()).toString();
        } catch (CharacterCodingException e) {
            return "text msg_data is not UTF-8";
        }
        if (text.length() > MAX_TEXT_CHARS) {
            return "text longer than " + MAX_TEXT_CHARS + " characters";
        }
        p.content = text;
        return null;
    }

    private List<Pending> checkGroupMembership(List<Pending> pending, StoreOutcome[] replies) throws SQLException {
        Map<Integer, Map<Integer, Integer>> members = new HashMap<>();
        List<Pending> accepted = new ArrayList<>(pending.size());
        for (Pending p : pending) {
            if (p.group) {
                Map<Integer, Integer> m = members.get(p.to);
                if (m == null) {
                    m = groupMembers.members(p.to);
                    members.put(p.to, m);
                }
                if (m.isEmpty()) {
                    replies[p.index] = StoreOutcome.refused(MsgStoreResult.STORE_NO_SUCH_GROUP, "group " + p.to + " does not exist");
                    continue;
                }
                if (!m.containsKey(p.from)) {
                    replies[p.index] = StoreOutcome.refused(MsgStoreResult.STORE_NOT_MEMBER,
                            "user " + p.from + " is not a member of group " + p.to);
                    continue;
                }
                p.members = m.keySet();
            }
            accepted.add(p);
        }
        return accepted;
    }

    /** One transaction: relations, msg_ids, audio, messages, sessions, group bookkeeping. */
    private Map<String, Long> commit(List<Pending> pending, int now) throws SQLException {
        try (Connection c = storage.storeConnection()) {
            Set<Long> newRelations = new LinkedHashSet<>();
            Map<String, Long> last = new LinkedHashMap<>();
            boolean committing = false;
            try {
                pending = gate(c, pending, now);
                for (Pending p : pending) {
                    if (p.group) {
                        p.conversation = "g" + p.to;
                    } else {
                        boolean known = relations.find(c, p.from, p.to) != 0;
                        p.relateId = relations.findOrCreate(c, p.from, p.to, now);
                        if (!known) {
                            newRelations.add(p.relateId);
                        }
                        p.conversation = "r" + p.relateId;
                    }
                    Long prev = last.get(p.conversation);
                    if (prev == null) {
                        prev = lastId(c, p);
                    }
                    p.msgId = prev + 1;
                    last.put(p.conversation, p.msgId);
                }
                storeAudio(c, pending, now);
                for (Pending p : pending) {
                    p.createdAt = now; // before any COMMIT is sent: an unknown outcome is resolved by it
                }
                // without group messages the rows are the transaction's last statements, and the
                // COMMIT goes in their round trip: from then on the outcome may be unknown
                boolean commitInline = !hasGroupMessage(pending);
                committing = commitInline;
                writeRows(c, pending, now, commitInline);
                groupBookkeeping(c, pending, now);
                committing = true;
                c.commit(); // after an inline COMMIT the driver knows it is over: no round trip
                return last;
            } catch (SQLException | RuntimeException e) {
                quietly(() -> Storage.rollback(c), e); // on a broken connection this fails too: keep the first error
                for (Pending p : pending) {
                    if (!p.group && newRelations.contains(p.relateId)) {
                        relations.forget(p.from, p.to);
                    }
                }
                if (committing && e instanceof SQLException sql && SqlErrors.isConnectionLost(sql)) {
                    throw new CommitUnknownException(sql, last);
                }
                throw e;
            }
        }
    }

    private interface SqlAction {
        void run() throws SQLException;
    }

    /** Runs a clean-up step whose failure must not hide the error being handled. */
    private static void quietly(SqlAction action, Throwable handling) {
        try {
            action.run();
        } catch (SQLException e) {
            if (handling != null) {
                handling.addSuppressed(e);
            }
        }
    }

    /** A client id of the batch is already in TTClientMsg: a resend of a stored message. */
    private static final class ClientIdTakenException extends SQLException {
        ClientIdTakenException(SQLException cause) {
            super("client message id already stored: " + cause.getMessage(), cause.getSQLState(), cause.getErrorCode(), cause);
        }
    }

    /** The last committed msg_id of the conversation: cache, then Redis, then MySQL. */
    private long lastId(Connection c, Pending p) throws SQLException {
        Long cached = lastIds.get(p.conversation);
        if (cached != null) {
            return cached;
        }
        String key = p.group ? RedisKeys.groupMsgId(p.to) : RedisKeys.msgId(p.relateId);
        long fromDb = maxStoredId(c, p);
        String fromRedis = storage.redis().<String>getBucket(key).get();
        long redis = fromRedis == null ? -1 : Long.parseLong(fromRedis.trim());
        // MySQL is the truth; Redis may only be ahead if rows were removed by hand.
        return Math.max(fromDb, redis);
    }

    private static long maxStoredId(Connection c, Pending p) throws SQLException {
        return MessageReader.maxId(c, p.group ? Conversation.group(p.to, 0) : Conversation.single(p.relateId));
    }

    /** Audio bytes go to IMAudio; the message content is the audio row id, as in TeamTalk. */
    private static void storeAudio(Connection c, List<Pending> pending, int now) throws SQLException {
        PreparedStatement ps = null;
        try {
            for (Pending p : pending) {
                if (!isAudio(p.msg.getMsgType())) {
                    continue;
                }
                if (ps == null) {
                    ps = c.prepareStatement("INSERT INTO IMAudio (fromId, toId, path, size, duration, created, data) "
                            + "VALUES (?,?,'',?,?,?,?)", Statement.RETURN_GENERATED_KEYS);
                }
                ByteBuffer data = p.msg.getMsgData().asReadOnlyByteBuffer();
                int duration = data.getInt();
                byte[] audio = new byte[data.remaining()];
                data.get(audio);
                ps.setInt(1, p.from);
                ps.setInt(2, p.to);
                ps.setInt(3, audio.length);
                ps.setInt(4, duration);
                ps.setInt(5, now);
                ps.setBytes(6, audio);
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    p.content = Long.toString(keys.getLong(1));
                }
            }
        } finally {
            if (ps != null) {
                ps.close();
            }
        }
    }

    private static boolean hasGroupMessage(List<Pending> pending) {
        for (Pending p : pending) {
            if (p.group) {
                return true;
            }
        }
        return false;
    }

    /**
     * The batch's rows in one round trip: its client ids, its messages (one multi-row INSERT per
     * message table: TeamTalk spreads conversations over 8 tables), and the upsert of both sides'
     * recent sessions, sent as one multi-statement query. A batch used to cost MySQL ten or more
     * statements each with its own round trip, and every round trip a receive, a wake-up and a send
     * on both sides (strace of mariadbd at 3,000 msg/s: 9 statements and 27 socket calls per commit).
     * The client ids come first, so a resend fails before anything else ran. Parameters are bound
     * by the driver (escaped), the session keys are integers. With {@code commitInline} the query
     * ends with the transaction's COMMIT: the server runs no statement after a failed one, so a
     * failure still leaves the whole transaction to roll back.
     */
    private static void writeRows(Connection c, List<Pending> pending, int now, boolean commitInline) throws SQLException {
        if (pending.isEmpty()) {
            return; // every message refused by the group gate (muted, not a member)
        }
        StringBuilder sql = new StringBuilder(256 + 96 * pending.size());
        List<Pending> withClientIds = new ArrayList<>();
        for (Pending p : pending) {
            if (p.clientKey != null) {
                withClientIds.add(p);
            }
        }
        if (!withClientIds.isEmpty()) {
            sql.append("INSERT INTO TTClientMsg (fromId, clientMsgId, groupMsg, toId, msgId, created) VALUES ");
            values(sql, withClientIds.size(), 6);
        }
        Map<String, List<Pending>> byTable = new LinkedHashMap<>();
        for (Pending p : pending) {
            String table = p.group ? Relations.groupMessageTable(p.to) : Relations.messageTable(p.relateId);
            byTable.computeIfAbsent(table, t -> new ArrayList<>()).add(p);
        }
        for (Map.Entry<String, List<Pending>> e : byTable.entrySet()) {
            boolean group = e.getValue().get(0).group;
            sql.append(group
                    ? "INSERT INTO " + e.getKey() + " (groupId, userId, msgId, content, type, status, updated, created) VALUES "
                    : "INSERT INTO " + e.getKey() + " (relateId, fromId, toId, msgId, content, type, status, updated, created) VALUES ");
            valuesWithStatus(sql, e.getValue().size(), group ? 3 : 4);
        }
        Set<SessionKey> sessions = sessionKeys(pending);
        if (!sessions.isEmpty()) {
            sessionUpsert(sql, sessions, now);
        }
        if (commitInline) {
            sql.append(";COMMIT");
        }
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int k = 1;
            for (Pending p : withClientIds) {
                ps.setLong(k++, Integer.toUnsignedLong(p.from));
                ps.setString(k++, p.clientKey.clientMsgId());
                ps.setInt(k++, p.group ? 1 : 0);
                ps.setLong(k++, Integer.toUnsignedLong(p.to));
                ps.setLong(k++, p.msgId);
                ps.setInt(k++, now);
            }
            for (List<Pending> rows : byTable.values()) {
                for (Pending p : rows) {
                    if (p.group) {
                        ps.setInt(k++, p.to);
                        ps.setInt(k++, p.from);
                    } else {
                        ps.setLong(k++, p.relateId);
                        ps.setInt(k++, p.from);
                        ps.setInt(k++, p.to);
                    }
                    ps.setLong(k++, p.msgId);
                    ps.setString(k++, p.content);
                    ps.setInt(k++, p.msg.getMsgType().getNumber());
                    ps.setInt(k++, now);
                    ps.setInt(k++, now);
                }
            }
            try {
                ps.execute();
            } catch (SQLException e) {
                // TTClientMsg's key is its primary key; the message tables' primary keys are
                // auto-increment, their duplicates (msg_id collisions) are on uk_* keys
                if (!withClientIds.isEmpty() && SqlErrors.isDuplicateKey(e) && String.valueOf(e.getMessage()).contains("PRIMARY")) {
                    throw new ClientIdTakenException(e);
                }
                throw e;
            }
            // read every statement's result: a failure of a later statement surfaces here
            while (ps.getMoreResults() || ps.getUpdateCount() != -1) {
                // update counts are not needed
            }
        }
    }

    /** "(?,?,...),(...);" for {@code rows} rows of {@code columns} parameters. */
    private static void values(StringBuilder sql, int rows, int columns) {
        for (int r = 0; r < rows; r++) {
            sql.append(r == 0 ? "(" : ",(");
            for (int col = 0; col < columns; col++) {
                sql.append(col == 0 ? "?" : ",?");
            }
            sql.append(')');
        }
        sql.append(';');
    }

    /** A message row: {@code leading} parameters, then content, type, status 0, updated, created. */
    private static void valuesWithStatus(StringBuilder sql, int rows, int leading) {
        for (int r = 0; r < rows; r++) {
            sql.append(r == 0 ? "(" : ",(");
            for (int col = 0; col < leading; col++) {
                sql.append("?,");
            }
            sql.append("?,?,0,?,?)");
        }
        sql.append(';');
    }

    /**
     * Both sides of a one-to-one message, and the sender of a group message, see the session: an
     * upsert of all of them. The session key is the table's primary key (migration V13), so an
     * existing row is found before anything is written. (An UPDATE first, with an INSERT for the
     * missing keys, deadlocked: under REPEATABLE READ the UPDATE gap-locks the keys it does not
     * find, and two workers then block each other's INSERTs.)
     */
    private static Set<SessionKey> sessionKeys(List<Pending> pending) {
        Set<SessionKey> sessions = new LinkedHashSet<>();
        for (Pending p : pending) {
            if (p.group) {
                sessions.add(new SessionKey(p.from, p.to, 2));
            } else {
                sessions.add(new SessionKey(p.from, p.to, 1));
                sessions.add(new SessionKey(p.to, p.from, 1));
            }
        }
        return sessions;
    }

    /** Only integers go into this text. */
    private static void sessionUpsert(StringBuilder sql, Set<SessionKey> sessions, int now) {
        String t = Integer.toUnsignedString(now);
        sql.append("INSERT INTO IMRecentSession (userId, peerId, type, status, created, updated) VALUES ");
        String comma = "";
        for (SessionKey k : sessions) {
            sql.append(comma).append('(').append(Integer.toUnsignedString(k.user())).append(',')
                    .append(Integer.toUnsignedString(k.peer())).append(',').append(k.type()).append(",0,").append(t)
                    .append(',').append(t).append(')');
            comma = ",";
        }
        sql.append(" ON DUPLICATE KEY UPDATE status=0, updated=VALUES(updated)");
    }

    private record SessionKey(int user, int peer, int type) {
    }

    /** IMGroup.lastChated, and the sender's read position (a sender has read up to its own message). */
    private static void groupBookkeeping(Connection c, List<Pending> pending, int now) throws SQLException {
        Map<Integer, Boolean> groups = new LinkedHashMap<>();
        Map<String, Pending> senderLast = new LinkedHashMap<>();
        for (Pending p : pending) {
            if (p.group) {
                groups.put(p.to, Boolean.TRUE);
                senderLast.put(p.from + ":" + p.to, p);
            }
        }
        if (groups.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE IMGroup SET lastChated=?, updated=updated WHERE id=?")) {
            for (Integer gid : groups.keySet()) {
                ps.setInt(1, now);
                ps.setInt(2, gid);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        List<ReadPositions.Position> read = new ArrayList<>(senderLast.size());
        for (Pending p : senderLast.values()) {
            read.add(new ReadPositions.Position(p.from, p.to, p.msgId));
        }
        ReadPositions.advanceAll(c, ReadPositions.GROUP, read, now);
    }

    /**
     * Redis after the commit: counters, one-to-one unread, TeamTalk's group counters. If Redis
     * does not take them, the receivers and groups go to the {@link UnreadHealer}.
     */
    private void afterCommit(List<Pending> pending, Map<String, Long> committed) {
        RBatch batch = null;
        try {
            // no retries: HINCRBY is not idempotent, and a retry that lands late (after a failover
            // promoted a replica) can follow an unread rebuild that already counted the message.
            // A failed update goes to the healer, which rebuilds from MySQL instead.
            batch = storage.redis().createBatch(BatchOptions.defaults().retryAttempts(0));
            for (Pending p : pending) {
                if (p.group) {
                    String msgId = Long.toString(p.msgId);
                    batch.<String, String>getMap(RedisKeys.groupMsgCount(p.to)).fastPutAsync(RedisKeys.COUNT_FIELD, msgId);
                    batch.<String, String>getMap(RedisKeys.userGroupCount(p.from, p.to)).fastPutAsync(RedisKeys.COUNT_FIELD, msgId);
                } else {
                    batch.<String, String>getMap(RedisKeys.unread(p.to)).addAndGetAsync(Integer.toString(p.from), 1);
                }
            }
            for (Map.Entry<String, Long> e : committed.entrySet()) {
                String conv = e.getKey();
                String key = conv.charAt(0) == 'g' ? RedisKeys.groupMsgId(Integer.parseInt(conv.substring(1)))
                        : RedisKeys.msgId(Long.parseLong(conv.substring(1)));
                batch.<String>getBucket(key).setAsync(Long.toString(e.getValue()));
            }
            batch.execute();
        } catch (RuntimeException e) {
            // the messages are committed; msg_id counters heal from MySQL, unread by the healer
            log.warn("Redis update after commit failed ({} messages); unread counts will be rebuilt: {}",
                    pending.size(), e.toString());
            discardQuietly(batch);
            Set<Integer> users = new LinkedHashSet<>();
            Set<Integer> groups = new LinkedHashSet<>();
            for (Pending p : pending) {
                (p.group ? groups : users).add(p.to);
            }
            storage.unreadHealer().markDirty(users, groups);
        }
    }

    /** Releases the buffers of commands a failed batch still holds (Netty reported them leaked). */
    private static void discardQuietly(RBatch batch) {
        if (batch == null) {
            return;
        }
        try {
            batch.discard();
        } catch (RuntimeException e) {
            log.debug("discarding the failed Redis batch: {}", e.toString());
        }
    }
}
