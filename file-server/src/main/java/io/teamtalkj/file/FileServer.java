package io.teamtalkj.file;

import io.teamtalkj.control.CachedCheck;
import io.teamtalkj.control.MetricsHttpServer;
import io.teamtalkj.control.TierHealthService;
import io.teamtalkj.control.TierMetrics;
import io.teamtalkj.control.proto.ComponentHealth;
import io.teamtalkj.file.transfer.TransferMetrics;
import java.time.Duration;
import com.mogujie.tt.protobuf.IMServer.IMFileServerIPReq;
import com.mogujie.tt.protobuf.IMServer.IMFileTransferReq;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import io.teamtalkj.file.http.ImageHttpHandler;
import io.teamtalkj.file.http.ImageStore;
import io.teamtalkj.file.http.UploadAggregator;
import io.teamtalkj.file.transfer.ClientGate;
import io.teamtalkj.file.transfer.ClientHandlers;
import io.teamtalkj.file.transfer.OfflineStore;
import io.teamtalkj.file.transfer.Transfers;
import io.teamtalkj.net.EventLoops;
import io.teamtalkj.net.IdleTimeoutHandler;
import io.teamtalkj.net.PduPipelines;
import io.teamtalkj.net.PduServer;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.CommandRegistry;
import io.teamtalkj.pdu.RequestExecutor;
import io.teamtalkj.pdu.PduDispatcher;
import java.io.IOException;
import java.nio.file.Files;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file-server: TeamTalk's file_server and msfs in one process.
 * <ul>
 *   <li>client port (8600): IMFileLoginReq, IMFileState, IMFilePullDataReq/Rsp: online transfers
 *       relayed between sender and receiver, offline uploads stored, offline downloads served;</li>
 *   <li>msg-server port (8601): IMFileServerIPReq (client addresses) and IMFileTransferReq
 *       (a new task);</li>
 *   <li>HTTP port (8700, optional): the image/audio store.</li>
 * </ul>
 * Offline files live under {@code storageDir/offline}, images under {@code storageDir/images}.
 */
