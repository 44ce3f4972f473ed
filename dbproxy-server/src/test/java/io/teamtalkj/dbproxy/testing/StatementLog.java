package io.teamtalkj.dbproxy.testing;

import com.mysql.cj.MysqlConnection;
import com.mysql.cj.Query;
import com.mysql.cj.interceptors.QueryInterceptor;
import com.mysql.cj.log.Log;
import com.mysql.cj.protocol.Resultset;
import com.mysql.cj.protocol.ServerSession;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * Every query text the driver sends, one entry per round trip (a multi-statement query is one),
 * including the {@code commit} that {@code Connection.commit()} sends. Installed through the JDBC
 * URL: {@code queryInterceptors=io.teamtalkj.dbproxy.testing.StatementLog}.
 */
public final class StatementLog implements QueryInterceptor {
    private static final List<String> SENT = new CopyOnWriteArrayList<>();

    public static String urlParameter() {
        return "queryInterceptors=" + StatementLog.class.getName();
    }

    public static void clear() {
        SENT.clear();
    }

    /** The texts sent since the last {@link #clear}, lower case. */
    public static List<String> sent() {
        return List.copyOf(SENT);
    }

    @Override
    public QueryInterceptor init(MysqlConnection conn, Properties props, Log log) {
        return this;
    }

    @Override
    public <T extends Resultset> T preProcess(Supplier<String> sql, Query interceptedQuery) {
        String text = sql == null ? null : sql.get();
        if (text != null) {
            SENT.add(text.trim().toLowerCase(Locale.ROOT));
        }
        return null;
    }

    @Override
    public boolean executeTopLevelOnly() {
        return true;
    }

    @Override
    public void destroy() {
    }

    @Override
    public <T extends Resultset> T postProcess(Supplier<String> sql, Query interceptedQuery, T originalResultSet,
                                               ServerSession serverSession) {
        return null;
    }
}
