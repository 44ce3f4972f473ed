package io.teamtalkj.links.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mogujie.tt.protobuf.IMBaseDefine.UserTokenInfo;
import com.mogujie.tt.protobuf.IMServer.IMPushToUserReq;
import com.mogujie.tt.protobuf.IMServer.IMPushToUserRsp;
import io.netty.channel.EventLoopGroup;
import io.teamtalkj.net.EventLoops;
import io.teamtalkj.net.PduLink;
import io.teamtalkj.net.PduPipelines;
import io.teamtalkj.net.PduServer;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.CommandRegistry;
import io.teamtalkj.pdu.Pdu;
import io.teamtalkj.pdu.PduDispatcher;
import io.teamtalkj.testing.Ports;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The msg-server's push-server links: requests to a live push-server, answers back; a dead one costs nothing. */
@Timeout(30)
class PushServerLinksTest {
    private final EventLoopGroup group = EventLoops.newGroup("push-links-test", 1);

    @AfterEach
    void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static IMPushToUserReq request(String token) {
        return IMPushToUserReq.newBuilder().setFlash("Alice: hi").setData("{}").addUserTokenList(UserTokenInfo.newBuilder()
                .setUserId(2).setUserType(com.mogujie.tt.protobuf.IMBaseDefine.ClientType.CLIENT_TYPE_IOS).setToken(token)
                .setPushCount(1).setPushType(1)).build();
    }

    @Test
    void withNoPushServerUpAPushIsCountedAndDroppedAtOnce() throws Exception {
        // a port nothing listens on, held so no other process takes it during the test
        try (Socket refusing = Ports.refusing()) {
            int closed = refusing.getLocalPort();
            try (PushServerLinks links = PushServerLinks.start("msg-test", List.of(new InetSocketAddress("127.0.0.1", closed)),
                    group, PduLink.Settings.DEFAULT, rsp -> { })) {
                for (int i = 0; i < 1000; i++) {
                    assertThat(links.send(request("t" + i))).isFalse();
                }
                assertThat(links.notSent.sum()).isEqualTo(1000);
                assertThat(links.sent.sum()).isZero();
                assertThat(links.upCount()).isZero();
            }
        }
    }

    @Test
    void requestsReachAPushServerAndItsAnswersComeBack() throws Exception {
        List<IMPushToUserReq> received = new CopyOnWriteArrayList<>();
        PduDispatcher server = new PduDispatcher("fake-push", new CommandRegistry().register(CommandId.CID_OTHER_PUSH_TO_USER_REQ,
                IMPushToUserReq.parser(), (ctx, pdu, req) -> {
                    received.add(req);
                    ctx.writeAndFlush(Pdu.of(CommandId.CID_OTHER_PUSH_TO_USER_RSP, pdu.seq(), IMPushToUserRsp.newBuilder()
                            .addTtInvalidTokens(req.getUserTokenList(0)).build()));
                })) {
            @Override
            public boolean isSharable() {
                return true;
            }
        };
        List<IMPushToUserRsp> answers = new CopyOnWriteArrayList<>();
        try (PduServer push = PduServer.start("fake-push", "127.0.0.1", 0, group, p -> {
            PduPipelines.addCodec(p, 400 * 1024);
            p.addLast(server);
        }); PushServerLinks links = PushServerLinks.start("msg-test", List.of(new InetSocketAddress("127.0.0.1", push.port())),
                group, PduLink.Settings.DEFAULT, answers::add)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> links.upCount() == 1);
            assertThat(links.send(request("dead-token"))).isTrue();
            await().atMost(Duration.ofSeconds(10)).until(() -> answers.size() == 1);
            assertThat(received).hasSize(1);
            assertThat(answers.get(0).getTtInvalidTokens(0).getToken()).isEqualTo("dead-token");
            assertThat(links.sent.sum()).isEqualTo(1);
        }
    }
}
