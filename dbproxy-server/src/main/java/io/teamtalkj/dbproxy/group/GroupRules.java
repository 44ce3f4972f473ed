package io.teamtalkj.dbproxy.group;

import io.teamtalkj.pdu.groupext.GroupExtResult;
import io.teamtalkj.pdu.groupext.GroupRole;
import io.teamtalkj.pdu.groupext.InviteMode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Every permission rule and limit of group governance, in one place (issue 18). Each check throws
 * {@link GroupRefused} with the result code and a reason that names the rule; operator 0 (the
 * operator service) passes every role check but not the limits.
 *
 * <table>
 *   <tr><th>operation</th><th>who</th></tr>
 *   <tr><td>quit</td><td>any member; the owner only as the last member (which dismisses)</td></tr>
 *   <tr><td>dismiss, set/unset admin, transfer owner</td><td>owner</td></tr>
 *   <tr><td>kick, mute, unmute</td><td>owner or admin, on members ranked below them</td></tr>
 *   <tr><td>mute all, rename, avatar, announcement, join/invite mode, join decisions</td><td>owner or admin</td></tr>
 *   <tr><td>invite</td><td>any member, or owner/admins when the invite mode says so</td></tr>
 *   <tr><td>join request</td><td>non-members</td></tr>
 *   <tr><td>info, list muted</td><td>members (join requests only shown to owner/admins)</td></tr>
 * </table>
 * A dismissed group refuses every change.
 */
public final class GroupRules {
    public static final int DEFAULT_MAX_MEMBERS = 2000;
    public static final int DEFAULT_MAX_ADMINS = 10;

    private final int maxMembers;
    private final int maxAdmins;

    public GroupRules(int maxMembers, int maxAdmins) {
        this.maxMembers = maxMembers;
        this.maxAdmins = maxAdmins;
    }

    public int maxMembers() {
        return maxMembers;
    }

    public int maxAdmins() {
        return maxAdmins;
    }

    public void change(GroupState s) throws GroupRefused {
        if (s.settings().dismissed()) {
            throw new GroupRefused(GroupExtResult.GROUP_DISMISSED, "group " + id(s) + " was dismissed");
        }
    }

    public void member(GroupState s, int operator) throws GroupRefused {
        if (operator != 0 && !s.isMember(operator)) {
            throw new GroupRefused(GroupExtResult.GROUP_NOT_MEMBER, "user " + u(operator) + " is not a member of group " + id(s));
        }
    }

    /** Owner (or the operator service). */
    public void owner(GroupState s, int operator, String what) throws GroupRefused {
        member(s, operator);
        if (s.rank(operator) < GroupRole.ROLE_OWNER_VALUE) {
            throw new GroupRefused(GroupExtResult.GROUP_NO_PERMISSION, "only the owner of group " + id(s) + " may " + what);
        }
    }

    /** Owner or admin (or the operator service). */
    public void manager(GroupState s, int operator, String what) throws GroupRefused {
        member(s, operator);
        if (s.rank(operator) < GroupRole.ROLE_ADMIN_VALUE) {
            throw new GroupRefused(GroupExtResult.GROUP_NO_PERMISSION,
                    "only the owner or an admin of group " + id(s) + " may " + what);
        }
    }

    public void quit(GroupState s, int operator) throws GroupRefused {
        if (operator == 0) {
            throw new GroupRefused(GroupExtResult.GROUP_INVALID, "the operator service is not a member and cannot quit");
        }
        change(s);
        member(s, operator);
        if (operator == s.owner() && s.members().size() > 1) {
            throw new GroupRefused(GroupExtResult.GROUP_OWNER_MUST_TRANSFER, "the owner of group " + id(s)
                    + " must transfer the group before quitting (or dismiss it)");
        }
    }

    /**
     * Targets for kick, mute and unmute: members other than the operator, each ranked below the
     * operator (an admin acts on plain members only). Returns them de-duplicated, in request order.
     */
    public List<Integer> below(GroupState s, int operator, Collection<Integer> targets, String what) throws GroupRefused {
        manager(s, operator, what);
        List<Integer> out = targets(targets);
        for (int t : out) {
            if (!s.isMember(t)) {
                throw new GroupRefused(GroupExtResult.GROUP_NOT_MEMBER, "user " + u(t) + " is not a member of group " + id(s));
            }
            if (t == operator) {
                throw new GroupRefused(GroupExtResult.GROUP_INVALID, "cannot " + what + " yourself");
            }
            if (s.rank(t) >= s.rank(operator)) {
                throw new GroupRefused(GroupExtResult.GROUP_NO_PERMISSION, "user " + u(operator) + " ("
                        + roleName(s.role(operator), operator) + ") may not " + what + " user " + u(t) + " ("
                        + roleName(s.role(t), t) + ")");
            }
        }
        return out;
    }

