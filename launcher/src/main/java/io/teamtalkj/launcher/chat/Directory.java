package io.teamtalkj.launcher.chat;

import com.mogujie.tt.protobuf.IMBaseDefine.DepartInfo;
import com.mogujie.tt.protobuf.IMBaseDefine.GroupInfo;
import com.mogujie.tt.protobuf.IMBaseDefine.UserInfo;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * What the chat knows about people and groups: the company directory (allUsers at login),
 * department names and the groups seen so far. Names typed by the user are resolved here.
 * Used from the input thread and the event printer, hence synchronized.
 */
final class Directory {
    private final Map<Integer, UserInfo> users = new HashMap<>();
    private final Map<Integer, GroupInfo> groups = new HashMap<>();
    private final Map<Integer, String> departments = new HashMap<>();

    /** The outcome of resolving a typed name: one match, none, or several candidates. */
    record Match<T>(T value, List<String> candidates) {
        static <T> Match<T> of(T value) {
            return new Match<>(value, List.of());
        }

        static <T> Match<T> none() {
            return new Match<>(null, List.of());
        }

        boolean found() {
            return value != null;
        }

        boolean ambiguous() {
            return value == null && candidates.size() > 1;
        }
    }

    synchronized void replaceUsers(Collection<UserInfo> all) {
        users.clear();
        putUsers(all);
    }

    synchronized void putUsers(Collection<UserInfo> some) {
        for (UserInfo u : some) {
            users.put(u.getUserId(), u);
        }
    }

    synchronized void putDepartments(Collection<DepartInfo> all) {
        for (DepartInfo d : all) {
            departments.put(d.getDeptId(), d.getDeptName());
        }
    }

    synchronized void putGroups(Collection<GroupInfo> some) {
        for (GroupInfo g : some) {
            groups.put(g.getGroupId(), g);
        }
    }

    synchronized void removeGroup(int groupId) {
        groups.remove(groupId);
    }

    synchronized UserInfo user(int id) {
        return users.get(id);
    }

    synchronized GroupInfo group(int id) {
        return groups.get(id);
    }

    synchronized String department(int id) {
        return departments.getOrDefault(id, "");
    }

    synchronized int userCount() {
        return users.size();
    }

    /** Everyone, by login name. */
    synchronized List<UserInfo> users() {
        List<UserInfo> all = new ArrayList<>(users.values());
        all.sort(Comparator.comparing((UserInfo u) -> u.getUserRealName().toLowerCase(Locale.ROOT))
                .thenComparingInt(UserInfo::getUserId));
        return all;
    }

    /** Every group seen, by name. */
    synchronized List<GroupInfo> groups() {
        List<GroupInfo> all = new ArrayList<>(groups.values());
        all.sort(Comparator.comparing((GroupInfo g) -> g.getGroupName().toLowerCase(Locale.ROOT))
                .thenComparingInt(GroupInfo::getGroupId));
        return all;
    }

    /** The login name (what /to takes), or "user N" when the id is not in the directory. */
    synchronized String userName(int id) {
        UserInfo u = users.get(id);
        return u == null || u.getUserRealName().isEmpty() ? "user " + id : u.getUserRealName();
    }

    /** "#name", or "#group N" when the group is unknown. */
    synchronized String groupName(int id) {
        GroupInfo g = groups.get(id);
        return g == null || g.getGroupName().isEmpty() ? "#group " + id : "#" + g.getGroupName();
    }

    /**
     * A user by id, login name, nick name, or an unambiguous beginning of a login name (all
     * case-insensitive; a leading @ is ignored).
     */
    synchronized Match<UserInfo> findUser(String query) {
        String q = query.strip();
        if (q.startsWith("@")) {
            q = q.substring(1);
        }
        return find(q, users, UserInfo::getUserId, UserInfo::getUserRealName, UserInfo::getUserNickName);
    }

    /** A group by id, name or an unambiguous beginning of its name (a leading # is ignored). */
    synchronized Match<GroupInfo> findGroup(String query) {
        String q = query.strip();
        if (q.startsWith("#")) {
            q = q.substring(1);
        }
        return find(q, groups, GroupInfo::getGroupId, GroupInfo::getGroupName, GroupInfo::getGroupName);
    }

    private static <T> Match<T> find(String q, Map<Integer, T> all, Function<T, Integer> id, Function<T, String> name,
                                     Function<T, String> alias) {
        if (q.isEmpty()) {
            return Match.none();
        }
        if (q.chars().allMatch(Character::isDigit) && q.length() < 10) {
            T byId = all.get(Integer.parseInt(q));
            if (byId != null) {
                return Match.of(byId);
            }
        }
        String lower = q.toLowerCase(Locale.ROOT);
        List<T> exact = new ArrayList<>();
        List<T> aliases = new ArrayList<>();
        List<T> prefix = new ArrayList<>();
        for (T t : all.values()) {
            String n = name.apply(t).toLowerCase(Locale.ROOT);
            if (n.equals(lower)) {
                exact.add(t);
            } else if (alias.apply(t).toLowerCase(Locale.ROOT).equals(lower)) {
                aliases.add(t);
            } else if (n.startsWith(lower)) {
                prefix.add(t);
            }
        }
        for (List<T> tier : List.of(exact, aliases, prefix)) {
            if (tier.size() == 1) {
                return Match.of(tier.get(0));
            }
            if (tier.size() > 1) {
                List<String> names = new ArrayList<>();
                for (T t : tier) {
                    names.add(name.apply(t) + " (id " + id.apply(t) + ")");
                }
                names.sort(null);
                return new Match<>(null, names);
            }
        }
        return Match.none();
    }
}
