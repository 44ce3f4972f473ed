package io.teamtalkj.api.routes;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.teamtalkj.api.ApiError;
import io.teamtalkj.api.Json;
import io.teamtalkj.api.StoreClient;
import io.teamtalkj.control.admin.User;
import io.teamtalkj.control.admin.UserRef;
import io.teamtalkj.control.api.SyncUserRequest;
import io.teamtalkj.control.api.UserIds;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Users as routes need them: existence checks before anything changes, the system user, JSON. */
public final class Directory {
    private final StoreClient store;
    private final String systemUser;
    private volatile Integer systemUserId;

    public Directory(StoreClient store, String systemUser) {
        this.store = store;
        this.systemUser = systemUser;
    }

    /** 400 naming the ids that are not active users, so nothing is done with a partly wrong list. */
    public void requireActive(String field, List<Integer> ids) {
        UserIds found = StoreClient.call(() -> store.store().activeUsers(UserIds.newBuilder().addAllIds(ids).build()));
        Set<Integer> ok = Set.copyOf(found.getIdsList());
        List<Integer> missing = new ArrayList<>();
        for (int id : ids) {
            if (!ok.contains(id)) {
                missing.add(id);
            }
        }
        if (!missing.isEmpty()) {
            throw ApiError.badRequest(field + ": no active user with id " + Params.unsigned(new TreeSet<>(missing)));
        }
    }

    /** The user's nick (their name when no nick is set), or "" when the lookup fails: only for push alerts. */
    public String nickOf(int id) {
        try {
            User u = StoreClient.call(() -> store.store().getUser(UserRef.newBuilder().setId(id).build()));
            return u.getNick().isEmpty() ? u.getName() : u.getNick();
        } catch (ApiError e) {
            return "";
        }
    }

    public User byName(String name) {
        return StoreClient.call(() -> store.store().getUser(UserRef.newBuilder().setName(name).build()));
    }

    /**
     * The id of the user messages "from the system" come from, created (with a random password
     * nobody knows) the first time it is needed.
     */
    public int systemUserId() {
        Integer id = systemUserId;
        if (id != null) {
            return id;
        }
        synchronized (this) {
            if (systemUserId == null) {
                User u;
                try {
                    u = byName(systemUser);
                } catch (ApiError e) {
                    if (e.status() != 404) {
                        throw e;
                    }
                    byte[] pw = new byte[18];
                    new SecureRandom().nextBytes(pw);
                    u = StoreClient.call(() -> store.store().syncUser(SyncUserRequest.newBuilder().setName(systemUser)
                            .setPassword(HexFormat.of().formatHex(pw)).setNick("System").build())).getUser();
                }
                systemUserId = u.getId();
            }
            return systemUserId;
        }
    }

    public static ObjectNode json(User u) {
        ObjectNode o = Json.object();
        o.put("id", Integer.toUnsignedLong(u.getId()));
        o.put("name", u.getName());
        o.put("nick", u.getNick());
        o.put("sex", u.getSex());
        o.put("department_id", Integer.toUnsignedLong(u.getDepartmentId()));
        o.put("email", u.getEmail());
        o.put("phone", u.getPhone());
        o.put("avatar", u.getAvatar());
        o.put("status", u.getStatus() == 3 ? "disabled" : "active");
        o.put("updated", Integer.toUnsignedLong(u.getUpdated()));
        return o;
    }
}
