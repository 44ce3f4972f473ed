package io.teamtalkj.dbproxy;

import static io.teamtalkj.dbproxy.MsgFixtures.queryLong;
import static io.teamtalkj.dbproxy.MsgFixtures.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.teamtalkj.dbproxy.testing.DbProxyFixture;
import io.teamtalkj.dbproxy.testing.EmbeddedStorage;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A store transaction InnoDB picks as a deadlock victim is run again, so its sender gets a msg_id
 * rather than a storage error. The other transaction here has written more rows, so InnoDB rolls
 * back the store's (it chooses the transaction that changed fewer rows).
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class StoreDeadlockIT {
    @RegisterExtension
    final DbProxyFixture db = new DbProxyFixture();

    @Test
    void aMessageWhoseTransactionIsADeadlockVictimIsStoredOnItsRetry() throws Exception {
        assertThat(text(db.client(), 1, 2, "first: both session rows exist now")).isEqualTo(1);
        EmbeddedStorage.execute(db.config(), "CREATE TABLE deadlock_ballast (n INT PRIMARY KEY)");

        try (Connection other = EmbeddedStorage.jdbc(db.config()); Statement st = other.createStatement()) {
            other.setAutoCommit(false);
            StringBuilder ballast = new StringBuilder("INSERT INTO deadlock_ballast VALUES (0)");
            for (int i = 1; i < 200; i++) {
                ballast.append(",(").append(i).append(')');
            }
            st.execute(ballast.toString());
            // holds the receiver's session row, which the store upserts after the sender's
            st.execute("SELECT * FROM IMRecentSession WHERE userId=2 AND peerId=1 AND type=1 FOR UPDATE");

            CompletableFuture<Integer> second = CompletableFuture.supplyAsync(() -> {
                try {
                    return text(db.client(), 1, 2, "second: its transaction waits, then is the victim");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            await().atMost(Duration.ofSeconds(30)).until(() -> queryLong(db.config(),
                    "SELECT COUNT(*) FROM information_schema.INNODB_TRX WHERE trx_state='LOCK WAIT'") == 1);

            // closes the cycle: the sender's row is held by the waiting store transaction
            st.execute("UPDATE IMRecentSession SET updated=updated+1 WHERE userId=1 AND peerId=2 AND type=1");
            other.commit();

            assertThat(second.get(30, TimeUnit.SECONDS)).isEqualTo(2);
        }
        assertThat(queryLong(db.config(), "SELECT COUNT(*) FROM IMMessage_" + relateIdTable() + " WHERE content LIKE 'second:%'"))
                .isEqualTo(1);
        assertThat(queryLong(db.config(), "SELECT COUNT(*) FROM IMRecentSession")).isEqualTo(2);
    }

    private long relateIdTable() throws Exception {
        return queryLong(db.config(), "SELECT id FROM IMRelationShip WHERE smallId=1 AND bigId=2") % 8;
    }
}
