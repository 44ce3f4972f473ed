package io.teamtalkj.dbproxy.testing;

import com.mysql.cj.MysqlConnection;
import com.mysql.cj.Query;
import com.mysql.cj.exceptions.CJCommunicationsException;
import com.mysql.cj.interceptors.QueryInterceptor;
import com.mysql.cj.log.Log;
import com.mysql.cj.protocol.Resultset;
import com.mysql.cj.protocol.ServerSession;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A Connector/J query interceptor (add {@code queryInterceptors=} this class to the JDBC URL)
 * that lets the server run a COMMIT and then reports the connection lost, as if the reply had
 * been lost on the way: the transaction committed, the caller cannot know. Armed per test.
 */
public final class LoseCommitReply implements QueryInterceptor {
    /** COMMITs still to "lose" the reply of. */
    public static final AtomicInteger ARMED = new AtomicInteger();

    /** The URL option that installs it. */
    public static String urlOption() {
        return "queryInterceptors=" + LoseCommitReply.class.getName();
    }

    @Override
    public QueryInterceptor init(MysqlConnection conn, Properties props, Log log) {
        return this;
    }

    @Override
    public <T extends Resultset> T preProcess(Supplier<String> sql, Query interceptedQuery) {
        return null;
    }

    @Override
    public boolean executeTopLevelOnly() {
        return false;
    }

    @Override
    public void destroy() {
    }

    @Override
    public <T extends Resultset> T postProcess(Supplier<String> sql, Query interceptedQuery, T originalResultSet,
                                               ServerSession serverSession) {
        if (sql != null && isCommit(String.valueOf(sql.get()).trim().toLowerCase(java.util.Locale.ROOT))
                && ARMED.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new CJCommunicationsException("test: the server committed, its reply was lost");
        }
        return originalResultSet;
    }

    /** Connection.commit(), or a batch query that ends with its COMMIT (the message store's). */
    private static boolean isCommit(String sql) {
        return sql.equals("commit") || sql.endsWith(";commit");
    }
}
