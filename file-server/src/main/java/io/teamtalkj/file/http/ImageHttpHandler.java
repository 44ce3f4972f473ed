package io.teamtalkj.file.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.multipart.DefaultHttpDataFactory;
import io.netty.handler.codec.http.multipart.FileUpload;
import io.netty.handler.codec.http.multipart.HttpPostRequestDecoder;
import io.netty.handler.codec.http.multipart.InterfaceHttpData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The image/audio store over HTTP, as TeamTalk's msfs: {@code POST} a multipart form with one file
 * → JSON {@code {"error_code":0,"error_msg":"成功","path":"g0/…","url":"http://…/g0/…"}};
 * {@code GET /g0/…} (or HEAD) returns the file. Failures answer an HTTP error status with
 * {@code {"error_code":N,"error_msg":"…"}} (codes in {@link #NO_FILE} … {@link #METHOD}). Disk work
 * runs on the disk executor.
 */
@ChannelHandler.Sharable
public final class ImageHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger log = LoggerFactory.getLogger(ImageHttpHandler.class);

    public static final int OK = 0;
    /** The POST held no file part. */
    public static final int NO_FILE = 1;
    /** The file (or the whole request) is over the limit. */
    public static final int TOO_LARGE = 2;
    /** Malformed request, or a path that is not one the store hands out (e.g. with {@code ..}). */
    public static final int BAD_REQUEST = 3;
    /** The store could not write or read the file (disk full, I/O error). */
    public static final int STORAGE_FAILED = 4;
    public static final int NOT_FOUND = 5;
    public static final int METHOD = 6;

    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.\\-]+(:[0-9]{1,5})?|\\[[0-9A-Fa-f:.]+\\](:[0-9]{1,5})?");
    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("jpg", "image/jpeg"), Map.entry("jpeg", "image/jpeg"), Map.entry("png", "image/png"),
            Map.entry("gif", "image/gif"), Map.entry("webp", "image/webp"), Map.entry("bmp", "image/bmp"),
            Map.entry("amr", "audio/amr"), Map.entry("mp3", "audio/mpeg"), Map.entry("m4a", "audio/mp4"),
            Map.entry("aac", "audio/aac"), Map.entry("wav", "audio/wav"), Map.entry("spx", "audio/ogg"),
            Map.entry("ogg", "audio/ogg"));

    private final ImageStore store;
    private final int maxFileSize;
    private final String baseUrl;
    private final Executor disk;

    public ImageHttpHandler(ImageStore store, int maxFileSize, String baseUrl, Executor disk) {
        this.store = store;
        this.maxFileSize = maxFileSize;
        this.baseUrl = baseUrl == null || baseUrl.isEmpty() ? "" : baseUrl.endsWith("/") ? baseUrl : baseUrl + "/";
        this.disk = disk;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        if (!req.decoderResult().isSuccess()) {
            error(ctx, false, HttpResponseStatus.BAD_REQUEST, BAD_REQUEST, "malformed HTTP request");
            return;
        }
        if (req.method().equals(HttpMethod.POST)) {
            upload(ctx, req, keepAlive);
        } else if (req.method().equals(HttpMethod.GET) || req.method().equals(HttpMethod.HEAD)) {
            download(ctx, req, keepAlive, req.method().equals(HttpMethod.HEAD));
        } else {
            error(ctx, keepAlive, HttpResponseStatus.METHOD_NOT_ALLOWED, METHOD, "use POST to upload, GET to download");
        }
    }

    private void upload(ChannelHandlerContext ctx, FullHttpRequest req, boolean keepAlive) {
        String name;
        byte[] data;
        HttpPostRequestDecoder decoder = null;
        try {
            decoder = new HttpPostRequestDecoder(new DefaultHttpDataFactory(false), req);
            FileUpload file = null;
            for (InterfaceHttpData part : decoder.getBodyHttpDatas()) {
                if (part instanceof FileUpload f) {
                    file = f;
                    break;
                }
            }
            if (file == null) {
                error(ctx, keepAlive, HttpResponseStatus.BAD_REQUEST, NO_FILE, "no file in the request (multipart/form-data)");
                return;
            }
            if (file.length() > maxFileSize) {
                log.info("upload from {} refused: {} bytes, limit {}", ctx.channel().remoteAddress(), file.length(), maxFileSize);
                error(ctx, keepAlive, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, TOO_LARGE,
                        "file larger than " + maxFileSize + " bytes");
                return;
            }
            name = file.getFilename();
            data = file.get();
        } catch (HttpPostRequestDecoder.ErrorDataDecoderException | IOException | IllegalArgumentException e) {
            error(ctx, keepAlive, HttpResponseStatus.BAD_REQUEST, BAD_REQUEST, "malformed upload: " + e.getMessage());
            return;
        } finally {
            if (decoder != null) {
                decoder.destroy();
            }
        }
        if (data.length == 0) {
            error(ctx, keepAlive, HttpResponseStatus.BAD_REQUEST, NO_FILE, "empty file");
            return;
        }
        String base = baseUrl.isEmpty() ? "http://" + host(req, ctx) + "/" : baseUrl;
        onDisk(ctx, keepAlive, () -> {
            String path;
            try {
                path = store.store(name, data);
            } catch (IOException | RuntimeException e) {
                log.error("cannot store an upload of {} bytes under {}: {}", data.length, store.root(), e.toString());
                error(ctx, keepAlive, HttpResponseStatus.INTERNAL_SERVER_ERROR, STORAGE_FAILED, "the store cannot write the file");
                return;
            }
            log.debug("stored {} bytes from {} as {}", data.length, ctx.channel().remoteAddress(), path);
            respond(ctx, keepAlive, HttpResponseStatus.OK, json(OK, "成功", path, base + path),
                    "application/json;charset=utf-8", false);
        });
    }

    private void download(ChannelHandlerContext ctx, FullHttpRequest req, boolean keepAlive, boolean head) {
        String path;
        try {
            path = new QueryStringDecoder(req.uri()).path();
        } catch (IllegalArgumentException e) {
            error(ctx, keepAlive, HttpResponseStatus.BAD_REQUEST, BAD_REQUEST, "malformed path");
            return;
        }
        String rel = path.startsWith("/") ? path.substring(1) : path;
        Path file = store.resolve(rel);
        if (file == null) {
            log.info("GET {} from {} refused: not a store path", req.uri(), ctx.channel().remoteAddress());
            error(ctx, keepAlive, HttpResponseStatus.BAD_REQUEST, BAD_REQUEST, "not a path of this store");
            return;
        }
        onDisk(ctx, keepAlive, () -> {
            byte[] data;
            try {
                data = Files.readAllBytes(file);
            } catch (NoSuchFileException e) {
                error(ctx, keepAlive, HttpResponseStatus.NOT_FOUND, NOT_FOUND, "no such file");
                return;
            } catch (IOException e) {
                log.error("cannot read {}: {}", file, e.toString());
                error(ctx, keepAlive, HttpResponseStatus.INTERNAL_SERVER_ERROR, STORAGE_FAILED, "the store cannot read the file");
                return;
            }
            int dot = rel.lastIndexOf('.');
            String type = dot < 0 ? null : TYPES.get(rel.substring(dot + 1));
            respond(ctx, keepAlive, HttpResponseStatus.OK, data, type == null ? "application/octet-stream" : type, head);
        });
    }

    private void onDisk(ChannelHandlerContext ctx, boolean keepAlive, Runnable work) {
        try {
            disk.execute(work);
        } catch (RejectedExecutionException stopping) {
            error(ctx, false, HttpResponseStatus.SERVICE_UNAVAILABLE, STORAGE_FAILED, "stopping");
        }
    }

    private String host(FullHttpRequest req, ChannelHandlerContext ctx) {
        String h = req.headers().get(HttpHeaderNames.HOST);
        if (h != null && HOST.matcher(h).matches()) {
            return h;
        }
        java.net.InetSocketAddress local = (java.net.InetSocketAddress) ctx.channel().localAddress();
        return local.getAddress().getHostAddress() + ":" + local.getPort();
    }

    static void error(ChannelHandlerContext ctx, boolean keepAlive, HttpResponseStatus status, int code, String message) {
        respond(ctx, keepAlive, status, json(code, message, null, null), "application/json;charset=utf-8", false);
    }

    private static void respond(ChannelHandlerContext ctx, boolean keepAlive, HttpResponseStatus status, byte[] body,
                                String type, boolean head) {
        FullHttpResponse rsp = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
        rsp.headers().set(HttpHeaderNames.CONTENT_TYPE, type).setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        // the web chat (issue 19) uploads from the login-server's origin and reads this answer; the
        // store is as open as msfs was (anyone may upload or fetch), so any origin may read it
        rsp.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
        if (status.equals(HttpResponseStatus.OK) && !type.startsWith("application/json")) {
            // paths are content hashes: what is there never changes
            rsp.headers().set(HttpHeaderNames.CACHE_CONTROL, "public, max-age=31536000, immutable");
        }
        if (keepAlive) {
            HttpUtil.setKeepAlive(rsp, true);
        } else {
            rsp.headers().set(HttpHeaderNames.CONNECTION, "close");
        }
        ChannelFuture f = ctx.writeAndFlush(rsp);
        if (!keepAlive) {
            f.addListener(ChannelFutureListener.CLOSE);
        }
    }

    static byte[] json(int code, String message, String path, String url) {
        StringBuilder sb = new StringBuilder("{\"error_code\":").append(code).append(",\"error_msg\":");
        quote(sb, message);
        if (path != null) {
            sb.append(",\"path\":");
            quote(sb, path);
            sb.append(",\"url\":");
            quote(sb, url);
        }
        return sb.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("closing HTTP connection from {}: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
