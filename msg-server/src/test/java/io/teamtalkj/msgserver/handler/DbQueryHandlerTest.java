package io.teamtalkj.msgserver.handler;

import static io.teamtalkj.msgserver.fakes.FakeTier.sent;
import static org.assertj.core.api.Assertions.assertThat;

import com.mogujie.tt.protobuf.IMBaseDefine.ClientType;
import com.mogujie.tt.protobuf.IMMessage.IMUnreadMsgCntReq;
import com.mogujie.tt.protobuf.IMMessage.IMUnreadMsgCntRsp;
import io.netty.channel.embedded.EmbeddedChannel;
import io.teamtalkj.pdu.AttachField;
import io.teamtalkj.pdu.Conversations;
import io.teamtalkj.msgserver.fakes.FakeDb;
import io.teamtalkj.msgserver.fakes.FakeTier;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Pdu;
import org.junit.jupiter.api.Test;

/** A query forwarded to the dbproxy (unread counts): asked as the session's user, answered with the client's seq. */
class DbQueryHandlerTest {
    private final FakeTier tier = new FakeTier();

    @Test
    void theQueryIsAskedAsTheSessionsUserAndTheAnswerCarriesTheSeqWithoutAttachData() throws Exception {
        EmbeddedChannel ch = tier.client(3, ClientType.CLIENT_TYPE_WINDOWS);
        ch.writeInbound(Pdu.of(CommandId.CID_MSG_UNREAD_CNT_REQUEST, 0x4242,
                IMUnreadMsgCntReq.newBuilder().setUserId(99).build()));

        FakeDb.Request query = tier.db.only();
        assertThat(query.commandId()).isEqualTo(CommandId.CID_MSG_UNREAD_CNT_REQUEST);
        assertThat(IMUnreadMsgCntReq.parseFrom(query.body()).getUserId()).as("a client asks only as itself").isEqualTo(3);
        assertThat(query.orderingKey()).isEqualTo(Conversations.user(3));

        query.answer(CommandId.CID_MSG_UNREAD_CNT_RESPONSE, AttachField.withId(
                IMUnreadMsgCntRsp.newBuilder().setUserId(3).setTotalCnt(2).build().toByteArray(), 77));
        Pdu answer = sent(ch);
        assertThat(answer.commandId()).isEqualTo(CommandId.CID_MSG_UNREAD_CNT_RESPONSE);
        assertThat(answer.seq()).isEqualTo(0x4242);
        IMUnreadMsgCntRsp rsp = answer.parse(IMUnreadMsgCntRsp.parser());
        assertThat(rsp.getTotalCnt()).isEqualTo(2);
        assertThat(rsp.hasAttachData()).as("attach_data never leaks to clients").isFalse();
    }

    @Test
    void anUnansweredQueryIsCountedAndTheClientGetsNothing() {
        EmbeddedChannel ch = tier.client(3, ClientType.CLIENT_TYPE_WINDOWS);
        ch.writeInbound(Pdu.of(CommandId.CID_MSG_UNREAD_CNT_REQUEST, 1, IMUnreadMsgCntReq.newBuilder().setUserId(3).build()));
        tier.db.only().reply().completeExceptionally(new IllegalStateException("timeout"));
        assertThat(sent(ch)).isNull();
        assertThat(tier.stats.dbFailures.sum()).isEqualTo(1);
    }
}
