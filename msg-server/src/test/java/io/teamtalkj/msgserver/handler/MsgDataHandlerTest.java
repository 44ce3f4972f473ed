package io.teamtalkj.msgserver.handler;

import static io.teamtalkj.msgserver.fakes.FakeTier.sent;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.mogujie.tt.protobuf.IMBaseDefine.ClientType;
import com.mogujie.tt.protobuf.IMBaseDefine.MsgType;
import com.mogujie.tt.protobuf.IMMessage.IMMsgData;
import com.mogujie.tt.protobuf.IMMessage.IMMsgDataAck;
import io.netty.channel.embedded.EmbeddedChannel;
import io.teamtalkj.msgserver.db.DbUnavailableException;
import io.teamtalkj.pdu.AttachField;
import io.teamtalkj.msgserver.fakes.FakeDb;
import io.teamtalkj.msgserver.fakes.FakeRelay;
import io.teamtalkj.msgserver.fakes.FakeTier;
import io.teamtalkj.msgserver.session.ClientSession;
import io.teamtalkj.msgserver.session.UnackedDeliveries;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Pdu;
import io.teamtalkj.pdu.ext.MsgStoreResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/** CID_MSG_DATA on fakes: ack after the store with the request's seq, refusals, resends, rate limit. */
class MsgDataHandlerTest {
    private final FakeTier tier = new FakeTier();

    private static IMMsgData.Builder text(int to, String text) {
        return IMMsgData.newBuilder().setFromUserId(999).setToSessionId(to).setMsgId(77).setCreateTime(1)
                .setMsgType(MsgType.MSG_TYPE_SINGLE_TEXT).setMsgData(ByteString.copyFromUtf8(text));
    }

    /** What the dbproxy answers for a stored message (attach_data with the correlation id still in it). */
    private static byte[] stored(IMMsgData asked, int msgId, MsgStoreResult result) {
        IMMsgData.Builder b = asked.toBuilder().setMsgId(msgId);
        if (result != null) {
            b.setTtStoreResult(result.getNumber()).setTtStoreReason(result.name());
        }
        return AttachField.withId(b.build().toByteArray(), 42);
    }

    @Test
    void theSenderIsAckedOnlyAfterTheStoreWithItsSeqAndTheMessageGoesOut() throws Exception {
        EmbeddedChannel alice = tier.client(1, ClientType.CLIENT_TYPE_WINDOWS);
        EmbeddedChannel alicePhone = tier.client(1, ClientType.CLIENT_TYPE_ANDROID);
        EmbeddedChannel bob = tier.client(2, ClientType.CLIENT_TYPE_MAC);

        alice.writeInbound(Pdu.of(CommandId.CID_MSG_DATA, 7, text(2, "hi").build()));
        assertThat(sent(alice)).as("nothing before the store answered").isNull();
        FakeDb.Request store = tier.db.only();
        IMMsgData asked = IMMsgData.parseFrom(store.body());
        assertThat(asked.getFromUserId()).as("the session's user, not the client's claim").isEqualTo(1);
        assertThat(asked.getCreateTime()).isEqualTo((int) FakeTier.NOW.getEpochSecond());
        assertThat(asked.getMsgId()).isZero();

        store.answer(CommandId.CID_MSG_DATA, stored(asked, 5, null));
        Pdu ack = sent(alice);
        assertThat(ack.commandId()).isEqualTo(CommandId.CID_MSG_DATA_ACK);
        assertThat(ack.seq()).isEqualTo(7);
        assertThat(ack.parse(IMMsgDataAck.parser()).getMsgId()).isEqualTo(5);
        assertThat(sent(alice)).as("the sending connection gets no copy").isNull();
        for (EmbeddedChannel receiver : List.of(bob, alicePhone)) {
            Pdu push = sent(receiver);
            assertThat(push.seq()).isZero();
            IMMsgData got = push.parse(IMMsgData.parser());
            assertThat(got.getMsgId()).isEqualTo(5);
            assertThat(got.hasAttachData()).isFalse();
            assertThat(got.hasTtStoreResult()).isFalse();
        }
        assertThat(ClientSession.of(bob).unacked().acked(UnackedDeliveries.key(false, 1, 5)))
                .as("bob's delivery waits for his ack").isTrue();
        assertThat(ClientSession.of(alicePhone).unacked().size()).as("the sender's own devices do not ack").isZero();
        FakeRelay.Relayed relayed = tier.relay.relayed.get(0);
        assertThat(relayed.recipients()).containsExactly(2, 1);
        assertThat(tier.stats.messagesStored.sum()).isEqualTo(1);
    }

