package io.teamtalkj.net;

import static io.teamtalkj.testing.Frames.frame;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.Channel;
import io.netty.channel.embedded.EmbeddedChannel;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.PduDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link IdleTimeoutHandler} on real loopback connections to a {@link PduServer} with the client
 * stack. Timing assertions are one-sided and generous: "closed no earlier than the timeout" is
 * certain (the handler starts counting after the TCP handshake the test started), "closed within
 * a few seconds" leaves plenty of room.
 */
class IdleTimeoutHandlerTest {
    private static final long GENEROUS_MILLIS = 5_000;

    private PduServer server;
    private Socket client;
    private final BlockingQueue<Channel> accepted = new LinkedBlockingQueue<>();

    @AfterEach
    void tearDown() throws IOException {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private void startServer(Duration timeout, Consumer<Channel> onAccept) throws InterruptedException {
        server = PduServer.start("idle-test", "127.0.0.1", 0, null, p -> {
            PduPipelines.addClientStack(p, PduDecoder.DEFAULT_MAX_FRAME_LENGTH, timeout);
            onAccept.accept(p.channel());
            accepted.add(p.channel());
        });
    }

    private void connect() throws IOException {
        client = new Socket();
        client.setTcpNoDelay(true);
        client.setSoTimeout((int) GENEROUS_MILLIS);
        client.connect(new InetSocketAddress("127.0.0.1", server.port()), (int) GENEROUS_MILLIS);
    }

    /** Blocks until the server closes the connection (EOF); fails if it sends anything or takes too long. */
    private void awaitServerClose() throws IOException {
        int read = client.getInputStream().read();
        assertThat(read).as("EOF from the server").isEqualTo(-1);
    }

    /** Sends a heartbeat and reads the 16-byte echo, proving the connection is still up. */
    private void heartbeatRoundTrip(int seq) throws IOException {
        byte[] heartbeat = frame(CommandId.CID_OTHER_HEARTBEAT, seq, null);
        client.getOutputStream().write(heartbeat);
        client.getOutputStream().flush();
        InputStream in = client.getInputStream();
        byte[] echo = in.readNBytes(16);
        assertThat(echo).as("echo of heartbeat %d", seq).containsExactly(heartbeat);
    }

    private static long millisSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    @Test
    void silentConnectionIsClosedAfterTheTimeout() throws Exception {
        startServer(Duration.ofMillis(300), ch -> { });
        long start = System.nanoTime();
        connect();

        awaitServerClose();

        assertThat(millisSince(start)).isGreaterThanOrEqualTo(300).isLessThan(GENEROUS_MILLIS);
        Channel serverSide = accepted.poll(GENEROUS_MILLIS, TimeUnit.MILLISECONDS);
        assertThat(serverSide.closeFuture().await(GENEROUS_MILLIS)).isTrue();
    }

    @Test
    void aBurstOfIdleClosesIsCountedNotLoggedLineByLine() throws Exception {
        startServer(Duration.ofMillis(100), ch -> { });
        long before = IdleTimeoutHandler.IDLE_CLOSES.unreported(IdleTimeoutHandler.IDLE_CLOSE);
        for (int i = 0; i < 4; i++) {
            connect();
            awaitServerClose();
            client.close();
        }
        // four closes within one 10 s interval: at most one of them wrote a line (and reset the count)
        long after = IdleTimeoutHandler.IDLE_CLOSES.unreported(IdleTimeoutHandler.IDLE_CLOSE);
        assertThat(after).isGreaterThanOrEqualTo(Math.min(before + 4, 3));
    }

    @Test
    void readsPostponeTheClose() throws Exception {
        startServer(Duration.ofMillis(400), ch -> { });
        long start = System.nanoTime();
        connect();

        long lastSend = 0;
        for (int seq = 1; millisSince(start) < 1_400; seq++) { // 3.5 timeouts, a heartbeat every ~100 ms
            lastSend = System.nanoTime();
            heartbeatRoundTrip(seq);
            Thread.sleep(100); // pacing only; the echo above is the correctness check
        }
        assertThat(millisSince(start)).as("kept open by reads well past one timeout").isGreaterThan(1_200);

        awaitServerClose();
        assertThat(millisSince(lastSend)).isGreaterThanOrEqualTo(400).isLessThan(GENEROUS_MILLIS);
    }

    @Test
    void setTimeoutCanExtendTheTimeout() throws Exception {
        startServer(Duration.ofMillis(200), ch -> IdleTimeoutHandler.of(ch).setTimeout(Duration.ofSeconds(60)));
        connect();
        Channel serverSide = accepted.poll(GENEROUS_MILLIS, TimeUnit.MILLISECONDS);
        assertThat(serverSide).isNotNull();

        // silent for 5x the original timeout: with the new 60 s timeout the connection must survive
        assertThat(serverSide.closeFuture().await(1_000)).as("closed despite the longer timeout").isFalse();
        heartbeatRoundTrip(1);
        assertThat(IdleTimeoutHandler.of(serverSide).timeout()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void setTimeoutFromAnotherThreadCanShortenTheTimeout() throws Exception {
        startServer(Duration.ofSeconds(60), ch -> { });
        connect();
        Channel serverSide = accepted.poll(GENEROUS_MILLIS, TimeUnit.MILLISECONDS);
        heartbeatRoundTrip(1);
        assertThat(serverSide.isOpen()).isTrue();

        long changed = System.nanoTime();
        IdleTimeoutHandler.of(serverSide).setTimeout(Duration.ofMillis(200)); // from the test thread

        awaitServerClose();
        assertThat(millisSince(changed)).isLessThan(GENEROUS_MILLIS);
    }

    @Test
    void setTimeoutBeforeTheHandlerIsAddedJustStoresIt() {
        IdleTimeoutHandler handler = new IdleTimeoutHandler(Duration.ofSeconds(15));
        handler.setTimeout(Duration.ofSeconds(120));
        assertThat(handler.timeout()).isEqualTo(Duration.ofSeconds(120));
    }

    @Test
    void setTimeoutOnAnEmbeddedChannelRunsOnItsEventLoop() {
        IdleTimeoutHandler handler = new IdleTimeoutHandler(Duration.ofSeconds(15));
        EmbeddedChannel ch = new EmbeddedChannel(handler);

        handler.setTimeout(Duration.ofSeconds(300));
        ch.runPendingTasks();

        assertThat(handler.timeout()).isEqualTo(Duration.ofSeconds(300));
        assertThat(IdleTimeoutHandler.of(ch)).isSameAs(handler);
        assertThat(ch.isOpen()).isTrue();
        ch.finishAndReleaseAll();
    }
}
