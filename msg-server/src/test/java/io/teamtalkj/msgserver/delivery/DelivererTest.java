package io.teamtalkj.msgserver.delivery;

import io.teamtalkj.pdu.ClientClass;
import static io.teamtalkj.msgserver.fakes.FakeTier.sent;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.mogujie.tt.protobuf.IMBaseDefine.ClientType;
import com.mogujie.tt.protobuf.IMBaseDefine.MsgType;
import com.mogujie.tt.protobuf.IMBaseDefine.SessionType;
import com.mogujie.tt.protobuf.IMMessage.IMMsgData;
import com.mogujie.tt.protobuf.IMMessage.IMMsgDataReadNotify;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.teamtalkj.msgserver.fakes.FakeTier;
import io.teamtalkj.msgserver.session.ClientSession;
import io.teamtalkj.msgserver.session.SlowReaderGuard;
import io.teamtalkj.msgserver.session.UnackedDeliveries;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Pdu;
import io.teamtalkj.pdu.internal.RelayEnvelope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one outbound path: local connections, the relay both ways, ack tracking, slow readers. */
class DelivererTest {
    private final FakeTier tier = new FakeTier();
    private final Deliverer deliverer = tier.context().deliverer();

    private static IMMsgDataReadNotify notify(int userId) {
        return IMMsgDataReadNotify.newBuilder().setUserId(userId).setSessionId(2).setMsgId(3)
                .setSessionType(SessionType.SESSION_TYPE_SINGLE).build();
    }

    @Test
    void aPushGoesToTheUsersLocalConnectionsButTheCauseAndIsRelayed() {
        EmbeddedChannel pc = tier.client(1, ClientType.CLIENT_TYPE_WINDOWS);
        EmbeddedChannel phone = tier.client(1, ClientType.CLIENT_TYPE_ANDROID);
        EmbeddedChannel other = tier.client(2, ClientType.CLIENT_TYPE_WINDOWS);

        deliverer.deliver(CommandId.CID_MSG_READ_NOTIFY, notify(1), List.of(1), ClientSession.of(pc), Deliverer.ALL_CLASSES);
        assertThat(sent(phone).seq()).as("pushes carry seq 0").isZero();
        assertThat(sent(pc)).isNull();
        assertThat(sent(other)).isNull();
        assertThat(tier.relay.relayed).singleElement().satisfies(r -> assertThat(r.recipients()).containsExactly(1));
        assertThat(tier.stats.deliveriesLocal.sum()).isEqualTo(1);
        assertThat(tier.stats.relaysSent.sum()).isEqualTo(1);

        deliverer.deliver(CommandId.CID_FILE_NOTIFY, notify(1), List.of(1), null, ClientClass.PC.bit);
        assertThat(sent(pc).commandId()).as("the PC class only").isEqualTo(CommandId.CID_FILE_NOTIFY);
        assertThat(sent(phone)).isNull();
    }

    @Test
    void aRelayedMessageIsWrittenAsItCameAndAwaitsTheReceiversAck() throws Exception {
        EmbeddedChannel member = tier.client(8, ClientType.CLIENT_TYPE_WINDOWS);
        EmbeddedChannel senderPhone = tier.client(6, ClientType.CLIENT_TYPE_IOS);
        IMMsgData group = IMMsgData.newBuilder().setFromUserId(6).setToSessionId(300).setMsgId(41).setCreateTime(5)
                .setMsgType(MsgType.MSG_TYPE_GROUP_TEXT).setMsgData(ByteString.copyFromUtf8("to the group")).build();
        deliverer.deliverRelayed(RelayEnvelope.newBuilder().setCommandId(CommandId.CID_MSG_DATA)
                .setBody(group.toByteString()).addRecipientIds(8).addRecipientIds(6).build());

        Pdu got = sent(member);
        assertThat(got.seq()).isZero();
        assertThat(got.body()).isEqualTo(group.toByteArray());
        assertThat(sent(senderPhone).parse(IMMsgData.parser()).getMsgId()).isEqualTo(41);
        // the receiver acks (group, 300, 41) and the sender's own device does not ack at all
        assertThat(ClientSession.of(member).unacked().acked(UnackedDeliveries.key(true, 300, 41))).isTrue();
        assertThat(ClientSession.of(senderPhone).unacked().size()).isZero();

        IMMsgData single = group.toBuilder().setToSessionId(8).setMsgType(MsgType.MSG_TYPE_SINGLE_AUDIO).setMsgId(42).build();
        deliverer.deliverRelayed(RelayEnvelope.newBuilder().setCommandId(CommandId.CID_MSG_DATA)
                .setBody(single.toByteString()).addRecipientIds(8).build());
        assertThat(ClientSession.of(member).unacked().acked(UnackedDeliveries.key(false, 6, 42)))
                .as("a 1:1 message is acked under its sender").isTrue();
        assertThat(tier.relay.relayed).as("what came through the relay does not go back").isEmpty();
    }

