package io.teamtalkj.launcher.admin;

import io.teamtalkj.control.admin.ListUsersRequest;
import io.teamtalkj.control.admin.User;
import io.teamtalkj.control.admin.UserRef;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns what an operator types for a user (a login name or a numeric id) into the user. A
 * number is taken as a name first (names may be digits), then as an id. DbAdmin has no
 * "get user" call, so this lists the directory once (up to {@value #PAGE} users, enough for one
 * listing to resolve every member of a group) and falls back to a name-prefix query beyond that.
 */
final class Directory {
    static final int PAGE = 10_000;

    private final AdminClient client;
    private Map<String, User> byName;
    private Map<Integer, User> byId;
    private boolean complete;

    Directory(AdminClient client) {
        this.client = client;
    }

    static boolean isNumber(String s) {
        return !s.isEmpty() && s.length() <= 10 && s.chars().allMatch(c -> c >= '0' && c <= '9')
                && Long.parseLong(s) <= 0xFFFF_FFFFL;
    }

    /** The reference to try first for {@code nameOrId}, and (for numbers) the one to try next. */
    static UserRef nameRef(String nameOrId) {
        return UserRef.newBuilder().setName(nameOrId).build();
    }

    static Optional<UserRef> idRef(String nameOrId) {
        return isNumber(nameOrId)
                ? Optional.of(UserRef.newBuilder().setId((int) Long.parseLong(nameOrId)).build())
                : Optional.empty();
    }

    private void load() {
        if (byName != null) {
            return;
        }
        List<User> users = client.call().listUsers(ListUsersRequest.newBuilder()
                .setIncludeDisabled(true).setLimit(PAGE).build()).getUsersList();
        byName = new HashMap<>();
        byId = new HashMap<>();
        users.forEach(this::remember);
        complete = users.size() < PAGE;
    }

    private void remember(User u) {
        byName.put(u.getName(), u);
        byId.put(u.getId(), u);
    }

    /** The user {@code nameOrId} names; refused (exit 1) when there is none. */
    User user(String nameOrId) {
        String key = nameOrId.strip();
        if (key.isEmpty()) {
            throw AdminFailure.usage("empty user name");
        }
        load();
        User u = byName.get(key);
        if (u == null && !complete) {
            u = client.call().listUsers(ListUsersRequest.newBuilder().setNamePrefix(key)
                            .setIncludeDisabled(true).setLimit(PAGE).build())
                    .getUsersList().stream().filter(x -> x.getName().equals(key)).findFirst().orElse(null);
            if (u != null) {
                remember(u);
            }
        }
        if (u == null && isNumber(key)) {
            u = byId.get((int) Long.parseLong(key));
            if (u == null && !complete) {
                throw AdminFailure.refused("no user named " + key + ", and the first " + PAGE
                        + " users have no id " + key + "; give the user's name");
            }
        }
        if (u == null) {
            throw AdminFailure.refused(isNumber(key) ? "no user named or numbered " + key : "no user named " + key);
        }
        return u;
    }

    /** "alice" for a known id, the number otherwise (used in listings). */
    String name(int id) {
        load();
        User u = byId.get(id);
        return u == null ? Integer.toUnsignedString(id) : u.getName();
    }
}
