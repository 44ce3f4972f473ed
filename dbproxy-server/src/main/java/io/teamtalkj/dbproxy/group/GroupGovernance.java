package io.teamtalkj.dbproxy.group;

import com.google.protobuf.ByteString;
import com.mogujie.tt.protobuf.IMBaseDefine.MsgType;
import com.mogujie.tt.protobuf.IMBaseDefine.UserInfo;
import com.mogujie.tt.protobuf.IMMessage.IMMsgData;
import io.teamtalkj.dbproxy.storage.Conversation;
import io.teamtalkj.dbproxy.storage.GroupMembers;
import io.teamtalkj.dbproxy.storage.GroupRepository;
import io.teamtalkj.dbproxy.storage.MessageReader;
import io.teamtalkj.dbproxy.storage.MessageStore;
import io.teamtalkj.dbproxy.storage.ReadPositions;
import io.teamtalkj.dbproxy.storage.RedisKeys;
import io.teamtalkj.dbproxy.storage.Storage;
import io.teamtalkj.dbproxy.storage.Users;
import io.teamtalkj.pdu.group.GroupNotice;
import io.teamtalkj.pdu.group.GroupNoticeText;
import io.teamtalkj.pdu.groupext.GroupExtResult;
import io.teamtalkj.pdu.groupext.GroupExtRsp;
import io.teamtalkj.pdu.groupext.NoticeAction;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one governance change (issue 18): one transaction that locks the group row, applies the
 * operation's rules ({@link GroupRules}) and writes, stores the system notice in the group
 * conversation and, for membership changes, bumps the group version as TeamTalk clients expect.
 * After the commit the Redis caches (members, roles, msg-id counters, joiners' unread
 * snapshots) are rewritten, and the answer tells the msg-server whom to push the notice and the
 * 0x040b membership notify to.
 */
public final class GroupGovernance {
    private static final Logger log = LoggerFactory.getLogger(GroupGovernance.class);

    private final Storage storage;
    private final MessageStore messages;
    private final GroupMembers groupMembers;
    private final GroupRoleCache roleCache;
    private final GroupRules rules;
    private final String noticeLanguage;
    private final IntSupplier clock;

    public GroupGovernance(Storage storage, MessageStore messages, GroupMembers groupMembers, GroupRules rules,
                           String noticeLanguage, IntSupplier unixSecondsClock) {
        this.storage = storage;
        this.messages = messages;
        this.groupMembers = groupMembers;
        this.roleCache = new GroupRoleCache(storage);
        this.rules = rules;
        this.noticeLanguage = noticeLanguage;
        this.clock = unixSecondsClock;
    }

    public GroupRules rules() {
        return rules;
    }

    public GroupRoleCache roleCache() {
        return roleCache;
    }

    /** What an operation does inside the transaction; throws {@link GroupRefused} to change nothing. */
    @FunctionalInterface
    public interface Operation {
        void apply(Tx tx) throws SQLException, GroupRefused;
    }

    /** The transaction an operation runs in, and what it asks to happen after its writes. */
    public static final class Tx {
        public final Connection c;
        public final GroupState state;
        public final int operator;
        public final int now;
        final List<Integer> changed = new ArrayList<>();
        final Set<Integer> joined = new LinkedHashSet<>();
        final Set<Integer> removed = new LinkedHashSet<>();
        boolean rolesChanged;
        boolean versionBumped;
        NoticeAction noticeAction;
        List<Integer> noticeTargets = List.of();
        String noticeValue = "";
        long noticeUntil;
        String noticeReason = "";
        String refusedLater;
        final GroupExtRsp.Builder rsp = GroupExtRsp.newBuilder();

        Tx(Connection c, GroupState state, int operator, int now) {
            this.c = c;
            this.state = state;
            this.operator = operator;
            this.now = now;
        }

        public int groupId() {
            return state.id();
        }

        /** The users the operation acted on (the answer's changed_ids). */
        public void changed(Collection<Integer> users) {
            changed.addAll(users);
        }

        /** Users that became members (read position at the group's latest message, 0x040b ADD). */
        public void joined(Collection<Integer> users) {
            joined.addAll(users);
            changed.addAll(users);
        }