public final class FileServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FileServer.class);

    static final int MAX_HTTP_LINE = 4096;
    static final int MAX_HTTP_HEADERS = 8192;

    private final FileServerConfig config;
    private final EventLoopGroup loops;
    private final ExecutorService disk;
    private Transfers transfers;
    private PduServer clients;
    private PduServer msgServers;
    private PduServer http;
    private final TierMetrics metrics = new TierMetrics();
    private TierHealthService health;
    private CachedCheck storage;
    private MetricsHttpServer metricsHttp;

    private FileServer(FileServerConfig config) {
        this.config = config;
        this.loops = EventLoops.newGroup("file-io", config.ioThreads);
        this.disk = Executors.newFixedThreadPool(config.diskThreads, daemonThreads("file-disk"));
    }

    /**
     * Validates the settings, creates the storage directories and binds the ports.
     *
     * @throws IOException when the storage directory cannot be created or a port cannot be bound
     */
    public static FileServer start(FileServerConfig config) throws IOException, InterruptedException {
        config.validate();
        FileServer server = new FileServer(config);
        try {
            server.startParts();
        } catch (Exception e) {
            server.close();
            if (e instanceof IOException io) {
                throw io;
            }
            if (e instanceof InterruptedException ie) {
                throw ie;
            }
            throw e instanceof RuntimeException re ? re : new IllegalStateException(e);
        }
        return server;
    }

    private void startParts() throws IOException, InterruptedException {
        OfflineStore offline = new OfflineStore(config.storageDir.resolve("offline"), config.minFreeSpace);
        ImageStore images = new ImageStore(config.storageDir.resolve("images"));
        Files.createDirectories(offline.root());
        Files.createDirectories(images.root());
        transfers = new Transfers(config, offline, disk, loops, new TransferMetrics(metrics.registry()));

        PduDispatcher clientDispatcher = new PduDispatcher("file-clients", ClientHandlers.registry(transfers));
        ClientGate gate = new ClientGate(transfers);
        SslContext clientTls = config.clientTls.enabled() ? config.clientTls.serverContext("the client port") : null;
        clients = PduServer.start("file-clients", config.listenHost, config.clientPort, loops, clientTls, p -> {
            PduPipelines.addClientStack(p, config.maxFrameLength, config.loginTimeout);
            p.addLast("gate", gate);
            p.addLast(PduPipelines.DISPATCHER, clientDispatcher);
        });

        PduDispatcher linkDispatcher = new PduDispatcher("file-msg-servers", new CommandRegistry()
                .register(CommandId.CID_OTHER_FILE_SERVER_IP_REQ, IMFileServerIPReq.parser(),
                        new FileServerIpHandler(config, this::clientPort))
                .register(CommandId.CID_OTHER_FILE_TRANSFER_REQ, IMFileTransferReq.parser(), new FileTransferReqHandler(transfers),
                        RequestExecutor.EVENT_LOOP));
        msgServers = PduServer.start("file-msg-servers", config.listenHost, config.msgServerPort, loops,
                config.linkTls.enabled() ? config.linkTls.serverContext("the port other tiers link to") : null, p -> {
            PduPipelines.addLinkStack(p, config.maxFrameLength, config.linkHeartbeat, config.linkTimeout);
            p.addLast(PduPipelines.DISPATCHER, linkDispatcher);
            logLink(p);
        });

        if (config.httpPort >= 0) {
            ImageHttpHandler handler = new ImageHttpHandler(images, config.maxImageSize, config.imageBaseUrl, disk);
            http = PduServer.start("file-http", config.listenHost, config.httpPort, loops, clientTls, p -> {
                p.addLast("idle", new IdleTimeoutHandler(config.httpIdleTimeout));
                p.addLast("http", new HttpServerCodec(new HttpDecoderConfig()
                        .setMaxInitialLineLength(MAX_HTTP_LINE)
                        .setMaxHeaderSize(MAX_HTTP_HEADERS)));
                p.addLast("aggregate", new UploadAggregator(config.maxUploadSize));
                p.addLast("store", handler);
            });
        }
        // ready while both storage directories are writable (probed at most once a second, off this thread)
        storage = new CachedCheck("storage", Duration.ofSeconds(1), Duration.ofSeconds(1), () -> storageHealth(offline, images));
        health = new TierHealthService("file-server", config.listenHost + ":" + clientPort()).addCheck("storage", storage);
        if (config.metricsPort >= 0) {
            metricsHttp = MetricsHttpServer.start("file-server", config.metricsHost, config.metricsPort, metrics::scrape,
                    health);
        }
        log.info("file-server ready: clients {}:{} (advertised {}), msg-servers {}:{}, image store {}, storage {}{}",
                config.listenHost, clientPort(), config.advertisedHosts, config.listenHost, msgServerPort(),
                http == null ? "off" : config.listenHost + ":" + http.port(), config.storageDir.toAbsolutePath(),
                clientTls == null ? "" : "; client port and image store over TLS");
    }

    private static ComponentHealth storageHealth(OfflineStore offline, ImageStore images) {
        boolean writable = Files.isWritable(offline.root()) && Files.isWritable(images.root());
        return TierHealthService.component("storage", writable, writable
                ? offline.root().getParent().toAbsolutePath() + " writable"
                : offline.root().getParent().toAbsolutePath() + " not writable");
    }

    private static void logLink(ChannelPipeline p) {
        Channel ch = p.channel();
        log.info("msg-server link from {}", ch.remoteAddress());
        ch.closeFuture().addListener(f -> log.info("msg-server link from {} closed", ch.remoteAddress()));
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    public int clientPort() {
        return clients.port();
    }

    public int msgServerPort() {
        return msgServers.port();
    }

    /** The metrics port (/metrics, /health, /ready), or -1 when it is disabled. */
    public int metricsPort() {
        return metricsHttp == null ? -1 : metricsHttp.port();
    }

    /** The HTTP image store's port, or -1 when it is disabled. */
    public int httpPort() {
        return http == null ? -1 : http.port();
    }

    public FileServerConfig config() {
        return config;
    }

    /** Tasks created and not yet ended. */
    public int liveTasks() {
        return transfers == null ? 0 : transfers.liveTasks();
    }

    /** Stops accepting, closes every connection (partial uploads are dropped), then stops the threads. */
    @Override
    public void close() {
        if (health != null) {
            health.markShuttingDown();
        }
        if (metricsHttp != null) {
            metricsHttp.close();
        }
        if (storage != null) {
            storage.close();
        }
        metrics.close();
        for (PduServer s : new PduServer[] {http, msgServers, clients}) {
            if (s != null) {
                s.close();
            }
        }
        disk.shutdown();
        try {
            disk.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (transfers != null) {
            transfers.close();
        }
        loops.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        log.info("file-server stopped");
    }
}
