package io.teamtalkj.net;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.codec.http.websocketx.extensions.compression.WebSocketServerCompressionHandler;
import io.teamtalkj.net.ws.WebSocketHandshakeGate;
import io.teamtalkj.net.ws.WebSocketOptions;
import io.teamtalkj.net.ws.WebSocketPduDecoder;
import io.teamtalkj.net.ws.WebSocketPduEncoder;
import io.teamtalkj.pdu.PduDecoder;
import io.teamtalkj.pdu.PduEncoder;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** The standard handler stacks, so every tier names and orders them the same way. */
public final class PduPipelines {
    public static final String DECODER = "pduDecoder";
    public static final String ENCODER = "pduEncoder";
    public static final String IDLE = "idle";
    public static final String HEARTBEAT = "heartbeat";
    public static final String DISPATCHER = "dispatcher";
    public static final String TLS = "tls";
    public static final String TLS_GUARD = "tlsGuard";
    public static final String WEBSOCKET = "websocket";
    /** The opening HTTP request may carry cookies and long headers, never a body. */
    static final int MAX_HANDSHAKE_BYTES = 16 * 1024;
    static final long HANDSHAKE_TIMEOUT_MILLIS = 10_000;

    private PduPipelines() {
    }

    /** Framing only: decoder and encoder. */
    public static void addCodec(ChannelPipeline p, int maxFrameLength) {
        p.addLast(DECODER, new PduDecoder(maxFrameLength));
        p.addLast(ENCODER, PduEncoder.INSTANCE);
    }

    /**
     * A client-facing connection: frames, an idle timeout that starts at {@code unauthenticated}
     * (the tier raises it after login through {@link IdleTimeoutHandler#of}), and heartbeats echoed
     * with their seq.
     */
    public static void addClientStack(ChannelPipeline p, int maxFrameLength, Duration unauthenticated) {
        addCodec(p, maxFrameLength);
        p.addLast(IDLE, new IdleTimeoutHandler(unauthenticated));
        p.addLast(HEARTBEAT, HeartbeatEchoHandler.INSTANCE);
    }

    /**
     * A client-facing connection over WebSocket ({@code ws://host:port/path}): HTTP until the
     * upgrade, then one binary message per PDU, and from {@link #DECODER} on the same handlers, by
     * the same names, as {@link #addClientStack}, so the tier adds the rest of its pipeline
     * unchanged (one pipeline, two framings). Messages above {@code maxFrameLength} close the
     * connection with status 1009; pings are answered with pongs.
     */
    public static void addWebSocketClientStack(ChannelPipeline p, WebSocketOptions ws, int maxFrameLength,
                                               Duration unauthenticated) {
        p.addLast("http", new HttpServerCodec());
        p.addLast("httpAggregator", new HttpObjectAggregator(MAX_HANDSHAKE_BYTES));
        p.addLast("handshakeGate", new WebSocketHandshakeGate(ws));
        if (ws.compression()) {
            p.addLast("wsCompression", new WebSocketServerCompressionHandler(maxFrameLength));
        }
        p.addLast(WEBSOCKET, new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig.newBuilder()
                .websocketPath(ws.path())
                .handshakeTimeoutMillis(HANDSHAKE_TIMEOUT_MILLIS)
                .dropPongFrames(true)
                .decoderConfig(WebSocketDecoderConfig.newBuilder()
                        .maxFramePayloadLength(maxFrameLength)
                        .allowExtensions(ws.compression())
                        .closeOnProtocolViolation(true)
                        .build())
                .build()));
        p.addLast("wsAggregator", new WebSocketFrameAggregator(maxFrameLength));
        p.addLast(DECODER, WebSocketPduDecoder.INSTANCE);
        p.addLast(ENCODER, WebSocketPduEncoder.INSTANCE);
        p.addLast(IDLE, new IdleTimeoutHandler(unauthenticated));
        p.addLast(HEARTBEAT, HeartbeatEchoHandler.INSTANCE);
    }

    /**
     * One end of a server-to-server link: frames, a heartbeat after {@code heartbeat} without
     * writes, and a close after {@code timeout} without reads. Neither end echoes, so two
     * heartbeating ends do not ping-pong.
     */
    public static void addLinkStack(ChannelPipeline p, int maxFrameLength, Duration heartbeat, Duration timeout) {
        addCodec(p, maxFrameLength);
        p.addLast(IDLE, new IdleStateHandler(timeout.toMillis(), heartbeat.toMillis(), 0, TimeUnit.MILLISECONDS));
        p.addLast(HEARTBEAT, new LinkHeartbeatHandler());
    }

    /** TLS in front of a listener's stack (first in the pipeline), with its handshake guard. */
    public static void addServerTls(ChannelPipeline p, SslContext tls, TlsHandshakeGuard guard) {
        p.addFirst(TLS_GUARD, guard);
        p.addFirst(TLS, tls.newHandler(p.channel().alloc()));
    }

    /**
     * TLS in front of a connecting end's stack; {@code host} is the name the server's certificate
     * must carry (host name verification).
     */
    public static void addClientTls(ChannelPipeline p, SslContext tls, String host, int port, TlsHandshakeGuard guard) {
        p.addFirst(TLS_GUARD, guard);
        p.addFirst(TLS, tls.newHandler(p.channel().alloc(), host, port));
    }
}
