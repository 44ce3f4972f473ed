package io.teamtalkj.client;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.util.AttributeKey;
import io.teamtalkj.net.PduPipelines;
import io.teamtalkj.net.ws.WebSocketPduDecoder;
import io.teamtalkj.net.ws.WebSocketPduEncoder;
import java.net.InetSocketAddress;
import java.net.URI;

/**
 * The SDK's WebSocket transport (issue 19): HTTP upgrade to {@code ws://host:port/path}, then one
 * binary message per PDU with the same decoder/encoder names as TCP, so the rest of the client
 * pipeline is unchanged. The login waits for the upgrade ({@link #whenReady}).
 */
final class WebSocketClientStack {
    private static final AttributeKey<ChannelPromise> READY = AttributeKey.valueOf("teamtalk.wsReady");
    private static final long HANDSHAKE_TIMEOUT_MILLIS = 10_000;

    private WebSocketClientStack() {
    }

    static void add(ChannelPipeline p, InetSocketAddress address, boolean tls, String path, int maxFrameLength,
                    ChannelPromise ready) {
        String host = address.getHostString().contains(":") ? "[" + address.getHostString() + "]" : address.getHostString();
        URI uri = URI.create((tls ? "wss://" : "ws://") + host + ":" + address.getPort() + path);
        p.addLast("http", new HttpClientCodec());
        p.addLast("httpAggregator", new HttpObjectAggregator(16 * 1024));
        p.addLast(PduPipelines.WEBSOCKET, new WebSocketClientProtocolHandler(WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(uri)
                .maxFramePayloadLength(maxFrameLength)
                .handshakeTimeoutMillis(HANDSHAKE_TIMEOUT_MILLIS)
                .dropPongFrames(true)
                .build()));
        p.addLast("wsAggregator", new WebSocketFrameAggregator(maxFrameLength));
        p.addLast("wsReady", new ChannelInboundHandlerAdapter() {
            @Override
            public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
                if (evt == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                    ready.trySuccess();
                } else if (evt == ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
                    ready.tryFailure(new ConnectionLostException("WebSocket handshake with " + uri + " timed out"));
                }
                super.userEventTriggered(ctx, evt);
            }

            @Override
            public void channelInactive(ChannelHandlerContext ctx) throws Exception {
                ready.tryFailure(new ConnectionLostException("closed during the WebSocket handshake with " + uri));
                super.channelInactive(ctx);
            }
        });
        p.addLast(PduPipelines.DECODER, WebSocketPduDecoder.INSTANCE);
        p.addLast(PduPipelines.ENCODER, WebSocketPduEncoder.INSTANCE);
        p.channel().attr(READY).set(ready);
    }

    /**
     * Runs {@code then} once a WebSocket channel is upgraded (at once for TCP). A failed upgrade
     * runs it too, on a closed channel, so its request fails as any request on a lost connection.
     */
    static void whenReady(Channel ch, Runnable then) {
        ChannelPromise ready = ch.attr(READY).get();
        if (ready == null) {
            then.run();
            return;
        }
        ready.addListener(f -> {
            if (!f.isSuccess()) {
                ch.close();
            }
            then.run();
        });
    }
}
