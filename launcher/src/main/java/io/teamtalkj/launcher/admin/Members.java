package io.teamtalkj.launcher.admin;

import io.teamtalkj.control.admin.Group;
import io.teamtalkj.control.admin.ListGroupsRequest;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Member lists on the command line ("alice,bob,1003") and in output ("alice, bob, carol"). */
final class Members {
    private Members() {
    }

    /** The ids of the users named in {@code members} (names or ids, in order, duplicates dropped). */
    static List<Integer> ids(Directory directory, List<String> members) {
        Set<Integer> ids = new LinkedHashSet<>();
        for (String m : members) {
            if (!m.isBlank()) {
                ids.add(directory.user(m).getId());
            }
        }
        return new ArrayList<>(ids);
    }

    static String names(Directory directory, List<Integer> ids) {
        return ids.stream().map(directory::name).collect(Collectors.joining(", "));
    }

    /**
     * The group id {@code group} names: a number is the id; otherwise the name of exactly one
     * live group (names are not unique).
     */
    static int groupId(AdminClient client, String group) {
        String g = group.strip();
        if (Directory.isNumber(g)) {
            return (int) Long.parseLong(g);
        }
        List<Group> named = client.call().listGroups(ListGroupsRequest.newBuilder().setLimit(Directory.PAGE).build())
                .getGroupsList().stream().filter(x -> x.getName().equals(g)).toList();
        if (named.isEmpty()) {
            throw AdminFailure.refused("no group named " + g);
        }
        if (named.size() > 1) {
            throw AdminFailure.refused(named.size() + " groups are named " + g + " (ids "
                    + named.stream().map(x -> Integer.toUnsignedString(x.getId())).collect(Collectors.joining(", "))
                    + "); give the id");
        }
        return named.get(0).getId();
    }
}
