package io.teamtalkj.login;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers clients' {@code GET /msg_server}: any request whose path starts with
 * {@code /msg_server} (method and query ignored, as in TeamTalk) gets the least-loaded
 * msg-server as JSON; anything else is a 404. Every response closes the connection.
 */
@ChannelHandler.Sharable
final class MsgServerHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    static final String PATH = "/msg_server";
    // written with TeamTalk's capitalisation: some clients' hand-made HTTP parsers compare names
    static final String CONTENT_TYPE = "Content-Type";
    static final String CONTENT_LENGTH = "Content-Length";
    static final String CONNECTION = "Connection";
    static final String JSON_TYPE = "text/html;charset=utf-8";

    private static final Logger log = LoggerFactory.getLogger(MsgServerHttpHandler.class);

    private final MsgServerRegistry registry;
    private final LoginServerConfig config;
    private final LoginMetrics metrics;

    private final WebFiles web;

    MsgServerHttpHandler(MsgServerRegistry registry, LoginServerConfig config, LoginMetrics metrics) {
        this(registry, config, metrics, WebFiles.NONE);
    }

    MsgServerHttpHandler(MsgServerRegistry registry, LoginServerConfig config, LoginMetrics metrics, WebFiles web) {
        this.web = web;
        this.registry = registry;
        this.config = config;
        this.metrics = metrics;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (!request.decoderResult().isSuccess()) {
            Throwable cause = request.decoderResult().cause();
            HttpResponseStatus status = cause instanceof TooLongHttpLineException ? HttpResponseStatus.REQUEST_URI_TOO_LONG
                    : cause instanceof TooLongHttpHeaderException ? HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE
                    : HttpResponseStatus.BAD_REQUEST;
            log.info("bad HTTP request from {}: {}", ctx.channel().remoteAddress(), cause.toString());
            metrics.badRequest();
            respond(ctx, status, status.toString().getBytes(StandardCharsets.US_ASCII), "text/plain;charset=utf-8");
            return;
        }
        String uri = request.uri();
        WebFiles.File file = uri.startsWith(PATH) ? null : web.find(uri);
        if (file != null && (request.method().equals(HttpMethod.GET) || request.method().equals(HttpMethod.HEAD))) {
            respond(ctx, HttpResponseStatus.OK, file.bytes(), file.contentType());
            return;
        }
        if (!uri.startsWith(PATH)) {
            log.debug("404 for {} {} from {}", request.method(), uri, ctx.channel().remoteAddress());
            metrics.notFound();
            respond(ctx, HttpResponseStatus.NOT_FOUND, "404 Not Found".getBytes(StandardCharsets.US_ASCII),
                    "text/plain;charset=utf-8");
            return;
        }
        MsgServerChoice choice = registry.choose();
        metrics.answered(choice);
        log.debug("{} {} from {}: {}", request.method(), uri, ctx.channel().remoteAddress(), choice);
        respond(ctx, HttpResponseStatus.OK,
                MsgServerJson.body(choice, config.msfsPrior, config.msfsBackup, config.discovery), JSON_TYPE);
    }

    private static void respond(ChannelHandlerContext ctx, HttpResponseStatus status, byte[] body, String type) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.wrappedBuffer(body));
        response.headers()
                .set(CONNECTION, "close")
                .set(CONTENT_TYPE, type)
                .set(CONTENT_LENGTH, body.length);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("closing HTTP connection from {}: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
