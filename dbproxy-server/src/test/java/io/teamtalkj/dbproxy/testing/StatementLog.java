package io.teamtalkj.dbproxy.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Every query text the driver sends, one entry per round trip (a multi-statement query is one),
 * including the {@code commit} that {@code Connection.commit()} sends. Add {@link #urlOption()}
 * to the JDBC URL.
 */
public final class StatementLog extends QueryWatcher {
    private static final List<String> SENT = new CopyOnWriteArrayList<>();

    public static String urlOption() {
        return urlOption(StatementLog.class);
    }

    public static void clear() {
        SENT.clear();
    }

    /** The texts sent since the last {@link #clear}, trimmed and lower case. */
    public static List<String> sent() {
        return List.copyOf(SENT);
    }

    @Override
    void sent(String sql) {
        SENT.add(sql);
    }
}