        /** Users that stopped being members (0x040b DEL; they still get the notice). */
        public void removed(Collection<Integer> users) {
            removed.addAll(users);
            changed.addAll(users);
            rolesChanged = true;
        }

        public void rolesChanged() {
            rolesChanged = true;
        }

        /** IMGroup.version already moved (owner, name, avatar): TeamTalk clients re-read the info. */
        public void versionBumped() {
            versionBumped = true;
        }

        /** The system notice this change stores in the group conversation. */
        public void notice(NoticeAction action, Collection<Integer> targets, String value, long until, String reason) {
            this.noticeAction = action;
            this.noticeTargets = List.copyOf(targets);
            this.noticeValue = value == null ? "" : value;
            this.noticeUntil = until;
            this.noticeReason = reason == null ? "" : reason;
        }

        /** Answer fields of read-only operations (info, list muted). */
        public GroupExtRsp.Builder response() {
            return rsp;
        }
    }

    /** Runs {@code op} on the group and answers it; refusals and unknown groups answer with their result code. */
    public GroupExtRsp run(int operator, int groupId, Operation op) throws SQLException {
        int now = clock.getAsInt();
        GroupExtRsp.Builder rsp = GroupExtRsp.newBuilder().setUserId(operator).setGroupId(groupId);
        Tx tx;
        Map<Integer, Integer> membersAfter = null;
        Map<Integer, MemberRole> rolesAfter = null;
        IMMsgData notice = null;
        long joinReadPosition = 0;
        try (Connection c = storage.transactionConnection()) {
            boolean noticeWritten = false;
            try {
                GroupState state = GroupGovernanceStore.lock(c, groupId).orElseThrow(() -> new GroupRefused(
                        GroupExtResult.GROUP_NO_SUCH_GROUP, "group " + Integer.toUnsignedString(groupId) + " does not exist"));
                tx = new Tx(c, state, operator, now);
                op.apply(tx);
                boolean membership = !tx.joined.isEmpty() || !tx.removed.isEmpty();
                if (!tx.joined.isEmpty()) {
                    // someone who joins starts reading at the group's latest message: no flood of old unread
                    joinReadPosition = MessageReader.maxId(c, Conversation.group(groupId, 0));
                    ReadPositions.advanceGroup(c, groupId, tx.joined, joinReadPosition, now);
                }
                if (membership) {
                    membersAfter = GroupMembers.load(c, groupId);
                    if (!tx.versionBumped) {
                        GroupRepository.bumpVersion(c, groupId, membersAfter.size(), now);
                    }
                }
                if (tx.rolesChanged) {
                    rolesAfter = GroupGovernanceStore.roles(c, groupId);
                }
                if (tx.noticeAction != null) {
                    notice = writeNotice(tx, membersAfter != null ? membersAfter.keySet() : state.members().keySet());
                    noticeWritten = true;
                }
                c.commit();
            } catch (GroupRefused e) {
                c.rollback();
                log.info("group {} request by user {} refused: {}", Integer.toUnsignedString(groupId),
                        Integer.toUnsignedString(operator), e.getMessage());
                return rsp.setResult(e.result()).setReason(e.getMessage()).build();
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException again) {
                    e.addSuppressed(again);
                }
                if (noticeWritten) {
                    messages.forgetGroup(groupId);
                }
                throw e;
            }
        }
        afterCommit(groupId, tx, membersAfter, rolesAfter, notice, joinReadPosition);
        rsp.mergeFrom(tx.rsp.buildPartial()).setUserId(operator).setGroupId(groupId).setResult(GroupExtResult.GROUP_OK)
                .addAllChangedIds(tx.changed);
        if (notice != null) {
            Set<Integer> to = new LinkedHashSet<>(notice.getTtGroupMemberIdsList());
            rsp.setNotice(notice.toBuilder().clearTtGroupMemberIds()).addAllNoticeTo(to);
        }
        if (membersAfter != null) {
            rsp.addAllCurMemberIds(new TreeSet<>(membersAfter.keySet()));
            // TeamTalk's GroupModifyType: 1 add, 2 del
            rsp.setMemberChangeType(!tx.joined.isEmpty() ? 1 : 2);
        }
        return rsp.build();
    }

    private IMMsgData writeNotice(Tx tx, Collection<Integer> membersAfter) throws SQLException {
        List<Integer> listed = tx.noticeTargets.size() > GroupNotice.MAX_LISTED
                ? tx.noticeTargets.subList(0, GroupNotice.MAX_LISTED) : tx.noticeTargets;
        Set<Integer> named = new HashSet<>(listed);
        if (tx.operator != 0) {
            named.add(tx.operator);
        }
        Map<Integer, UserInfo> users = Users.byIds(tx.c, named);
        List<GroupNotice.Target> targets = new ArrayList<>();
        for (int t : listed) {
            targets.add(new GroupNotice.Target(t, name(users.get(t))));
        }
        GroupNotice n = new GroupNotice(tx.noticeAction, tx.operator, name(users.get(tx.operator)), targets,
                tx.noticeTargets.size(), tx.noticeValue,
                tx.noticeUntil, tx.noticeReason, noticeLanguage, "");
        n = n.withText(GroupNoticeText.render(n, 0));
        ByteString msgData = n.toMsgData();
        // stored like every text message: the encoded text is the content column
        long msgId = messages.insertNotice(tx.c, tx.groupId(), tx.operator, msgData.toString(StandardCharsets.US_ASCII), tx.now);
        Set<Integer> to = new LinkedHashSet<>(membersAfter);
        to.addAll(tx.removed); // those removed read "you were removed by ..." too
        return IMMsgData.newBuilder().setFromUserId(tx.operator).setToSessionId(tx.groupId()).setMsgId((int) msgId)
                .setCreateTime(tx.now).setMsgType(MsgType.MSG_TYPE_GROUP_TEXT)
                .setMsgData(msgData).addAllTtGroupMemberIds(to).build();
    }

    private static String name(UserInfo u) {
        if (u == null) {
            return "";
        }
        return !u.getUserNickName().isEmpty() ? u.getUserNickName() : u.getUserRealName();
    }

    private void afterCommit(int groupId, Tx tx, Map<Integer, Integer> membersAfter, Map<Integer, MemberRole> rolesAfter,
                             IMMsgData notice, long joinReadPosition) {
        if (membersAfter != null) {
            try {
                groupMembers.replace(groupId, membersAfter);
            } catch (RuntimeException e) {
                log.error("group {} changed, but rewriting its member hash failed: {}", groupId, e.toString());
                try {
                    groupMembers.invalidate(groupId);
                } catch (RuntimeException again) {
                    log.error("group {}: dropping the stale member hash failed too: {}", groupId, again.toString());
                }
            }
        }
        if (rolesAfter != null) {
            roleCache.replace(groupId, rolesAfter);
        }
        if (!tx.joined.isEmpty()) {
            try {
                for (int user : tx.joined) {
                    storage.redis().<String, String>getMap(RedisKeys.userGroupCount(user, groupId))
                            .fastPut(RedisKeys.COUNT_FIELD, Long.toString(joinReadPosition));
                }
            } catch (RuntimeException e) {
                log.warn("group {}: unread snapshots of joined members not set: {}", groupId, e.toString());
            }
        }
        if (notice != null) {
            messages.noticeCommitted(groupId, notice.getMsgId());
        }
    }

    /**
     * For TeamTalk's own membership paths (CID_GROUP_CHANGE_MEMBER_REQUEST 0x0407, the admin
     * service's add/remove), inside their transaction after the group row was locked: why the
     * change must be rolled back (the group was dismissed, or it would pass the member limit), or
     * null. Removed users lose their roles and mutes here, like a kick.
     */
    public String membershipChangeRefusal(Connection c, int groupId, boolean adding, int membersAfter,
                                          Collection<Integer> removed) throws SQLException {
        if (GroupGovernanceStore.settings(c, groupId).dismissed()) {
            return "group " + Integer.toUnsignedString(groupId) + " was dismissed";
        }
        if (adding && membersAfter > rules.maxMembers()) {
            return "group " + Integer.toUnsignedString(groupId) + " may have at most " + rules.maxMembers()
                    + " members (would have " + membersAfter + ")";
        }
        if (!removed.isEmpty()) {
            GroupGovernanceStore.clearRoles(c, groupId, removed);
        }
        return null;
    }
}
