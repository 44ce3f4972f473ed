package io.teamtalkj.net;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP listener for PDU connections: one boss thread, a worker group, named threads, every
 * accepted channel tracked so {@link #close()} can stop accepting, close the connections and
 * shut the loops down gracefully. The caller supplies the pipeline (usually via
 * {@link PduPipelines}).
 */
public final class PduServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PduServer.class);

    /** Outbound bytes a connection may queue before it is unwritable (design.md §2). */
    public static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(256 * 1024, 1024 * 1024);

    private final String name;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final boolean ownsWorkers;
    private final ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private Channel serverChannel;

    private PduServer(String name, EventLoopGroup workers) {
        this.name = name;
        this.boss = EventLoops.newGroup(name + "-accept", 1);
        this.ownsWorkers = workers == null;
        this.workers = workers != null ? workers : EventLoops.newGroup(name + "-io", 0);
    }

    /**
     * Binds {@code host:port} (port 0 picks a free one) and returns the started server.
     *
     * @param workers event loops to use, or null to create (and later shut down) our own
     */
    public static PduServer start(String name, String host, int port, EventLoopGroup workers,
                                  Consumer<ChannelPipeline> pipeline) throws InterruptedException {
        return start(name, host, port, workers, null, pipeline);
    }

    /**
     * Like {@link #start(String, String, int, EventLoopGroup, Consumer)}, with every connection
     * wrapped in TLS when {@code tls} is not null (the pipeline's handlers then see plain PDUs).
     */
    public static PduServer start(String name, String host, int port, EventLoopGroup workers, SslContext tls,
                                  Consumer<ChannelPipeline> pipeline) throws InterruptedException {
        PduServer server = new PduServer(name, workers);
        try {
            server.bind(host, port, tls, pipeline);
        } catch (RuntimeException | InterruptedException e) {
            server.close();
            throw e;
        }
        return server;
    }

    private void bind(String host, int port, SslContext tls, Consumer<ChannelPipeline> pipeline) throws InterruptedException {
        TlsHandshakeGuard guard = tls == null ? null : new TlsHandshakeGuard(name);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(boss, workers)
                .channel(EventLoops.serverChannelType())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        channels.add(ch);
                        pipeline.accept(ch.pipeline());
                        if (tls != null) {
                            PduPipelines.addServerTls(ch.pipeline(), tls, guard);
                        }
                    }
                });
        serverChannel = bootstrap.bind(host, port).sync().channel();
        channels.add(serverChannel);
        log.info("{} listening on {} ({}{})", name, serverChannel.localAddress(), EventLoops.epoll() ? "epoll" : "nio",
                tls == null ? "" : ", TLS");
    }

    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    /** Connections currently open (the listening socket excluded). */
    public int connectionCount() {
        return Math.max(0, channels.size() - (serverChannel != null && serverChannel.isOpen() ? 1 : 0));
    }

    public EventLoopGroup workers() {
        return workers;
    }

    /** Stops accepting new connections; the open ones stay (a drain closes them later with {@link #close()}). */
    public void stopAccepting() {
        if (serverChannel != null) {
            serverChannel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    /** The open connections (the listening socket excluded). */
    public List<Channel> connections() {
        List<Channel> open = new ArrayList<>(channels.size());
        for (Channel ch : channels) {
            if (ch != serverChannel) {
                open.add(ch);
            }
        }
        return open;
    }

    /** Stops accepting, closes every connection, then shuts the event loops down. */
    @Override
    public void close() {
        if (serverChannel != null) {
            serverChannel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        channels.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        if (ownsWorkers) {
            workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        log.info("{} stopped", name);
    }
}