    @Test
    void aRelayedBroadcastReachesEveryAdmittedConnection() throws Exception {
        EmbeddedChannel pc = tier.client(1, ClientType.CLIENT_TYPE_MAC);
        EmbeddedChannel phone = tier.client(2, ClientType.CLIENT_TYPE_ANDROID);
        deliverer.deliverRelayed(RelayEnvelope.newBuilder().setCommandId(CommandId.CID_MSG_READ_NOTIFY)
                .setBody(notify(9).toByteString()).setBroadcast(true).setClientClass(ClientClass.MOBILE.bit).build());
        assertThat(sent(phone).commandId()).isEqualTo(CommandId.CID_MSG_READ_NOTIFY);
        assertThat(sent(pc)).isNull();
    }

    @Test
    void aSlowReaderIsDroppedOnceAndTheOthersStillGetTheirPushes() {
        EmbeddedChannel healthy = tier.client(1, ClientType.CLIENT_TYPE_WINDOWS);
        EmbeddedChannel slow = tier.client(1, ClientType.CLIENT_TYPE_ANDROID);
        slow.pipeline().addFirst(new SlowReaderGuard(Duration.ZERO, 1 << 20, tier.stats));

        stopReading(slow);
        assertThat(slow.isActive()).as("dropped as soon as it is unwritable").isFalse();
        deliverer.deliver(CommandId.CID_MSG_READ_NOTIFY, notify(1), List.of(1), null, Deliverer.ALL_CLASSES);
        assertThat(sent(healthy).commandId()).isEqualTo(CommandId.CID_MSG_READ_NOTIFY);
        assertThat(sent(slow)).isNull();
        assertThat(tier.stats.deliveriesLocal.sum()).isEqualTo(1);
        stopReading(slow);
        assertThat(tier.stats.slowReadersDropped.sum()).isEqualTo(1);
    }

    @Test
    void aGroupMessageIsEncodedOnceForAllItsMembersConnections() {
        List<EmbeddedChannel> members = List.of(tier.client(11, ClientType.CLIENT_TYPE_WINDOWS),
                tier.client(12, ClientType.CLIENT_TYPE_WINDOWS), tier.client(12, ClientType.CLIENT_TYPE_IOS),
                tier.client(13, ClientType.CLIENT_TYPE_MAC));
        IMMsgData stored = IMMsgData.newBuilder().setFromUserId(10).setToSessionId(300).setMsgId(7).setCreateTime(5)
                .setMsgType(MsgType.MSG_TYPE_GROUP_TEXT).setMsgData(ByteString.copyFromUtf8("x".repeat(3000)))
                .addAllTtGroupMemberIds(List.of(10, 11, 12, 13)).build();
        deliverer.deliverMessage(stored, true, null, System.nanoTime());

        List<ByteBuf> frames = new ArrayList<>();
        for (EmbeddedChannel ch : members) {
            ch.runPendingTasks();
            frames.add(ch.readOutbound());
        }
        try {
            assertThat(frames).allSatisfy(f -> {
                assertThat(f.readableBytes()).isEqualTo(Pdu.HEADER_LENGTH + stored.toBuilder().clearTtGroupMemberIds()
                        .build().getSerializedSize());
                assertThat(f.unwrap()).as("a view of the one encoded frame").isSameAs(frames.get(0).unwrap());
            });
            assertThat(frames.get(0).unwrap().refCnt()).as("one reference per connection, none kept").isEqualTo(4);
        } finally {
            frames.forEach(ByteBuf::release);
        }
        assertThat(frames.get(0).unwrap().refCnt()).as("freed when every connection is done with it").isZero();
    }

    /** What a full socket does to the channel: it turns unwritable. */
    static void stopReading(EmbeddedChannel ch) {
        if (ch.unsafe().outboundBuffer() != null) {
            ch.unsafe().outboundBuffer().setUserDefinedWritability(1, false);
        }
        ch.runPendingTasks();
    }
}
