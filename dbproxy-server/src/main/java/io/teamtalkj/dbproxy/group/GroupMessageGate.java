package io.teamtalkj.dbproxy.group;

import io.teamtalkj.dbproxy.storage.GroupRepository;
import io.teamtalkj.pdu.ext.MsgStoreResult;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Who may post in a group, decided inside the transaction that stores the messages: the group
 * rows are locked first (FOR UPDATE, in id order so two batches never wait on each other), then
 * the senders' membership, role and mute are read. Every governance change (kick, mute, mute-all,
 * dismiss) locks the same row, so a message commits either before the change or is judged after
 * it: never stored by a sender the change had already removed or muted. The reads are locking
 * reads too, so they see the latest commit whatever snapshot the transaction holds. Because the dbproxy
 * decides, a mute set through any msg-server applies to senders on every other at once.
 */
public final class GroupMessageGate {
    private GroupMessageGate() {
    }

    /** Why a sender may not post, or null if it may. */
    public record Refusal(MsgStoreResult result, String reason) {
    }

    /** One group's state for the senders of a batch. */
    public static final class View {
        private final int groupId;
        private final int owner;
        private final GroupSettings settings;
        /** Senders that are active members, with their role rows. */
        private final Map<Integer, MemberRole> members = new HashMap<>();

        View(int groupId, int owner, GroupSettings settings) {
            this.groupId = groupId;
            this.owner = owner;
            this.settings = settings;
        }

        public Refusal check(int sender, long now) {
            if (settings.dismissed()) {
                return new Refusal(MsgStoreResult.STORE_GROUP_DISMISSED,
                        "group " + Integer.toUnsignedString(groupId) + " was dismissed");
            }
            MemberRole role = members.get(sender);
            if (role == null) {
                return new Refusal(MsgStoreResult.STORE_NOT_MEMBER, "user " + Integer.toUnsignedString(sender)
                        + " is not a member of group " + Integer.toUnsignedString(groupId));
            }
            if (role.mutedAt(now)) {
                return new Refusal(MsgStoreResult.STORE_MUTED, "user " + Integer.toUnsignedString(sender)
                        + " is muted in group " + Integer.toUnsignedString(groupId)
                        + (role.muteUntil() == MemberRole.FOREVER ? " until unmuted" : " until " + role.muteUntil()));
            }
            if (settings.muteAll() && sender != owner && !role.admin()) {
                return new Refusal(MsgStoreResult.STORE_MUTED, "group " + Integer.toUnsignedString(groupId)
                        + " is muted: only the owner and admins may talk");
            }
            return null;
        }
    }

    /**
     * Locks the groups and reads what {@link View#check} needs. A group that does not exist (or
     * was deleted) is absent from the answer.
     */
    public static Map<Integer, View> lock(Connection c, Map<Integer, Set<Integer>> sendersByGroup) throws SQLException {
        Map<Integer, View> out = new HashMap<>();
        TreeMap<Long, Integer> ordered = new TreeMap<>();
        for (int gid : sendersByGroup.keySet()) {
            ordered.put(Integer.toUnsignedLong(gid), gid);
        }
        // all locks first: reads made after them see every change committed before
        Map<Integer, Integer> owners = new HashMap<>();
        for (int gid : ordered.values()) {
            GroupRepository.lock(c, gid).filter(g -> g.status() == 0).ifPresent(g -> owners.put(gid, g.creator()));
        }
        for (Map.Entry<Integer, Integer> e : owners.entrySet()) {
            int gid = e.getKey();
            View v = new View(gid, e.getValue(), GroupGovernanceStore.settings(c, gid, true));
            readSenders(c, gid, sendersByGroup.get(gid), v.members);
            out.put(gid, v);
        }
        return out;
    }

    private static void readSenders(Connection c, int groupId, Collection<Integer> senders, Map<Integer, MemberRole> into)
            throws SQLException {
        List<Integer> ids = new ArrayList<>(senders);
        try (PreparedStatement ps = c.prepareStatement("SELECT m.userId, COALESCE(r.admin, 0), COALESCE(r.muteUntil, 0) "
                + "FROM IMGroupMember m LEFT JOIN TTGroupMemberRole r ON r.groupId=m.groupId AND r.userId=m.userId "
                + "WHERE m.groupId=? AND m.status=0 AND m.userId IN (" + GroupRepository.placeholders(ids.size()) + ") LOCK IN SHARE MODE")) {
            ps.setInt(1, groupId);
            for (int i = 0; i < ids.size(); i++) {
                ps.setInt(2 + i, ids.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    into.put(rs.getInt(1), new MemberRole(rs.getInt(2) == 1, rs.getLong(3)));
                }
            }
        }
    }
}
