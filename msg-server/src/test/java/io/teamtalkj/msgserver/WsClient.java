package io.teamtalkj.msgserver;

import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import com.mogujie.tt.protobuf.IMBaseDefine.ClientType;
import com.mogujie.tt.protobuf.IMBaseDefine.UserStatType;
import com.mogujie.tt.protobuf.IMLogin.IMLoginReq;
import com.mogujie.tt.protobuf.IMLogin.IMLoginRes;
import io.netty.buffer.Unpooled;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.dbproxy.storage.Passwords;
import io.teamtalkj.pdu.Pdu;
import io.teamtalkj.pdu.PduEncoder;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TeamTalk client over WebSocket built on the JDK's own WebSocket client (not Netty's), so the
 * msg-server's WebSocket side is tested against an independent implementation. Each received
 * binary message is parsed as one PDU; frames arriving while waiting for another command are kept.
 */
final class WsClient implements AutoCloseable {
    final WebSocket ws;
    private final LinkedBlockingQueue<Pdu> inbox = new LinkedBlockingQueue<>();
    private final ArrayDeque<Pdu> stash = new ArrayDeque<>();
    private final AtomicInteger seq = new AtomicInteger(1);
    /** The close status the server sent, once it closed (or -1 on an abort without a close frame). */
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    final LinkedBlockingQueue<ByteBuffer> pongs = new LinkedBlockingQueue<>();

    private WsClient(URI uri, String origin) {
        this(uri, origin, HttpClient.newHttpClient());
    }

    private WsClient(URI uri, String origin, HttpClient http) {
        WebSocket.Builder b = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        if (origin != null) {
            b.header("Origin", origin);
        }
        ws = b.buildAsync(uri, new Listener()).orTimeout(10, TimeUnit.SECONDS).join();
    }

    static WsClient connect(int port) {
        return connect(port, null);
    }

    static WsClient connect(int port, String origin) {
        return new WsClient(URI.create("ws://127.0.0.1:" + port + "/ws"), origin);
    }

    /** Over TLS (wss://), trusting {@code trust}. */
    static WsClient connect(URI uri, javax.net.ssl.SSLContext trust) {
        return new WsClient(uri, null, HttpClient.newBuilder().sslContext(trust).build());
    }

    static WsClient loggedIn(int port, String name, String password) throws Exception {
        WsClient c = connect(port);
        IMLoginRes res = c.login(name, password);
        if (res.getResultCode().getNumber() != 0) {
            throw new AssertionError("login of " + name + " failed: " + res.getResultCode());
        }
        return c;
    }

    IMLoginRes login(String name, String password) throws Exception {
        int s = send(CommandId.CID_LOGIN_REQ_USERLOGIN, IMLoginReq.newBuilder().setUserName(name)
                .setPassword(Passwords.md5Hex(password)).setOnlineStatus(UserStatType.USER_STATUS_ONLINE)
                .setClientType(ClientType.CLIENT_TYPE_WINDOWS).setClientVersion("ws-test").build());
        Pdu res = expect(CommandId.CID_LOGIN_RES_USERLOGIN);
        if (res.seq() != s) {
            throw new AssertionError("login response seq " + res.seq() + " != " + s);
        }
        return RawClient.parse(res, IMLoginRes.parser());
    }

    int send(int commandId, MessageLite body) {
        int s = seq.getAndIncrement() & 0xffff;
        sendBytes(encode(Pdu.of(commandId, s, body)));
        return s;
    }

    static byte[] encode(Pdu pdu) {
        var buf = Unpooled.buffer(pdu.frameLength());
        PduEncoder.write(pdu, buf);
        byte[] bytes = new byte[buf.readableBytes()];
        buf.readBytes(bytes);
        return bytes;
    }

    void sendBytes(byte[] message) {
        ws.sendBinary(ByteBuffer.wrap(message), true).orTimeout(10, TimeUnit.SECONDS).join();
    }

    Pdu expect(int commandId) throws InterruptedException {
        for (Iterator<Pdu> it = stash.iterator(); it.hasNext(); ) {
            Pdu p = it.next();
            if (p.commandId() == commandId) {
                it.remove();
                return p;
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            Pdu p = inbox.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (p == null) {
                throw new AssertionError("no " + CommandId.name(commandId) + " within 10 s; stashed " + stash);
            }
            if (p.commandId() == commandId) {
                return p;
            }
            stash.add(p);
        }
    }

    <T extends MessageLite> T expect(int commandId, Parser<T> parser) throws InterruptedException {
        return RawClient.parse(expect(commandId), parser);
    }

    @Override
    public void close() {
        ws.abort();
    }

    private final class Listener implements WebSocket.Listener {
        private final ByteArrayOutputStream parts = new ByteArrayOutputStream();

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] chunk = new byte[data.remaining()];
            data.get(chunk);
            parts.writeBytes(chunk);
            if (last) {
                byte[] m = parts.toByteArray();
                parts.reset();
                var buf = Unpooled.wrappedBuffer(m);
                long length = buf.getUnsignedInt(0);
                if (length != m.length) {
                    throw new AssertionError("message of " + m.length + " bytes carries PDU length " + length);
                }
                byte[] body = new byte[m.length - Pdu.HEADER_LENGTH];
                buf.getBytes(Pdu.HEADER_LENGTH, body);
                inbox.add(new Pdu(buf.getUnsignedShort(4), buf.getUnsignedShort(6), buf.getUnsignedShort(8),
                        buf.getUnsignedShort(10), buf.getUnsignedShort(12), buf.getUnsignedShort(14), body));
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
            pongs.add(message);
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(-1);
        }
    }
}
