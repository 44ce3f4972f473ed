package io.teamtalkj.dbproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mogujie.tt.protobuf.IMBaseDefine.SessionType;
import com.mogujie.tt.protobuf.IMMessage.IMGetLatestMsgIdReq;
import com.mogujie.tt.protobuf.IMMessage.IMGetLatestMsgIdRsp;
import io.netty.channel.Channel;
import io.teamtalkj.dbproxy.testing.DbProxyFixture;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Pdu;
import io.teamtalkj.testing.PduTestClient;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A msg-server link whose answers cannot be written (the msg-server stopped reading) is not read
 * either: the dbproxy leaves further requests in TCP instead of answering into memory, and reads
 * again once the link drains.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class LinkBackpressureIT {
    @RegisterExtension
    final DbProxyFixture db = new DbProxyFixture();

    private static void full(Channel link, boolean full) throws Exception {
        link.eventLoop().submit(() -> link.unsafe().outboundBuffer().setUserDefinedWritability(1, !full)).sync();
        // Netty fires the writability change as a later task on the loop: wait until it has run
        link.eventLoop().submit(() -> { }).sync();
    }

    @Test
    void aLinkIsNotReadWhileItsAnswersCannotBeWritten() throws Exception {
        PduTestClient msgServer = db.client();
        assertThat(MsgFixtures.latestId(msgServer, 1, SessionType.SESSION_TYPE_SINGLE, 2)).isZero();
        Channel link = db.server().linkChannels().get(0);

        full(link, true);
        assertThat(link.config().isAutoRead()).as("paused while full").isFalse();
        msgServer.send(CommandId.CID_MSG_GET_LATEST_MSG_ID_REQ, 77, IMGetLatestMsgIdReq.newBuilder().setUserId(1)
                .setSessionType(SessionType.SESSION_TYPE_SINGLE).setSessionId(2).build());
        assertThat(msgServer.silentFor(500)).as("not read, so not answered").isTrue();

        full(link, false);
        await().atMost(Duration.ofSeconds(5)).until(() -> link.config().isAutoRead());
        Pdu answer = msgServer.receive();
        assertThat(answer.seq()).isEqualTo(77);
        assertThat(answer.parse(IMGetLatestMsgIdRsp.parser()).getLatestMsgId()).isZero();
    }
}
