package io.teamtalkj.pdu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.mogujie.tt.protobuf.IMBaseDefine.SessionType;
import com.mogujie.tt.protobuf.IMMessage.IMGetMsgListReq;
import com.mogujie.tt.protobuf.IMMessage.IMGetMsgListRsp;
import io.netty.channel.embedded.EmbeddedChannel;
import io.teamtalkj.net.PduPipelines;
import io.teamtalkj.net.PduServer;
import io.teamtalkj.testing.PduTestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The serving side of the RPC layer: replies carry seq and attach_data without the handler copying them. */
@Timeout(30)
class RequestHandlingTest {
    private static final int REQ = CommandId.CID_MSG_LIST_REQUEST;
    private static final int RSP = CommandId.CID_MSG_LIST_RESPONSE;

    private PduServer server;
    private OrderedExecutor workers;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (workers != null) {
            workers.close();
        }
    }

    static IMGetMsgListReq req(int session, int begin) {
        return IMGetMsgListReq.newBuilder().setUserId(1).setSessionType(SessionType.SESSION_TYPE_SINGLE)
                .setSessionId(session).setMsgIdBegin(begin).setMsgCnt(1).build();
    }

    static Reply answer(IMGetMsgListReq m) {
        return Reply.of(RSP, IMGetMsgListRsp.newBuilder().setUserId(m.getUserId()).setSessionType(m.getSessionType())
                .setSessionId(m.getSessionId()).setMsgIdBegin(m.getMsgIdBegin()).build());
    }

    static Pdu stamped(int seq, IMGetMsgListReq m, long correlation) {
        return Pdu.ofBody(REQ, seq, AttachField.withId(m.toByteArray(), correlation));
    }

    /** Answers with the request's fields; the handler never sets attach_data. */
    private static class Echo implements BatchHandler<IMGetMsgListReq> {
        final List<List<Integer>> batches = Collections.synchronizedList(new ArrayList<>());
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        volatile boolean holdFirst;

        @Override
        public long orderingKey(IMGetMsgListReq request) {
            return Conversations.user(request.getSessionId());
        }

        @Override
        public List<Reply> handleBatch(List<IMGetMsgListReq> requests) throws Exception {
            if (holdFirst) {
                holdFirst = false;
                entered.countDown();
                release.await(10, TimeUnit.SECONDS);
            }
            List<Integer> begins = new ArrayList<>();
            List<Reply> replies = new ArrayList<>();
            for (IMGetMsgListReq r : requests) {
                if (r.getMsgIdBegin() == 666) {
                    throw new IllegalStateException("disk on fire");
                }
                begins.add(r.getMsgIdBegin());
                replies.add(answer(r));
            }
            batches.add(begins);
            return replies;
        }

        @Override
        public Reply onFailure(IMGetMsgListReq request, Failure failure, String detail) {
            return Reply.of(RSP, IMGetMsgListRsp.newBuilder().setUserId(0).setSessionType(request.getSessionType())
                    .setSessionId(request.getSessionId()).setMsgIdBegin(failure.ordinal() + 1000).build());
        }
    }

    private PduTestClient serve(Echo handler, int queueCapacity) throws Exception {
        workers = new OrderedExecutor("test", 2, 64, queueCapacity);
        CommandRegistry registry = new CommandRegistry().register(REQ, IMGetMsgListReq.parser(), handler, workers);
        PduDispatcher dispatcher = new PduDispatcher("test", registry);
        server = PduServer.start("test", "127.0.0.1", 0, null, p -> {
            PduPipelines.addCodec(p, 1 << 20);
            p.addLast(PduPipelines.DISPATCHER, dispatcher);
        });
        return PduTestClient.connect(server.port());
    }

    @Test
    void anEventLoopReplyCarriesSeqAndTheCallersCorrelation() throws Exception {
        RequestHandler<IMGetMsgListReq> handler = RequestHandlingTest::answer;
        EmbeddedChannel ch = new EmbeddedChannel(new PduDispatcher("test",
                new CommandRegistry().register(REQ, IMGetMsgListReq.parser(), handler, RequestExecutor.EVENT_LOOP)));
        try {
            ch.writeInbound(stamped(41, req(5, 0), 0x1122334455667788L));
            ch.writeInbound(Pdu.of(REQ, 42, req(5, 1)));

            Pdu first = ch.readOutbound();
            assertThat(first.commandId()).isEqualTo(RSP);
            assertThat(first.seq()).isEqualTo(41);
            assertThat(AttachField.findId(first.body())).isEqualTo(0x1122334455667788L);
            assertThat(IMGetMsgListRsp.parseFrom(first.body()).getSessionId()).isEqualTo(5);
            Pdu second = ch.readOutbound();
            assertThat(second.seq()).isEqualTo(42);
            assertThat(AttachField.find(second.body())).as("nothing to copy, nothing added").isNull();
        } finally {
            ch.finishAndReleaseAll();
        }
    }

    @Test
    void anOrderedHandlerIsRequiredForTheOrderedExecutor() {
        workers = new OrderedExecutor("test", 1, 8, 8);
        RequestHandler<IMGetMsgListReq> unkeyed = RequestHandlingTest::answer;
        assertThatThrownBy(() -> new CommandRegistry().register(REQ, IMGetMsgListReq.parser(), unkeyed, workers))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ordering key");
    }

    @Test
    void oneKeyIsServedInArrivalOrderAndQueuedRequestsAreServedAsOneBatch() throws Exception {
        Echo handler = new Echo();
        handler.holdFirst = true;
        try (PduTestClient client = serve(handler, 100)) {
            client.send(stamped(100, req(7, 0), 5000));
            assertThat(handler.entered.await(5, TimeUnit.SECONDS)).isTrue();
            for (int i = 1; i < 10; i++) {
                client.send(stamped(100 + i, req(7, i), 5000 + i));
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> workers.queued() == 9);
            handler.release.countDown();

            for (int i = 0; i < 10; i++) {
                Pdu reply = client.receive();
                assertThat(reply.seq()).isEqualTo(100 + i);
                assertThat(AttachField.findId(reply.body())).isEqualTo(5000 + i);
                assertThat(IMGetMsgListRsp.parseFrom(reply.body()).getMsgIdBegin()).isEqualTo(i);
            }
            assertThat(handler.batches).containsExactly(List.of(0), List.of(1, 2, 3, 4, 5, 6, 7, 8, 9));
            assertThat(workers.served()).isEqualTo(10);
        }
    }

    @Test
    void aFullQueueIsAnsweredAtOnceWithTheOverloadedFailureReply() throws Exception {
        Echo handler = new Echo();
        handler.holdFirst = true;
        try (PduTestClient client = serve(handler, 1)) {
            client.send(stamped(1, req(7, 1), 11));
            assertThat(handler.entered.await(5, TimeUnit.SECONDS)).isTrue();
            client.send(stamped(2, req(7, 2), 12)); // waits in the queue
            await().atMost(Duration.ofSeconds(5)).until(() -> workers.queued() == 1);
            client.send(stamped(3, req(7, 3), 13)); // no room

            Pdu refused = client.receive();
            assertThat(refused.seq()).isEqualTo(3);
            assertThat(AttachField.findId(refused.body())).isEqualTo(13);
            assertThat(IMGetMsgListRsp.parseFrom(refused.body()).getMsgIdBegin())
                    .isEqualTo(Failure.OVERLOADED.ordinal() + 1000);
            assertThat(workers.rejected()).isEqualTo(1);

            handler.release.countDown();
            assertThat(client.receive().seq()).isEqualTo(1);
            assertThat(client.receive().seq()).isEqualTo(2);
        }
    }

    @Test
    void aHandlerThatThrowsAnswersWithItsHandlerErrorReply() throws Exception {
        Echo handler = new Echo();
        try (PduTestClient client = serve(handler, 10)) {
            client.send(stamped(9, req(7, 666), 77));

            Pdu reply = client.receive();
            assertThat(reply.seq()).isEqualTo(9);
            assertThat(AttachField.findId(reply.body())).isEqualTo(77);
            assertThat(IMGetMsgListRsp.parseFrom(reply.body()).getMsgIdBegin())
                    .isEqualTo(Failure.HANDLER_ERROR.ordinal() + 1000);
            assertThat(workers.failed()).isEqualTo(1);
        }
    }

    @Test
    void aRequestWhoseCallerHasLessThanTheMinimumBudgetLeftIsDroppedUnanswered() throws Exception {
        Echo handler = new Echo();
        try (PduTestClient client = serve(handler, 10)) {
            client.send(Pdu.ofBody(REQ, 1, AttachField.withIdAndBudget(req(7, 1).toByteArray(), 21, 100)));
            client.send(Pdu.ofBody(REQ, 2, AttachField.withIdAndBudget(req(7, 2).toByteArray(), 22, 10_000)));
            client.send(stamped(3, req(7, 3), 23)); // no budget: never expires

            Pdu first = client.receive();
            assertThat(first.seq()).as("the 100 ms request is not served").isEqualTo(2);
            assertThat(AttachField.findId(first.body())).isEqualTo(22);
            assertThat(client.receive().seq()).isEqualTo(3);
            assertThat(workers.expired()).isEqualTo(1);
            assertThat(workers.served()).isEqualTo(2);
            assertThat(handler.batches.stream().flatMap(List::stream).toList()).containsExactly(2, 3);
            await().atMost(Duration.ofSeconds(5)).until(workers::idle); // a dropped request counts as finished
        }
    }

    @Test
    void idleOnlyOnceEveryQueuedRequestIsAnswered() throws Exception {
        Echo handler = new Echo();
        handler.holdFirst = true;
        try (PduTestClient client = serve(handler, 10)) {
            assertThat(workers.idle()).isTrue();
            client.send(stamped(1, req(7, 1), 21));
            assertThat(handler.entered.await(5, TimeUnit.SECONDS)).isTrue();
            client.send(stamped(2, req(7, 2), 22));
            await().atMost(Duration.ofSeconds(5)).until(() -> workers.queued() == 1);
            assertThat(workers.idle()).as("one in a worker, one queued").isFalse();

            handler.release.countDown();
            assertThat(client.receive().seq()).isEqualTo(1);
            assertThat(client.receive().seq()).isEqualTo(2);
            await().atMost(Duration.ofSeconds(5)).until(workers::idle);
            client.send(stamped(3, req(7, 666), 23)); // a failed request counts as finished too
            assertThat(client.receive().seq()).isEqualTo(3);
            await().atMost(Duration.ofSeconds(5)).until(workers::idle);
        }
    }
}
