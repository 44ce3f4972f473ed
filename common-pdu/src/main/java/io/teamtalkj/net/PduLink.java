package io.teamtalkj.net;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.teamtalkj.pdu.Pdu;
import io.teamtalkj.pdu.PduDecoder;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client end of a server-to-server link (msg-server to dbproxy, route, login, ...). It
 * connects, heartbeats every 5 s when idle, closes after 30 s of silence, and reconnects with
 * exponential backoff and jitter until {@link #close()}. The listener hears each link up and
 * down on the link's event loop, so it can re-send snapshots (e.g. the online-user list) on
 * every reconnect.
 */
public final class PduLink implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PduLink.class);
    /** A peer down this long is warned about, then again at most this often (see {@link UnreachablePeerLog}). */
    static final Duration WARN_AFTER = Duration.ofSeconds(5);
    static final Duration WARN_EVERY = Duration.ofMinutes(5);

    /** Reacts to the link coming up and going down. */
    public interface Listener {
        void linkUp(PduLink link, Channel channel);

        default void linkDown(PduLink link) {
        }
    }

    private final String name;
    private final String host;
    private final int port;
    private final Settings settings;
    private final Listener listener;
    private final Bootstrap bootstrap;
    private final UnreachablePeerLog unreachable;
    private volatile Channel channel;
    private volatile boolean closed;
    private long nextBackoffMillis;

    private PduLink(String name, String host, int port, EventLoopGroup group, Settings settings,
                    Consumer<ChannelPipeline> handlers, Listener listener) {
        this.name = name;
        this.host = host;
        this.port = port;
        this.settings = settings;
        this.listener = listener;
        this.nextBackoffMillis = settings.minBackoff.toMillis();
        this.unreachable = new UnreachablePeerLog(name + ": link to " + host + ":" + port, WARN_AFTER, WARN_EVERY,
                System::nanoTime, UnreachablePeerLog.Sink.of(log));
        TlsHandshakeGuard guard = new TlsHandshakeGuard(name);
        this.bootstrap = new Bootstrap()
                .group(group)
                .channel(EventLoops.channelType())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) settings.connectTimeout.toMillis())
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, PduServer.WATER_MARK)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        PduPipelines.addLinkStack(ch.pipeline(), settings.maxFrameLength, settings.heartbeat,
                                settings.timeout);
                        if (settings.throttle != null) {
                            ch.pipeline().addLast("throttle", settings.throttle.watcher());
                        }
                        handlers.accept(ch.pipeline());
                        if (settings.tls != null) {
                            PduPipelines.addClientTls(ch.pipeline(), settings.tls, host, port, guard);
                        }
                    }
                });
    }

    /**
     * Starts connecting in the background and returns at once.
     *
     * @param handlers adds the inbound handlers (usually a dispatcher) after the link stack
     */
    public static PduLink open(String name, String host, int port, EventLoopGroup group, Settings settings,
                               Consumer<ChannelPipeline> handlers, Listener listener) {
        PduLink link = new PduLink(name, host, port, group, settings, handlers, listener);
        link.connect();
        return link;
    }

    private void connect() {
        if (closed) {
            return;
        }
        bootstrap.connect(host, port).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                log.debug("{}: connect to {}:{} failed: {}", name, host, port, f.cause().toString());
                unreachable.down(f.cause().toString());
                scheduleReconnect(f.channel().eventLoop());
                return;
            }
            Channel ch = f.channel();
            if (closed) {
                ch.close();
                return;
            }
            SslHandler tls = ch.pipeline().get(SslHandler.class);
            if (tls == null) {
                established(ch);
                return;
            }
            // up only once the server is verified: a failed handshake is "unreachable", not a flapping link
            tls.handshakeFuture().addListener(hf -> {
                if (hf.isSuccess()) {
                    established(ch);
                } else {
                    log.debug("{}: TLS handshake with {}:{} failed: {}", name, host, port, hf.cause().toString());
                    unreachable.down("TLS handshake failed: " + TlsHandshakeGuard.reason(hf.cause()));
                    ch.close();
                    scheduleReconnect(ch.eventLoop());
                }
            });
        });
    }

    private void established(Channel ch) {
        if (closed) {
            ch.close();
            return;
        }
        nextBackoffMillis = settings.minBackoff.toMillis();
        channel = ch;
        if (!unreachable.up()) {
            log.info("{}: link to {}:{} up{}", name, host, port, settings.tls != null ? " (TLS)" : "");
        }
        ch.closeFuture().addListener(cf -> onClosed(ch));
        try {
            listener.linkUp(this, ch);
        } catch (RuntimeException e) {
            log.error("{}: link-up listener failed", name, e);
        }
    }

    private void onClosed(Channel ch) {
        if (channel == ch) {
            channel = null;
        }
        if (!closed) {
            // a WARN follows only if it stays down (UnreachablePeerLog)
            log.info("{}: link to {}:{} down, reconnecting", name, host, port);
            unreachable.down("link closed");
        }
        try {
            listener.linkDown(this);
        } catch (RuntimeException e) {
            log.error("{}: link-down listener failed", name, e);
        }
        scheduleReconnect(ch.eventLoop());
    }

    private void scheduleReconnect(io.netty.channel.EventLoop loop) {
        if (closed) {
            return;
        }
        long base = nextBackoffMillis;
        nextBackoffMillis = Math.min(settings.maxBackoff.toMillis(), base * 2);
        long delay = base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
        loop.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
    }

    public boolean isUp() {
        Channel ch = channel;
        return ch != null && ch.isActive();
    }

    /** The live channel, or null while disconnected. */
    public Channel channel() {
        return channel;
    }

    /**
     * Writes a frame if the link is up; frames sent before the link's loop gets to them leave in
     * one flush ({@link CoalescingWriter}).
     *
     * @return the write future, or null if the link is down (the caller decides what that means)
     */
    public ChannelFuture send(Pdu pdu) {
        Channel ch = channel;
        if (ch == null || !ch.isActive()) {
            return null;
        }
        io.netty.channel.ChannelPromise written = ch.newPromise();
        CoalescingWriter.of(ch).write(pdu, written);
        return written;
    }

    public String name() {
        return name;
    }

    public String target() {
        return host + ":" + port;
    }

    @Override
    public void close() {
        closed = true;
        Channel ch = channel;
        if (ch != null) {
            ch.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
    }

    /** Timing and size settings of a link; TeamTalk's values are the defaults. */
    public static final class Settings {
        public static final Settings DEFAULT = new Settings(Duration.ofSeconds(5), Duration.ofSeconds(30),
                Duration.ofMillis(500), Duration.ofSeconds(10), Duration.ofSeconds(3), PduDecoder.DEFAULT_MAX_FRAME_LENGTH);

        final Duration heartbeat;
        final Duration timeout;
        final Duration minBackoff;
        final Duration maxBackoff;
        final Duration connectTimeout;
        final int maxFrameLength;
        /** Null for plain TCP. */
        final SslContext tls;
        /** Paused while this link cannot take more output; null = nothing is paused. */
        final ReadThrottle throttle;

        public Settings(Duration heartbeat, Duration timeout, Duration minBackoff, Duration maxBackoff,
                        Duration connectTimeout, int maxFrameLength) {
            this(heartbeat, timeout, minBackoff, maxBackoff, connectTimeout, maxFrameLength, null, null);
        }

        private Settings(Duration heartbeat, Duration timeout, Duration minBackoff, Duration maxBackoff,
                         Duration connectTimeout, int maxFrameLength, SslContext tls, ReadThrottle throttle) {
            if (minBackoff.toMillis() < 1 || maxBackoff.compareTo(minBackoff) < 0) {
                throw new IllegalArgumentException("backoff must satisfy 1 ms <= min <= max");
            }
            this.heartbeat = heartbeat;
            this.timeout = timeout;
            this.minBackoff = minBackoff;
            this.maxBackoff = maxBackoff;
            this.connectTimeout = connectTimeout;
            this.maxFrameLength = maxFrameLength;
            this.tls = tls;
            this.throttle = throttle;
        }

        public Duration heartbeat() {
            return heartbeat;
        }

        public Duration timeout() {
            return timeout;
        }

        public Settings withHeartbeat(Duration newHeartbeat, Duration newTimeout) {
            return new Settings(newHeartbeat, newTimeout, minBackoff, maxBackoff, connectTimeout, maxFrameLength, tls, throttle);
        }

        public Settings withBackoff(Duration min, Duration max) {
            return new Settings(heartbeat, timeout, min, max, connectTimeout, maxFrameLength, tls, throttle);
        }

        public Settings withMaxFrameLength(int max) {
            return new Settings(heartbeat, timeout, minBackoff, maxBackoff, connectTimeout, max, tls, throttle);
        }

        /**
         * Links made with these settings speak TLS with {@code context} (a client context, see
         * {@link TlsConfig#clientContext}); null = plain TCP.
         */
        public Settings withTls(SslContext context) {
            return new Settings(heartbeat, timeout, minBackoff, maxBackoff, connectTimeout, maxFrameLength, context, throttle);
        }

        /** Whether links made with these settings speak TLS. */
        public boolean tls() {
            return tls != null;
        }

        /** Links opened with these settings pause {@code readers}' feeders while they cannot take more output. */
        public Settings withThrottle(ReadThrottle readers) {
            return new Settings(heartbeat, timeout, minBackoff, maxBackoff, connectTimeout, maxFrameLength, tls, readers);
        }
    }
}
