package io.teamtalkj.msgserver.handler;

import static io.teamtalkj.msgserver.fakes.FakeTier.sent;
import static org.assertj.core.api.Assertions.assertThat;

import com.mogujie.tt.protobuf.IMBaseDefine.ClientType;
import com.mogujie.tt.protobuf.IMBaseDefine.SessionType;
import com.mogujie.tt.protobuf.IMMessage.IMMsgDataReadAck;
import com.mogujie.tt.protobuf.IMMessage.IMMsgDataReadNotify;
import io.netty.channel.embedded.EmbeddedChannel;
import io.teamtalkj.msgserver.fakes.FakeDb;
import io.teamtalkj.msgserver.fakes.FakeRelay;
import io.teamtalkj.msgserver.fakes.FakeTier;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Pdu;
import org.junit.jupiter.api.Test;

/** CID_MSG_READ_ACK on fakes: stored as the reader, the reader's other devices are told. */
class ReadAckHandlerTest {
    private final FakeTier tier = new FakeTier();

    @Test
    void theReadPositionIsStoredAsTheSessionsUserAndTheOtherDevicesAreNotified() throws Exception {
        EmbeddedChannel pc = tier.client(4, ClientType.CLIENT_TYPE_WINDOWS);
        EmbeddedChannel phone = tier.client(4, ClientType.CLIENT_TYPE_IOS);
        EmbeddedChannel peer = tier.client(5, ClientType.CLIENT_TYPE_WINDOWS);

        pc.writeInbound(Pdu.of(CommandId.CID_MSG_READ_ACK, 3, IMMsgDataReadAck.newBuilder().setUserId(99)
                .setSessionId(5).setMsgId(12).setSessionType(SessionType.SESSION_TYPE_SINGLE).build()));

        FakeDb.Request stored = tier.db.only();
        assertThat(stored.reply()).as("no reply expected, as in TeamTalk").isNull();
        assertThat(IMMsgDataReadAck.parseFrom(stored.body()).getUserId()).isEqualTo(4);
        IMMsgDataReadNotify notify = sent(phone, CommandId.CID_MSG_READ_NOTIFY, IMMsgDataReadNotify.parser());
        assertThat(notify.getUserId()).isEqualTo(4);
        assertThat(notify.getSessionId()).isEqualTo(5);
        assertThat(notify.getMsgId()).isEqualTo(12);
        assertThat(sent(pc)).as("the reader itself gets nothing").isNull();
        assertThat(sent(peer)).as("not a read receipt to the peer").isNull();
        FakeRelay.Relayed relayed = tier.relay.relayed.get(0);
        assertThat(relayed.commandId()).isEqualTo(CommandId.CID_MSG_READ_NOTIFY);
        assertThat(relayed.recipients()).containsExactly(4);
    }

    @Test
    void withoutADbproxyLinkTheFailureIsCountedAndTheDevicesStillSync() throws Exception {
        tier.db.up = false;
        EmbeddedChannel pc = tier.client(4, ClientType.CLIENT_TYPE_WINDOWS);
        EmbeddedChannel phone = tier.client(4, ClientType.CLIENT_TYPE_IOS);
        pc.writeInbound(Pdu.of(CommandId.CID_MSG_READ_ACK, 3, IMMsgDataReadAck.newBuilder().setUserId(4)
                .setSessionId(9).setMsgId(1).setSessionType(SessionType.SESSION_TYPE_GROUP).build()));
        assertThat(tier.stats.dbFailures.sum()).isEqualTo(1);
        assertThat(sent(phone, CommandId.CID_MSG_READ_NOTIFY, IMMsgDataReadNotify.parser()).getSessionType())
                .isEqualTo(SessionType.SESSION_TYPE_GROUP);
    }
}
