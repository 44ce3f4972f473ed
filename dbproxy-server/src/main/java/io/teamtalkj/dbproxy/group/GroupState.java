package io.teamtalkj.dbproxy.group;

import io.teamtalkj.dbproxy.storage.GroupRepository.GroupRow;
import io.teamtalkj.pdu.groupext.GroupRole;
import java.util.Map;

/**
 * A group as one governance request sees it, read inside the request's transaction after the
 * IMGroup row was locked: nothing changes under it until the transaction ends.
 *
 * @param members active members and their join times
 * @param roles   admins and muted members (others are plain members)
 */
public record GroupState(GroupRow group, GroupSettings settings, Map<Integer, Integer> members,
                         Map<Integer, MemberRole> roles) {

    public int id() {
        return group.id();
    }

    public int owner() {
        return group.creator();
    }

    public boolean isMember(int userId) {
        return members.containsKey(userId);
    }

    /** The user's role; operator 0 (the operator service) ranks above the owner. */
    public GroupRole role(int userId) {
        if (!members.containsKey(userId)) {
            return GroupRole.ROLE_NONE;
        }
        if (userId == group.creator()) {
            return GroupRole.ROLE_OWNER;
        }
        return roles.getOrDefault(userId, MemberRole.NONE).admin() ? GroupRole.ROLE_ADMIN : GroupRole.ROLE_MEMBER;
    }

    /** A comparable rank: none 0, member 1, admin 2, owner 3, operator service 4. */
    public int rank(int userId) {
        return userId == 0 ? 4 : role(userId).getNumber();
    }

    public MemberRole memberRole(int userId) {
        return roles.getOrDefault(userId, MemberRole.NONE);
    }

    public int adminCount() {
        int n = 0;
        for (Map.Entry<Integer, MemberRole> e : roles.entrySet()) {
            if (e.getValue().admin() && members.containsKey(e.getKey()) && e.getKey() != group.creator()) {
                n++;
            }
        }
        return n;
    }
}
