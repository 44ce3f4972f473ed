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
    /** Nicks only label push alerts: one a minute old is fine, and saves a dbproxy call per message. */
    static final long NICK_TTL_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
    static final int NICK_CACHE_MAX = 10_000;

    private record Nick(String nick, long until) {
    }

    private final StoreClient store;
    private final String systemUser;
    private final long activeTtlNanos;
    /** user id → System.nanoTime() until which the user counts as active without asking the dbproxy. */
    private final java.util.concurrent.ConcurrentHashMap<Integer, Long> activeUntil = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile Integer systemUserId;
    private final java.util.concurrent.ConcurrentHashMap<Integer, Nick> nicks = new java.util.concurrent.ConcurrentHashMap<>();

    public Directory(StoreClient store, String systemUser) {
        this(store, systemUser, java.time.Duration.ZERO);
    }

    /**
     * @param activeCache how long a user found active is taken as active without asking again (the
     *     api-server's --user-check-cache); zero asks every time
     */
    public Directory(StoreClient store, String systemUser, java.time.Duration activeCache) {
        this.store = store;
        this.systemUser = systemUser;
        this.activeTtlNanos = activeCache.toNanos();
    }

    /**
     * 400 naming the ids that are not active users, so nothing is done with a partly wrong list.
     * Users found active within the cache period are not asked about again: that saves a dbproxy
     * round trip per API message (the profile's second largest wait), at the price of a user
     * disabled elsewhere passing this check for up to that period (as a logged-in client keeps
     * its session).
     */
    public void requireActive(String field, List<Integer> ids) {
        long now = System.nanoTime();
        List<Integer> ask = new ArrayList<>(ids.size());
        for (int id : ids) {
            Long until = activeUntil.get(id);
            if (until == null || now - until >= 0) {
                ask.add(id);
            }
        }
        if (ask.isEmpty()) {
            return;
        }
        UserIds found = StoreClient.call(() -> store.store().activeUsers(UserIds.newBuilder().addAllIds(ask).build()));
        Set<Integer> ok = Set.copyOf(found.getIdsList());
        List<Integer> missing = new ArrayList<>();
        for (int id : ask) {
            if (!ok.contains(id)) {
                missing.add(id);
            }
        }
        if (activeTtlNanos > 0) {
            if (activeUntil.size() >= NICK_CACHE_MAX) {
                activeUntil.clear();
            }
            for (int id : ok) {
                activeUntil.put(id, now + activeTtlNanos);
            }
        }
        if (!missing.isEmpty()) {
            throw ApiError.badRequest(field + ": no active user with id " + Params.unsigned(new TreeSet<>(missing)));
        }
    }

    /** A user this server disabled is checked again at once. */
    public void forget(int userId) {
        activeUntil.remove(userId);
    }

    /**
     * The user's nick (their name when no nick is set), or "" when the lookup fails: only for push
     * alerts, so it is cached for a minute.
     */
    public String nickOf(int id) {
        long now = System.nanoTime();
        Nick cached = nicks.get(id);
        if (cached != null && now - cached.until() < 0) {
            return cached.nick();
        }
        String nick;
        try {
            User u = StoreClient.call(() -> store.store().getUser(UserRef.newBuilder().setId(id).build()));
            nick = u.getNick().isEmpty() ? u.getName() : u.getNick();
        } catch (ApiError e) {
            return "";
        }
        if (nicks.size() >= NICK_CACHE_MAX) {
            nicks.clear(); // crude bound; refilled by the senders in use
        }
        nicks.put(id, new Nick(nick, now + NICK_TTL_NANOS));
        return nick;
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
