package io.teamtalkj.dbproxy.admin;

import static io.teamtalkj.dbproxy.admin.AdminErrors.alreadyExists;
import static io.teamtalkj.dbproxy.admin.AdminErrors.invalid;
import static io.teamtalkj.dbproxy.admin.AdminErrors.notFound;

import io.teamtalkj.control.api.AddAppRequest;
import io.teamtalkj.control.api.AddAppResponse;
import io.teamtalkj.control.api.App;
import io.teamtalkj.control.api.UpdateAppRequest;
import io.teamtalkj.dbproxy.core.DbContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * TTApiApp rows: the applications allowed to call the api-server. The secret is random and shown
 * once; requests are signed with hex(SHA-256(secret)), which MySQL holds only sealed with the API
 * master key ({@link ApiSecretBox}), so neither the secret nor the signing key is in a dump.
 * Rows written before V11 (secretHash in clear) are sealed, and their secretHash blanked, the first
 * time the apps are listed with a master key.
 */
final class ApiApps {
    /** Every scope an application may hold. */
    static final Set<String> SCOPES = Set.of("users", "messages", "push", "groups", "stats");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String COLUMNS =
            "id, name, appKey, secretHash, scopes, callsPerDay, pushesPerDay, expiresAt, created, signingKeyEnc";
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ApiApps.class);

    private final DbContext ctx;
    /** Null when the dbproxy has no API master key. */
    private final ApiSecretBox box;

    ApiApps(DbContext ctx, ApiSecretBox box) {
        this.ctx = ctx;
        this.box = box;
    }

    private ApiSecretBox box() {
        if (box == null) {
            throw io.grpc.Status.FAILED_PRECONDITION.withDescription("this dbproxy has no API master key "
                    + "(--api-master-key-file or TEAMTALK_API_MASTER_KEY): application signing keys are stored "
                    + "encrypted with it").asRuntimeException();
        }
        return box;
    }

    AddAppResponse add(AddAppRequest r) throws SQLException {
        String name = AdminErrors.name("app name", r.getName(), 64);
        String scopes = scopes(r.getScopesList().isEmpty() ? List.copyOf(SCOPES) : r.getScopesList());
        String key = hex(16);
        String secret = hex(24);
        String sealed = box().seal(key, signingKey(secret));
        int now = ctx.now();
        try (Connection c = ctx.storage().connection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO TTApiApp (name, appKey, secretHash, signingKeyEnc, "
                     + "scopes, callsPerDay, pushesPerDay, expiresAt, created, updated) VALUES (?,?,'',?,?,?,?,?,?,?)")) {
            ps.setString(1, name);
            ps.setString(2, key);
            ps.setString(3, sealed);
            ps.setString(4, scopes);
            ps.setLong(5, Integer.toUnsignedLong(r.getCallsPerDay()));
            ps.setLong(6, Integer.toUnsignedLong(r.getPushesPerDay()));
            ps.setLong(7, Integer.toUnsignedLong(r.getExpiresAt()));
            ps.setInt(8, now);
            ps.setInt(9, now);
            try {
                ps.executeUpdate();
            } catch (SQLException e) {
                if (AdminErrors.isDuplicateKey(e)) {
                    throw alreadyExists("app name " + name + " is taken");
                }
                throw e;
            }
            return AddAppResponse.newBuilder().setApp(byName(c, name).toBuilder().clearSigningKey()).setSecret(secret)
                    .build();
        }
    }

    App update(UpdateAppRequest r) throws SQLException {
        try (Connection c = ctx.storage().connection()) {
            App app = byName(c, r.getName());
            try (PreparedStatement ps = c.prepareStatement("UPDATE TTApiApp SET scopes = ?, callsPerDay = ?, "
                    + "pushesPerDay = ?, expiresAt = ?, updated = ? WHERE id = ?")) {
                ps.setString(1, r.getSetScopes() ? scopes(r.getScopesList()) : String.join(",", app.getScopesList()));
                ps.setLong(2, Integer.toUnsignedLong(r.hasCallsPerDay() ? r.getCallsPerDay() : app.getCallsPerDay()));
                ps.setLong(3, Integer.toUnsignedLong(r.hasPushesPerDay() ? r.getPushesPerDay() : app.getPushesPerDay()));
                ps.setLong(4, Integer.toUnsignedLong(r.hasExpiresAt() ? r.getExpiresAt() : app.getExpiresAt()));
                ps.setInt(5, ctx.now());
                ps.setInt(6, app.getId());
                ps.executeUpdate();
            }
            return byName(c, r.getName()).toBuilder().clearSigningKey().build();
        }
    }

    /** A new secret for the app; the old one signs nothing once api-servers reload. */
    AddAppResponse rotate(String name) throws SQLException {
        ApiSecretBox b = box();
        String secret = hex(24);
        try (Connection c = ctx.storage().connection()) {
            App app = byName(c, name);
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE TTApiApp SET secretHash = '', signingKeyEnc = ?, updated = ? WHERE id = ?")) {
                ps.setString(1, b.seal(app.getAppKey(), signingKey(secret)));
                ps.setInt(2, ctx.now());
                ps.setInt(3, app.getId());
                ps.executeUpdate();
            }
            return AddAppResponse.newBuilder().setApp(app).setSecret(secret).build();
        }
    }

    /**
     * Every app with its signing key opened, and the totals of {@code day} from {@code totals}
     * (app id → [calls, pushes]). An app whose key does not open with this master key is left out
     * (and logged): it cannot be checked, so its requests are refused as from an unknown key.
     */
    List<App> list(Map<Integer, long[]> totals) throws SQLException {
        ApiSecretBox b = box();
        List<App> apps = new ArrayList<>();
        try (Connection c = ctx.storage().connection()) {
            sealLegacyRows(c, b);
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM TTApiApp ORDER BY id");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    App a = app(rs);
                    String signing;
                    try {
                        signing = b.open(a.getAppKey(), rs.getString(10));
                    } catch (IllegalArgumentException e) {
                        log.error("api app {} (id {}): its signing key does not open with this dbproxy's API master key "
                                + "({}); its requests are refused until it is rotated or the right key is given",
                                a.getName(), a.getId(), e.getMessage());
                        continue;
                    }
                    long[] t = totals.getOrDefault(a.getId(), new long[2]);
                    apps.add(a.toBuilder().setSigningKey(signing).setCallsToday(t[0]).setPushesToday(t[1]).build());
                }
            }
        }
        return apps;
    }

    /** V9 rows (signing key in clear in secretHash): sealed now, the clear copy blanked in the same update. */
    private static void sealLegacyRows(Connection c, ApiSecretBox b) throws SQLException {
        Map<Integer, String[]> legacy = new java.util.LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, appKey, secretHash FROM TTApiApp WHERE signingKeyEnc = '' AND secretHash <> ''");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                legacy.put(rs.getInt(1), new String[] {rs.getString(2), rs.getString(3)});
            }
        }
        for (Map.Entry<Integer, String[]> e : legacy.entrySet()) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE TTApiApp SET signingKeyEnc = ?, secretHash = '' "
                    + "WHERE id = ? AND signingKeyEnc = ''")) {
                ps.setString(1, b.seal(e.getValue()[0], e.getValue()[1]));
                ps.setInt(2, e.getKey());
                if (ps.executeUpdate() == 1) {
                    log.info("api app id {}: signing key sealed with the API master key (clear copy removed)", e.getKey());
                }
            }
        }
    }

    static App byName(Connection c, String name) throws SQLException {
        return one(c, "name = ?", name, "no app named " + name);
    }

    static App byId(Connection c, int id) throws SQLException {
        return one(c, "id = ?", id, "no app with id " + Integer.toUnsignedString(id));
    }

    private static App one(Connection c, String where, Object arg, String missing) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM TTApiApp WHERE " + where)) {
            ps.setObject(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw notFound(missing);
                }
                return app(rs);
            }
        }
    }

    private static App app(ResultSet rs) throws SQLException {
        App.Builder b = App.newBuilder()
                .setId(rs.getInt(1))
                .setName(rs.getString(2))
                .setAppKey(rs.getString(3))
                .setCallsPerDay((int) rs.getLong(6))
                .setPushesPerDay((int) rs.getLong(7))
                .setExpiresAt((int) rs.getLong(8))
                .setCreated(rs.getInt(9));
        for (String s : rs.getString(5).split(",")) {
            if (!s.isBlank()) {
                b.addScopes(s);
            }
        }
        return b.build();
    }

    private static String scopes(List<String> requested) {
        Set<String> out = new LinkedHashSet<>();
        for (String s : requested) {
            if (!SCOPES.contains(s)) {
                throw invalid("unknown scope " + s + " (known: users, messages, push, groups, stats)");
            }
            out.add(s);
        }
        return String.join(",", out);
    }

    /** hex(SHA-256(secret)): what clients sign with (stored only sealed). */
    static String signingKey(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
