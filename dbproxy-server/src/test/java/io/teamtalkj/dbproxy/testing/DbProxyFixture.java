package io.teamtalkj.dbproxy.testing;

import io.teamtalkj.dbproxy.DbProxyConfig;
import io.teamtalkj.dbproxy.DbProxyServer;
import io.teamtalkj.testing.PduTestClient;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.redisson.api.RedissonClient;

/**
 * A dbproxy IT's world: a fresh database and an empty Redis ({@link EmbeddedStorage}), a running
 * {@link DbProxyServer} on port 0 and, on first use, a connected test client. Register it as a
 * field, {@code @RegisterExtension final DbProxyFixture db = new DbProxyFixture();}: each test
 * gets its own world, stopped after it; in a {@code @TestInstance(PER_CLASS)} class the tests
 * share one, stopped after the last. Extension callbacks run before the class's
 * {@code @BeforeEach} methods, so those can already use {@link #config()} and {@link #client()}.
 */
public final class DbProxyFixture implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback {
    private final Consumer<DbProxyConfig> tuning;
    private boolean perClass;
    private DbProxyConfig config;
    private DbProxyServer server;
    private PduTestClient client;

    public DbProxyFixture() {
        this(cfg -> {
        });
    }

    /** @param tuning changes the test's config (batch size, caps) before the server starts */
    public DbProxyFixture(Consumer<DbProxyConfig> tuning) {
        this.tuning = tuning;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        perClass = true;
        start();
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        if (!perClass) {
            start();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        if (!perClass) {
            stop();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        stop();
    }

    private void start() throws Exception {
        config = EmbeddedStorage.freshConfig();
        tuning.accept(config);
        server = DbProxyServer.start(config);
    }

    private void stop() throws Exception {
        try {
            if (client != null) {
                client.close();
            }
        } finally {
            client = null;
            if (server != null) {
                server.close();
                server = null;
            }
        }
    }

    /**
     * Stops the server (and the client), runs {@code whileStopped} on the config, and starts a new
     * server on the same database and Redis: a restart, or a change of settings mid-test.
     */
    public void restart(Consumer<DbProxyConfig> whileStopped) throws Exception {
        stop();
        whileStopped.accept(config);
        server = DbProxyServer.start(config);
    }

    /** The running server's config: its database for {@link EmbeddedStorage#jdbc}, its Redis URL. */
    public DbProxyConfig config() {
        return config;
    }

    public DbProxyServer server() {
        return server;
    }

    /** The PDU port the server bound. */
    public int port() {
        return server.port();
    }

    /** The server's own Redis client (for arranging and checking keys). */
    public RedissonClient redis() {
        return server.context().storage().redis();
    }

    /** One client connected to the server, the same for the whole test; closed with the server. */
    public PduTestClient client() throws Exception {
        if (client == null) {
            client = PduTestClient.connect(server.port());
        }
        return client;
    }
}
