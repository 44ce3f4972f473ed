package io.teamtalkj.dbproxy.testing;

import com.mysql.cj.MysqlConnection;
import com.mysql.cj.Query;
import com.mysql.cj.interceptors.QueryInterceptor;
import com.mysql.cj.log.Log;
import com.mysql.cj.protocol.Resultset;
import com.mysql.cj.protocol.ServerSession;
import java.util.Locale;
import java.util.Properties;
import java.util.function.Supplier;

/**
 * A Connector/J query interceptor that sees each query text the driver sends (one per round trip:
 * a multi-statement query is one, {@code Connection.commit()} sends {@code commit}) and changes
 * nothing unless a subclass says so. Installed with {@code queryInterceptors=} on the JDBC URL.
 */
abstract class QueryWatcher implements QueryInterceptor {
    /** A query was sent; {@code sql} is trimmed and lower case. */
    void sent(String sql) {
    }

    /** The server answered {@code sql}; throwing here makes the caller see a failure after the fact. */
    void answered(String sql) {
    }

    static String urlOption(Class<? extends QueryWatcher> type) {
        return "queryInterceptors=" + type.getName();
    }

    private static String text(Supplier<String> sql) {
        String text = sql == null ? null : sql.get();
        return text == null ? null : text.trim().toLowerCase(Locale.ROOT);
    }

    @Override
    public final QueryInterceptor init(MysqlConnection conn, Properties props, Log log) {
        return this;
    }

    @Override
    public final <T extends Resultset> T preProcess(Supplier<String> sql, Query interceptedQuery) {
        String text = text(sql);
        if (text != null) {
            sent(text);
        }
        return null;
    }

    @Override
    public final boolean executeTopLevelOnly() {
        return true;
    }

    @Override
    public final void destroy() {
    }

    @Override
    public final <T extends Resultset> T postProcess(Supplier<String> sql, Query interceptedQuery, T originalResultSet,
                                                     ServerSession serverSession) {
        String text = text(sql);
        if (text != null) {
            answered(text);
        }
        return originalResultSet;
    }
}
