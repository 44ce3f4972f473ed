package io.teamtalkj.pdu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import com.mogujie.tt.protobuf.IMBaseDefine.SessionType;
import com.mogujie.tt.protobuf.IMMessage.IMGetMsgListReq;
import com.mogujie.tt.protobuf.IMMessage.IMGetMsgListRsp;
import io.netty.channel.DefaultEventLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RequesterTest {
    private final DefaultEventLoop timer = new DefaultEventLoop();
    private final List<Pdu> sent = new ArrayList<>();
    private final Object linkA = "link-a";
    private final Object linkB = "link-b";

    private Requester requester(Duration timeout, int maxPending) {
        return new Requester("test", timer, timeout, Duration.ofMillis(20), maxPending, Requester.Errors.DEFAULT);
    }

    @AfterEach
    void stop() {
        timer.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    private static IMGetMsgListReq request() {
        return IMGetMsgListReq.newBuilder().setUserId(7).setSessionType(SessionType.SESSION_TYPE_SINGLE)
                .setSessionId(9).setMsgIdBegin(0).setMsgCnt(20)
                .setAttachData(ByteString.copyFromUtf8("the client's own")).build();
    }

    private CompletableFuture<Pdu> call(Requester r, Object link) {
        return r.call(CommandId.CID_MSG_LIST_REQUEST, request().toByteArray(), pdu -> {
            sent.add(pdu);
            return link;
        });
    }

    /** What a server built on the registry answers: its reply never set attach_data. */
    private static Pdu serverReply(Pdu req) {
        IMGetMsgListRsp rsp = IMGetMsgListRsp.newBuilder().setUserId(7).setSessionType(SessionType.SESSION_TYPE_SINGLE)
                .setSessionId(9).setMsgIdBegin(0).build();
        return Request.replyFrame(req, Reply.of(CommandId.CID_MSG_LIST_RESPONSE, rsp));
    }

    @Test
    void withABudgetTheStampCarriesTheTimeoutAndTheReplyStillMatches() throws Exception {
        try (Requester r = requester(Duration.ofSeconds(7), 10).stampBudget()) {
            CompletableFuture<Pdu> a = call(r, linkA);
            assertThat(AttachField.findBudgetMillis(sent.get(0).body())).isEqualTo(7_000);
            assertThat(r.complete(serverReply(sent.get(0)))).isTrue();
            assertThat(a.get().parse(IMGetMsgListRsp.parser()).hasAttachData()).isFalse();
        }
    }

    @Test
    void theCorrelationIsStampedOverTheClientsAttachDataAndStrippedFromTheReply() throws Exception {
        try (Requester r = requester(Duration.ofSeconds(5), 10)) {
            CompletableFuture<Pdu> a = call(r, linkA);
            CompletableFuture<Pdu> b = call(r, linkA);

            long idA = AttachField.findId(sent.get(0).body());
            assertThat(idA).isPositive().isNotEqualTo(AttachField.findId(sent.get(1).body()));
            assertThat(IMGetMsgListReq.parseFrom(sent.get(0).body()).getSessionId()).isEqualTo(9);

            assertThat(r.complete(serverReply(sent.get(1)))).isTrue(); // out of order
            assertThat(r.complete(serverReply(sent.get(0)))).isTrue();

            Pdu reply = a.get();
            assertThat(reply.commandId()).isEqualTo(CommandId.CID_MSG_LIST_RESPONSE);
            assertThat(AttachField.find(reply.body())).as("clients never see attach_data").isNull();
            assertThat(IMGetMsgListRsp.parseFrom(reply.body()).getSessionId()).isEqualTo(9);
            assertThat(b).isCompleted();
            assertThat(r.inFlight()).isZero();
        }
    }

    @Test
    void aReplyWithoutCorrelationOrForNoPendingCallIsDroppedAndCounted() {
        try (Requester r = requester(Duration.ofSeconds(5), 10)) {
            CompletableFuture<Pdu> a = call(r, linkA);
            Pdu unstamped = Pdu.of(CommandId.CID_MSG_LIST_RESPONSE, 0, IMGetMsgListRsp.newBuilder().setUserId(7)
                    .setSessionType(SessionType.SESSION_TYPE_SINGLE).setSessionId(9).setMsgIdBegin(0).build());

            assertThat(r.complete(unstamped)).isFalse();
            assertThat(r.complete(Pdu.ofBody(CommandId.CID_MSG_LIST_RESPONSE, 0, AttachField.withId(new byte[0], 999))))
                    .isFalse();

            assertThat(r.unmatched()).isEqualTo(2);
            assertThat(a).isNotDone();
            assertThat(r.inFlight()).isEqualTo(1);
        }
    }

    @Test
    void aCallWithoutAnswerTimesOut() {
        try (Requester r = requester(Duration.ofMillis(100), 10)) {
            CompletableFuture<Pdu> a = call(r, linkA);

            await().atMost(Duration.ofSeconds(5)).until(a::isDone);

            assertThat(a).failsWithin(Duration.ZERO).withThrowableOfType(ExecutionException.class)
                    .withCauseInstanceOf(TimeoutException.class);
            assertThat(r.timeouts()).isEqualTo(1);
            assertThat(r.inFlight()).isZero();
            assertThat(r.complete(serverReply(sent.get(0)))).as("a late answer is dropped").isFalse();
        }
    }

    @Test
    void aFullPendingTableRefusesNewCallsAtOnce() {
        try (Requester r = requester(Duration.ofSeconds(5), 2)) {
            call(r, linkA);
            call(r, linkA);

            CompletableFuture<Pdu> third = call(r, linkA);

            assertThat(third).failsWithin(Duration.ZERO).withThrowableOfType(ExecutionException.class)
                    .withCauseInstanceOf(IllegalStateException.class).withMessageContaining("refusing");
            assertThat(sent).as("the refused call is not sent").hasSize(2);
        }
    }

    @Test
    void aLinkGoingDownFailsItsCallsAtOnceAndOnlyThose() {
        try (Requester r = requester(Duration.ofSeconds(5), 10)) {
            CompletableFuture<Pdu> onA = call(r, linkA);
            CompletableFuture<Pdu> onB = call(r, linkB);

            r.linkDown(linkA, "link a went down");

            assertThat(onA).failsWithin(Duration.ZERO).withThrowableOfType(ExecutionException.class)
                    .withCauseInstanceOf(IllegalStateException.class).withMessageContaining("link a went down");
            assertThat(onB).isNotDone();
            assertThat(r.inFlight()).isEqualTo(1);
        }
    }

    @Test
    void aCallThatCannotBeSentFailsAndLeavesNothingPending() {
        try (Requester r = requester(Duration.ofSeconds(5), 10)) {
            CompletableFuture<Pdu> f = r.call(CommandId.CID_MSG_LIST_REQUEST, request().toByteArray(), pdu -> null);

            assertThat(f).isCompletedExceptionally();
            assertThat(r.inFlight()).isZero();
        }
    }
}
