package io.teamtalkj.net;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sits right after the {@code SslHandler} of a TLS listener: a peer that speaks plain TCP to a
 * TLS port, presents no or an untrusted certificate, or stalls the handshake is closed and logged
 * (one WARN line per interval with a count, see {@link IntervalLog}: a port scanner must not fill
 * the log), and its errors stop here instead of reaching the tier's handlers as stack traces.
 */
@ChannelHandler.Sharable
public final class TlsHandshakeGuard extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(TlsHandshakeGuard.class);

    private final String name;
    private final IntervalLog failures;

    /** @param name the listener or link, for the log line */
    public TlsHandshakeGuard(String name) {
        this(name, new IntervalLog(log));
    }

    TlsHandshakeGuard(String name, IntervalLog failures) {
        this.name = name;
        this.failures = failures;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof SslHandshakeCompletionEvent done && !done.isSuccess()) {
            failures.hit(name + ": TLS handshake failed, connection closed",
                    ctx.channel().remoteAddress() + ": " + reason(done.cause()));
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
        if (isTlsFailure(cause)) {
            // during the handshake its completion event says why; after it (TLS 1.3: a server refusing
            // our client certificate answers only once our side is done) this is the only word of it
            SslHandler tls = ctx.pipeline().get(SslHandler.class);
            if (tls == null || tls.handshakeFuture().isSuccess()) {
                failures.hit(name + ": TLS error, connection closed", ctx.channel().remoteAddress() + ": " + reason(cause));
            }
            ctx.close(); // no stack trace per bad peer
            return;
        }
        super.exceptionCaught(ctx, cause);
    }

    static boolean isTlsFailure(Throwable cause) {
        Throwable c = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        return c instanceof SSLException || c instanceof NotSslRecordException;
    }

    static String reason(Throwable cause) {
        if (cause instanceof NotSslRecordException) {
            return "not TLS (a plain-TCP client on a TLS port?)";
        }
        Throwable c = cause;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c.getMessage() != null ? c.getMessage() : c.getClass().getSimpleName();
    }
}