    /** Set/unset admin: owner only; targets are members other than the owner; the admin limit. */
    public List<Integer> admins(GroupState s, int operator, Collection<Integer> targets, boolean admin) throws GroupRefused {
        change(s);
        owner(s, operator, admin ? "appoint admins" : "remove admins");
        List<Integer> out = targets(targets);
        int adding = 0;
        for (int t : out) {
            if (!s.isMember(t)) {
                throw new GroupRefused(GroupExtResult.GROUP_NOT_MEMBER, "user " + u(t) + " is not a member of group " + id(s));
            }
            if (t == s.owner()) {
                throw new GroupRefused(GroupExtResult.GROUP_INVALID, "user " + u(t) + " is the owner");
            }
            if (admin && !s.memberRole(t).admin()) {
                adding++;
            }
        }
        if (admin && s.adminCount() + adding > maxAdmins) {
            throw new GroupRefused(GroupExtResult.GROUP_LIMIT, "group " + id(s) + " may have at most " + maxAdmins
                    + " admins (has " + s.adminCount() + ", asked for " + adding + " more)");
        }
        return out;
    }

    public int transfer(GroupState s, int operator, Collection<Integer> targets) throws GroupRefused {
        change(s);
        owner(s, operator, "transfer the group");
        List<Integer> t = targets(targets);
        if (t.size() != 1) {
            throw new GroupRefused(GroupExtResult.GROUP_INVALID, "name exactly one new owner (got " + t.size() + ")");
        }
        int to = t.get(0);
        if (!s.isMember(to)) {
            throw new GroupRefused(GroupExtResult.GROUP_NOT_MEMBER, "user " + u(to) + " is not a member of group " + id(s));
        }
        if (to == s.owner()) {
            throw new GroupRefused(GroupExtResult.GROUP_ALREADY, "user " + u(to) + " already owns group " + id(s));
        }
        return to;
    }

    public List<Integer> invite(GroupState s, int operator, Collection<Integer> targets) throws GroupRefused {
        change(s);
        member(s, operator);
        if (s.settings().inviteMode() == InviteMode.INVITE_ADMINS && s.rank(operator) < GroupRole.ROLE_ADMIN_VALUE) {
            throw new GroupRefused(GroupExtResult.GROUP_NO_PERMISSION,
                    "only the owner or an admin of group " + id(s) + " may invite (invite mode: admins)");
        }
        List<Integer> fresh = new ArrayList<>();
        for (int t : targets(targets)) {
            if (!s.isMember(t)) {
                fresh.add(t);
            }
        }
        if (fresh.isEmpty()) {
            throw new GroupRefused(GroupExtResult.GROUP_ALREADY, "every invited user is already a member of group " + id(s));
        }
        memberLimit(s, fresh.size());
        return fresh;
    }

    public void memberLimit(GroupState s, int adding) throws GroupRefused {
        if (s.members().size() + adding > maxMembers) {
            throw new GroupRefused(GroupExtResult.GROUP_LIMIT, "group " + id(s) + " may have at most " + maxMembers
                    + " members (has " + s.members().size() + ", " + adding + " more asked)");
        }
    }

    public void join(GroupState s, int operator) throws GroupRefused {
        if (operator == 0) {
            throw new GroupRefused(GroupExtResult.GROUP_INVALID, "the operator service cannot join a group");
        }
        change(s);
        if (s.isMember(operator)) {
            throw new GroupRefused(GroupExtResult.GROUP_ALREADY, "user " + u(operator) + " is already a member of group " + id(s));
        }
    }

    private static List<Integer> targets(Collection<Integer> targets) throws GroupRefused {
        List<Integer> out = new ArrayList<>(new LinkedHashSet<>(targets));
        out.remove(Integer.valueOf(0));
        if (out.isEmpty()) {
            throw new GroupRefused(GroupExtResult.GROUP_INVALID, "no target user ids");
        }
        if (out.size() > io.teamtalkj.dbproxy.storage.GroupRepository.MAX_IDS_PER_REQUEST) {
            throw new GroupRefused(GroupExtResult.GROUP_INVALID,
                    "more than " + io.teamtalkj.dbproxy.storage.GroupRepository.MAX_IDS_PER_REQUEST + " user ids");
        }
        return out;
    }

    private static String roleName(GroupRole role, int user) {
        if (user == 0) {
            return "operator service";
        }
        return switch (role) {
            case ROLE_OWNER -> "owner";
            case ROLE_ADMIN -> "admin";
            case ROLE_MEMBER -> "member";
            default -> "not a member";
        };
    }

    private static String id(GroupState s) {
        return Integer.toUnsignedString(s.id());
    }

    private static String u(int user) {
        return Integer.toUnsignedString(user);
    }
}