    @Test
    void aRefusedStoreIsAckedWithTheReasonOnlyToClientsThatSetAClientMsgId() throws Exception {
        EmbeddedChannel modern = tier.client(1, ClientType.CLIENT_TYPE_WINDOWS);
        EmbeddedChannel teamTalk = tier.client(3, ClientType.CLIENT_TYPE_WINDOWS);
        EmbeddedChannel bob = tier.client(2, ClientType.CLIENT_TYPE_MAC);

        modern.writeInbound(Pdu.of(CommandId.CID_MSG_DATA, 8, text(2, "x").setTtClientMsgId("c-1").build()));
        FakeDb.Request first = tier.db.last();
        first.answer(CommandId.CID_MSG_DATA, stored(IMMsgData.parseFrom(first.body()), 0, MsgStoreResult.STORE_NOT_MEMBER));
        Pdu ack = sent(modern);
        assertThat(ack.seq()).isEqualTo(8);
        IMMsgDataAck refused = ack.parse(IMMsgDataAck.parser());
        assertThat(refused.getMsgId()).isZero();
        assertThat(refused.getTtStoreResult()).isEqualTo(MsgStoreResult.STORE_NOT_MEMBER_VALUE);
        assertThat(refused.getTtClientMsgId()).isEqualTo("c-1");

        teamTalk.writeInbound(Pdu.of(CommandId.CID_MSG_DATA, 9, text(2, "y").build()));
        FakeDb.Request second = tier.db.last();
        second.answer(CommandId.CID_MSG_DATA, stored(IMMsgData.parseFrom(second.body()), 0, MsgStoreResult.STORE_FAILED));
        assertThat(sent(teamTalk)).as("a TeamTalk client would take any ack as stored").isNull();
        assertThat(sent(bob)).isNull();
        assertThat(tier.relay.relayed).isEmpty();
        assertThat(tier.stats.messagesNotStored.sum()).isEqualTo(2);
    }

    @Test
    void aResendIsAckedWithTheFirstIdAndNotDeliveredAgain() throws Exception {
        EmbeddedChannel alice = tier.client(1, ClientType.CLIENT_TYPE_WINDOWS);
        EmbeddedChannel bob = tier.client(2, ClientType.CLIENT_TYPE_MAC);
        alice.writeInbound(Pdu.of(CommandId.CID_MSG_DATA, 3, text(2, "again").setTtClientMsgId("c-9").build()));
        FakeDb.Request store = tier.db.only();
        store.answer(CommandId.CID_MSG_DATA, stored(IMMsgData.parseFrom(store.body()), 4, MsgStoreResult.STORE_DUPLICATE));
        IMMsgDataAck ack = sent(alice, CommandId.CID_MSG_DATA_ACK, IMMsgDataAck.parser());
        assertThat(ack.getMsgId()).isEqualTo(4);
        assertThat(sent(bob)).isNull();
        assertThat(tier.relay.relayed).isEmpty();
        assertThat(tier.stats.messagesResent.sum()).isEqualTo(1);
    }

    @Test
    void overTheRateLimitAMessageIsRefusedWithoutAStore() throws Exception {
        tier.config.messageRateLimit = 2;
        EmbeddedChannel alice = tier.client(1, ClientType.CLIENT_TYPE_WINDOWS);
        for (int seq = 1; seq <= 3; seq++) {
            alice.writeInbound(Pdu.of(CommandId.CID_MSG_DATA, seq, text(2, "burst").setTtClientMsgId("b" + seq).build()));
        }
        assertThat(tier.db.requests).as("two stores within the second").hasSize(2);
        Pdu refused = sent(alice);
        assertThat(refused.seq()).isEqualTo(3);
        assertThat(refused.parse(IMMsgDataAck.parser()).getTtStoreResult()).isEqualTo(MsgStoreResult.STORE_RATE_LIMITED_VALUE);
        assertThat(tier.stats.messagesRateLimited.sum()).isEqualTo(1);
    }

    @Test
    void withNoDbproxyLinkUpTheRefusalIsImmediateForClientsWithAClientMsgIdOnly() throws Exception {
        tier.db.up = false;
        EmbeddedChannel modern = tier.client(1, ClientType.CLIENT_TYPE_WINDOWS);
        EmbeddedChannel teamTalk = tier.client(3, ClientType.CLIENT_TYPE_ANDROID);
        EmbeddedChannel bob = tier.client(2, ClientType.CLIENT_TYPE_MAC);

        modern.writeInbound(Pdu.of(CommandId.CID_MSG_DATA, 21, text(2, "now?").setTtClientMsgId("u-1").build()));
        Pdu ack = sent(modern);
        assertThat(ack).as("answered at once, no timeout to wait for").isNotNull();
        assertThat(ack.seq()).isEqualTo(21);
        IMMsgDataAck refused = ack.parse(IMMsgDataAck.parser());
        assertThat(refused.getMsgId()).isZero();
        assertThat(refused.getTtStoreResult()).isEqualTo(MsgStoreResult.STORE_UNAVAILABLE_VALUE);
        assertThat(refused.getTtClientMsgId()).isEqualTo("u-1");
        assertThat(refused.getTtStoreReason()).contains("no dbproxy");

        teamTalk.writeInbound(Pdu.of(CommandId.CID_MSG_DATA, 22, text(2, "hello?").build()));
        assertThat(sent(teamTalk)).as("Android takes an ack with msg_id 0 badly; it resends instead").isNull();
        assertThat(sent(bob)).isNull();
        assertThat(tier.relay.relayed).isEmpty();
        assertThat(tier.stats.messagesStoreUnavailable.sum()).isEqualTo(2);
        assertThat(tier.stats.messagesNotStored.sum()).isEqualTo(2);
    }

    @Test
    void aCallLostAfterItWasSentGetsNoAckItsOutcomeIsUnknown() throws Exception {
        EmbeddedChannel modern = tier.client(1, ClientType.CLIENT_TYPE_WINDOWS);
        modern.writeInbound(Pdu.of(CommandId.CID_MSG_DATA, 5, text(2, "lost?").setTtClientMsgId("u-2").build()));
        tier.db.only().reply().completeExceptionally(new DbUnavailableException("link to dbproxy went down"));
        assertThat(sent(modern)).as("it may have been stored: the client resends with the same id").isNull();
        assertThat(tier.stats.messagesStoreUnavailable.sum()).isZero();
        assertThat(tier.stats.messagesNotStored.sum()).isEqualTo(1);
    }
}
