package io.teamtalkj.dbproxy;

import static io.teamtalkj.dbproxy.MsgFixtures.groupText;
import static io.teamtalkj.dbproxy.MsgFixtures.queryLong;
import static io.teamtalkj.dbproxy.MsgFixtures.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.mogujie.tt.protobuf.IMBaseDefine.MsgType;
import com.mogujie.tt.protobuf.IMMessage.IMMsgData;
import io.teamtalkj.dbproxy.testing.DbProxyFixture;
import io.teamtalkj.dbproxy.testing.StatementLog;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Pdu;
import io.teamtalkj.pdu.ext.MsgStoreResult;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A one-to-one store batch commits inside its one multi-statement round trip; a group batch,
 * whose bookkeeping follows the rows, still commits on its own. Neither leaves a transaction open
 * on the store's connections, including after a statement that failed (the driver's idea of
 * whether a transaction is open then lags behind the server's).
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class StoreCommitIT {
    @RegisterExtension
    final DbProxyFixture db = new DbProxyFixture(cfg -> cfg.dbUrl += (cfg.dbUrl.contains("?") ? "&" : "?")
            + StatementLog.urlOption());

    @Test
    void aOneToOneMessageIsCommittedInTheRoundTripOfItsRows() throws Exception {
        assertThat(text(db.client(), 1, 2, "warm-up: relation and counters are cached now")).isEqualTo(1);
        StatementLog.clear();
        for (int i = 2; i <= 4; i++) {
            assertThat(text(db.client(), 1, 2, "message " + i)).isEqualTo(i);
        }
        List<String> sent = StatementLog.sent();
        assertThat(sent.stream().filter(s -> s.startsWith("insert into immessage_"))).hasSize(3)
                .allMatch(s -> s.endsWith(";commit"));
        assertThat(sent).noneMatch(s -> s.equals("commit"));
        assertThat(queryLong(db.config(), "SELECT COUNT(*) FROM information_schema.INNODB_TRX")).isZero();
    }

    @Test
    void aGroupMessageIsCommittedAfterItsBookkeeping() throws Exception {
        MsgFixtures.group(db.config(), 7, Map.of(1, MsgFixtures.now() - 60, 2, MsgFixtures.now() - 60));
        StatementLog.clear();
        assertThat(groupText(db.client(), 1, 7, "to the group")).isEqualTo(1);
        List<String> sent = StatementLog.sent();
        assertThat(sent.stream().filter(s -> s.startsWith("insert into imgroupmessage_"))).hasSize(1)
                .noneMatch(s -> s.endsWith(";commit"));
        assertThat(sent.stream().filter(s -> s.equals("commit"))).hasSize(1);
        assertThat(queryLong(db.config(), "SELECT COUNT(*) FROM information_schema.INNODB_TRX")).isZero();
    }

    @Test
    void aBatchWhoseFirstStatementFailsLeavesNoTransactionOpen() throws Exception {
        IMMsgData once = MsgFixtures.msg(1, 2, MsgType.MSG_TYPE_SINGLE_TEXT, ByteString.copyFromUtf8("once")).toBuilder()
                .setTtClientMsgId("c-1").build();
        assertThat(store(once, 1).getMsgId()).isEqualTo(1);
        // the resend's client id is refused by the batch's first statement: nothing ran before it
        // in that transaction, so only the refused insert's locks are there to leak
        IMMsgData again = store(once, 2);
        assertThat(again.getMsgId()).isEqualTo(1);
        assertThat(again.getTtStoreResult()).isEqualTo(MsgStoreResult.STORE_DUPLICATE_VALUE);
        assertThat(queryLong(db.config(), "SELECT COUNT(*) FROM information_schema.INNODB_TRX")).isZero();
        assertThat(text(db.client(), 1, 2, "the next message")).isEqualTo(2);
        assertThat(queryLong(db.config(), "SELECT COUNT(*) FROM information_schema.INNODB_TRX")).isZero();
    }

    private IMMsgData store(IMMsgData msg, int seq) throws Exception {
        db.client().send(CommandId.CID_MSG_DATA, seq, msg);
        Pdu reply = db.client().receive();
        assertThat(reply.commandId()).isEqualTo(CommandId.CID_MSG_DATA);
        return reply.parse(IMMsgData.parser());
    }
}
