package io.teamtalkj.dbproxy.storage;

import java.io.EOFException;
import java.net.SocketException;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * What kind of failure an exception from the driver or the pool is, whatever type carries it:
 * Connector/J throws a duplicate key as {@link SQLIntegrityConstraintViolationException} from a
 * single statement but as a {@link BatchUpdateException} (with the violation as its cause or
 * next exception) from {@code executeBatch}, and HikariCP may wrap either.
 */
public final class SqlErrors {
    /** ER_DUP_ENTRY, ER_DUP_ENTRY_WITH_KEY_NAME, ER_DUP_KEY. */
    private static final Set<Integer> DUPLICATE_CODES = Set.of(1062, 1586, 1022);
    /** CR_SERVER_GONE_ERROR, CR_SERVER_LOST, ER_CONNECTION_KILLED (MariaDB), ER_SERVER_SHUTDOWN. */
    private static final Set<Integer> CONNECTION_CODES = Set.of(2006, 2013, 1927, 1053);

    private SqlErrors() {
    }

    /** A unique or primary key collision somewhere in the chain. */
    public static boolean isDuplicateKey(Throwable t) {
        for (Throwable e : chain(t)) {
            if (e instanceof SQLException s) {
                if (DUPLICATE_CODES.contains(s.getErrorCode())) {
                    return true;
                }
                // no vendor code (another driver, or a wrapper): SQLState 23000 plus the server's wording
                boolean integrity = e instanceof SQLIntegrityConstraintViolationException
                        || "23000".equals(s.getSQLState());
                if (integrity && s.getErrorCode() == 0 && mentionsDuplicate(s)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The server rolled the transaction back to break a deadlock (ER_LOCK_DEADLOCK, SQLState
     * 40001): nothing of it took effect and running it again is the documented answer.
     */
    public static boolean isDeadlock(Throwable t) {
        for (Throwable e : chain(t)) {
            if (e instanceof SQLException s && (s.getErrorCode() == 1213 || "40001".equals(s.getSQLState()))) {
                return true;
            }
        }
        return false;
    }

    /** The connection to the server broke (server gone, killed, network): the outcome of what was in flight is unknown. */
    public static boolean isConnectionLost(Throwable t) {
        for (Throwable e : chain(t)) {
            if (e instanceof SQLRecoverableException || e instanceof SQLNonTransientConnectionException
                    || e instanceof SQLTransientConnectionException || e instanceof SocketException
                    || e instanceof EOFException) {
                return true;
            }
            if (e instanceof SQLException s && (CONNECTION_CODES.contains(s.getErrorCode())
                    || s.getSQLState() != null && s.getSQLState().startsWith("08"))) {
                return true;
            }
        }
        return false;
    }

    private static boolean mentionsDuplicate(SQLException s) {
        String m = s.getMessage();
        return m != null && m.toLowerCase(java.util.Locale.ROOT).contains("duplicate");
    }

    /** The exception, its causes and SQLException next-exceptions, each once. */
    private static List<Throwable> chain(Throwable t) {
        List<Throwable> out = new ArrayList<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Throwable> todo = new ArrayList<>();
        todo.add(t);
        while (!todo.isEmpty() && out.size() < 32) {
            Throwable e = todo.remove(todo.size() - 1);
            if (e == null || !seen.add(e)) {
                continue;
            }
            out.add(e);
            todo.add(e.getCause());
            if (e instanceof SQLException s) {
                todo.add(s.getNextException());
            }
        }
        return out;
    }
}
