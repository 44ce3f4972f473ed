package io.teamtalkj.dbproxy.handler.group;

import io.teamtalkj.dbproxy.core.DbContext;
import io.teamtalkj.dbproxy.group.GroupGovernanceStore;
import io.teamtalkj.dbproxy.group.GroupSettings;
import io.teamtalkj.dbproxy.group.GroupState;
import io.teamtalkj.dbproxy.group.MemberRole;
import io.teamtalkj.dbproxy.storage.GroupRepository;
import io.teamtalkj.dbproxy.storage.GroupRepository.GroupRow;
import io.teamtalkj.pdu.groupext.MutedMember;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A group read for info and list-muted, without locking: members and roles come from their Redis
 * caches (rebuilt from MySQL when Redis lost them), the row and settings from MySQL.
 */
final class GroupReadView {
    private GroupReadView() {
    }

    static Optional<GroupState> read(DbContext ctx, int groupId) throws SQLException {
        GroupRow row;
        GroupSettings settings;
        try (Connection c = ctx.storage().connection()) {
            Optional<GroupRow> found = GroupRepository.find(c, groupId).filter(g -> g.status() == 0);
            if (found.isEmpty()) {
                return Optional.empty();
            }
            row = found.get();
            settings = GroupGovernanceStore.settings(c, groupId);
        }
        Map<Integer, Integer> members = ctx.groupMembers().members(groupId);
        Map<Integer, MemberRole> roles = ctx.governance().roleCache().roles(groupId);
        return Optional.of(new GroupState(row, settings, members, roles));
    }

    /** Members muted at {@code now}, ordered by user id; until 0 = forever. */
    static List<MutedMember> muted(GroupState s, long now) {
        List<MutedMember> out = new ArrayList<>();
        s.roles().entrySet().stream().sorted(Map.Entry.comparingByKey(Integer::compareUnsigned)).forEach(e -> {
            MemberRole r = e.getValue();
            if (s.isMember(e.getKey()) && r.mutedAt(now)) {
                out.add(MutedMember.newBuilder().setUserId(e.getKey())
                        .setUntilTime(r.muteUntil() == MemberRole.FOREVER ? 0 : (int) r.muteUntil()).build());
            }
        });
        return out;
    }
}
