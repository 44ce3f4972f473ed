package io.teamtalkj.embedded;

import java.io.IOException;
import java.net.ServerSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;

/** A real redis-server binary (embedded-redis) on 127.0.0.1 with persistence switched off. */
public final class EmbeddedRedis implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedRedis.class);

    private final RedisServer server;
    private final int port;

    private EmbeddedRedis(RedisServer server, int port) {
        this.server = server;
        this.port = port;
    }

    /** @param port the port, 0 for a free one */
    public static EmbeddedRedis start(int port) throws IOException {
        int actual = port == 0 ? freePort() : port;
        RedisServer server = RedisServer.newRedisServer()
                .port(actual)
                .bind("127.0.0.1")
                .setting("save \"\"")
                .setting("appendonly no")
                .build();
        server.start();
        log.info("embedded redis-server on 127.0.0.1:{}", actual);
        return new EmbeddedRedis(server, actual);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    public int port() {
        return port;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (IOException e) {
            log.warn("stopping embedded redis-server failed: {}", e.toString());
        }
    }
}
