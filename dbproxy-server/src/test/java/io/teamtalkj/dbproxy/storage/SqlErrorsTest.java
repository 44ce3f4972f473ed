package io.teamtalkj.dbproxy.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.SocketException;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class SqlErrorsTest {
    private static final String DUP = "Duplicate entry '3-17' for key 'uniq_relate_msg'";

    @Test
    void aDuplicateKeyFromOneStatementIsRecognised() {
        assertThat(SqlErrors.isDuplicateKey(new SQLIntegrityConstraintViolationException(DUP, "23000", 1062))).isTrue();
    }

    @Test
    void aBatchUpdateExceptionCarryingTheViolationAsCauseOrNextIsRecognised() {
        BatchUpdateException asCause = new BatchUpdateException(DUP, "23000", 1062, new long[] {1, -3},
                new SQLIntegrityConstraintViolationException(DUP, "23000", 1062));
        assertThat(SqlErrors.isDuplicateKey(asCause)).isTrue();

        BatchUpdateException bare = new BatchUpdateException("batch failed", null, 0, new int[] {-3}, null);
        bare.setNextException(new SQLException(DUP, "23000", 1062));
        assertThat(SqlErrors.isDuplicateKey(bare)).as("only the next exception names it").isTrue();
    }

    @Test
    void aDuplicateDeepInAWrapperChainIsRecognised() {
        SQLException wrapped = new SQLException("transaction failed", "HY000", 0,
                new RuntimeException(new SQLException(DUP, "23000", 1586)));
        assertThat(SqlErrors.isDuplicateKey(wrapped)).isTrue();
        assertThat(SqlErrors.isDuplicateKey(new SQLException(DUP, "23000", 0))).as("state and wording, no vendor code").isTrue();
    }

    @Test
    void otherIntegrityErrorsAndPlainErrorsAreNotDuplicates() {
        assertThat(SqlErrors.isDuplicateKey(new SQLIntegrityConstraintViolationException(
                "Cannot add or update a child row: a foreign key constraint fails", "23000", 1452))).isFalse();
        assertThat(SqlErrors.isDuplicateKey(new SQLException("Table 'x' doesn't exist", "42S02", 1146))).isFalse();
        assertThat(SqlErrors.isDuplicateKey(new IllegalStateException("no sql here"))).isFalse();
    }

    @Test
    void aLostConnectionIsRecognisedWhateverCarriesIt() {
        assertThat(SqlErrors.isConnectionLost(new SQLRecoverableException("Communications link failure", "08S01"))).isTrue();
        assertThat(SqlErrors.isConnectionLost(new SQLException("Lost connection to server during query", "HY000", 2013)))
                .isTrue();
        assertThat(SqlErrors.isConnectionLost(new SQLTransientConnectionException("pool: Connection is not available")))
                .isTrue();
        assertThat(SqlErrors.isConnectionLost(new SQLException("commit failed", "HY000", 0,
                new SocketException("Connection reset")))).isTrue();
    }

    @Test
    void aDeadlockVictimIsRecognisedByCodeOrStateAndIsNeitherADuplicateNorALostConnection() {
        SQLException victim = new java.sql.SQLTransactionRollbackException(
                "Deadlock found when trying to get lock; try restarting transaction", "40001", 1213);
        assertThat(SqlErrors.isDeadlock(victim)).isTrue();
        assertThat(SqlErrors.isDeadlock(new SQLException("wrapped", "HY000", 0, victim))).isTrue();
        assertThat(SqlErrors.isDeadlock(new SQLException("other driver", "40001"))).isTrue();
        assertThat(SqlErrors.isDuplicateKey(victim)).isFalse();
        assertThat(SqlErrors.isConnectionLost(victim)).isFalse();
        assertThat(SqlErrors.isDeadlock(new SQLException("Lock wait timeout exceeded", "HY000", 1205))).isFalse();
    }

    @Test
    void aDuplicateIsNotALostConnection() {
        SQLIntegrityConstraintViolationException dup = new SQLIntegrityConstraintViolationException(DUP, "23000", 1062);
        assertThat(SqlErrors.isConnectionLost(dup)).isFalse();
        assertThat(SqlErrors.isConnectionLost(new SQLException("syntax", "42000", 1064))).isFalse();
    }

    @Test
    void aSelfReferencingChainEnds() {
        SQLException a = new SQLException("a", "HY000", 1);
        SQLException b = new SQLException("b", "HY000", 2);
        a.setNextException(b);
        b.setNextException(a);
        assertThat(SqlErrors.isDuplicateKey(a)).isFalse();
        assertThat(SqlErrors.isConnectionLost(a)).isFalse();
    }
}
