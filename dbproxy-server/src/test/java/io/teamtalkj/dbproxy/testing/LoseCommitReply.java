package io.teamtalkj.dbproxy.testing;

import com.mysql.cj.exceptions.CJCommunicationsException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Connector/J query interceptor (add {@code queryInterceptors=} this class to the JDBC URL)
 * that lets the server run a COMMIT and then reports the connection lost, as if the reply had
 * been lost on the way: the transaction committed, the caller cannot know. Armed per test.
 */
public final class LoseCommitReply extends QueryWatcher {
    /** COMMITs still to "lose" the reply of. */
    public static final AtomicInteger ARMED = new AtomicInteger();

    /** The URL option that installs it. */
    public static String urlOption() {
        return urlOption(LoseCommitReply.class);
    }

    @Override
    void answered(String sql) {
        if (isCommit(sql) && ARMED.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new CJCommunicationsException("test: the server committed, its reply was lost");
        }
    }

    /** Connection.commit(), or a batch query that ends with its COMMIT (the message store's). */
    private static boolean isCommit(String sql) {
        return sql.equals("commit") || sql.endsWith(";commit");
    }
}
