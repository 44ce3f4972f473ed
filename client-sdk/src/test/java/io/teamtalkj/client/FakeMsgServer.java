package io.teamtalkj.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.MessageLite;
import com.mogujie.tt.protobuf.IMBaseDefine.ResultType;
import com.mogujie.tt.protobuf.IMBaseDefine.UserInfo;
import com.mogujie.tt.protobuf.IMLogin.IMLoginReq;
import com.mogujie.tt.protobuf.IMLogin.IMLoginRes;
import com.mogujie.tt.protobuf.IMLogin.IMLogoutRsp;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.teamtalkj.net.PduPipelines;
import io.teamtalkj.net.PduServer;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Pdu;
import io.teamtalkj.pdu.PduDecoder;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * A scripted msg-server for the SDK's tests: answers login (result code configurable), echoes
 * heartbeats (switchable), answers logout and closes, records every other frame, and lets the
 * test answer or push whatever it wants.
 */
final class FakeMsgServer implements AutoCloseable {
    static final int USER_ID = 1001;

    /** A frame the server received and the connection it came on. */
    static final class Received {
        final Channel channel;
        final Pdu pdu;

        Received(Channel channel, Pdu pdu) {
            this.channel = channel;
            this.pdu = pdu;
        }
    }

    final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    final List<Channel> channels = new CopyOnWriteArrayList<>();
    final List<IMLoginReq> loginRequests = new CopyOnWriteArrayList<>();
    final AtomicInteger heartbeats = new AtomicInteger();
    volatile int loginResult = 0;
    volatile boolean echoHeartbeats = true;
    volatile boolean answerLogin = true;
    /** A session token put in successful login answers, and one put in heartbeat echoes (null = none). */
    volatile com.google.protobuf.ByteString loginToken;
    volatile com.google.protobuf.ByteString heartbeatToken;
    /** Called (on the server's event loop) for every frame other than login, logout and heartbeat. */
    volatile BiConsumer<Channel, Pdu> responder = (ch, pdu) -> { };

    private final PduServer server;

    private FakeMsgServer() throws InterruptedException {
        server = PduServer.start("fake-msg", "127.0.0.1", 0, null, p -> {
            PduPipelines.addCodec(p, PduDecoder.DEFAULT_MAX_FRAME_LENGTH);
            p.addLast(new Handler());
        });
    }

    static FakeMsgServer start() throws InterruptedException {
        return new FakeMsgServer();
    }

    int port() {
        return server.port();
    }

    int connectionCount() {
        return server.connectionCount();
    }

    int logins() {
        return loginRequests.size();
    }

    /** The next recorded frame (login, logout, heartbeat excluded), waiting up to 10 s. */
    Received next() throws InterruptedException {
        Received r = received.poll(10, TimeUnit.SECONDS);
        assertThat(r).as("a frame from the client within 10 s").isNotNull();
        return r;
    }

    /** The next recorded frame, which must carry {@code commandId}. */
    Received expect(int commandId) throws InterruptedException {
        Received r = next();
        assertThat(CommandId.name(r.pdu.commandId())).isEqualTo(CommandId.name(commandId));
        return r;
    }

    static void reply(Received to, int commandId, MessageLite body) {
        to.channel.writeAndFlush(Pdu.of(commandId, to.pdu.seq(), body));
    }

    /** Writes a frame on the newest connection. */
    void send(Pdu pdu) {
        latest().writeAndFlush(pdu);
    }

    Channel latest() {
        assertThat(channels).as("a client connection").isNotEmpty();
        return channels.get(channels.size() - 1);
    }

    /** Closes every client connection from the server side. */
    void dropConnections() {
        for (Channel ch : channels) {
            ch.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    static UserInfo userInfo(int id, String name) {
        return UserInfo.newBuilder().setUserId(id).setUserGender(1).setUserNickName(name + "-nick")
                .setAvatarUrl("").setDepartmentId(1).setEmail(name + "@example.com").setUserRealName(name)
                .setUserTel("").setUserDomain(name).setStatus(0).build();
    }

    @Override
    public void close() {
        server.close();
    }

    private final class Handler extends SimpleChannelInboundHandler<Pdu> {
        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            channels.add(ctx.channel());
            ctx.fireChannelActive();
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Pdu pdu) throws Exception {
            switch (pdu.commandId()) {
                case CommandId.CID_OTHER_HEARTBEAT:
                    heartbeats.incrementAndGet();
                    if (echoHeartbeats && heartbeatToken != null) {
                        ctx.writeAndFlush(Pdu.of(CommandId.CID_OTHER_HEARTBEAT, pdu.seq(),
                                com.mogujie.tt.protobuf.IMOther.IMHeartBeat.newBuilder().setTtSessionToken(heartbeatToken).build()));
                    } else if (echoHeartbeats) {
                        ctx.writeAndFlush(pdu);
                    }
                    return;
                case CommandId.CID_LOGIN_REQ_USERLOGIN: {
                    IMLoginReq req = pdu.parse(IMLoginReq.parser());
                    loginRequests.add(req);
                    if (!answerLogin) {
                        return;
                    }
                    int result = loginResult;
                    IMLoginRes.Builder res = IMLoginRes.newBuilder()
                            .setServerTime((int) (System.currentTimeMillis() / 1000))
                            .setResultCode(ResultType.forNumber(result));
                    if (result == 0) {
                        res.setResultString("ok").setOnlineStatus(req.getOnlineStatus())
                                .setUserInfo(userInfo(USER_ID, req.getUserName()));
                        if (loginToken != null) {
                            res.setTtSessionToken(loginToken);
                        }
                    } else {
                        res.setResultString("bad user name or password");
                    }
                    var write = ctx.writeAndFlush(Pdu.of(CommandId.CID_LOGIN_RES_USERLOGIN, pdu.seq(), res.build()));
                    if (result != 0) {
                        write.addListener(ChannelFutureListener.CLOSE);
                    }
                    return;
                }
                case CommandId.CID_LOGIN_REQ_LOGINOUT:
                    received.add(new Received(ctx.channel(), pdu));
                    ctx.writeAndFlush(Pdu.of(CommandId.CID_LOGIN_RES_LOGINOUT, pdu.seq(),
                            IMLogoutRsp.newBuilder().setResultCode(0).build())).addListener(ChannelFutureListener.CLOSE);
                    return;
                default:
                    received.add(new Received(ctx.channel(), pdu));
                    responder.accept(ctx.channel(), pdu);
            }
        }
    }
}
