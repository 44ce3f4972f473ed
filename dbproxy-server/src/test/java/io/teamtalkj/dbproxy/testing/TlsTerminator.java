package io.teamtalkj.dbproxy.testing;

import io.teamtalkj.net.TlsConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;

/**
 * A TLS front for a plain TCP server (as stunnel would be): it accepts TLS on a free loopback port
 * with the given identity and pipes the bytes to {@code 127.0.0.1:targetPort}. Lets a test speak
 * {@code rediss://} to the embedded redis-server, which is not built with TLS.
 */
public final class TlsTerminator implements AutoCloseable {
    private final ServerSocket server;
    private final int targetPort;
    private final AtomicInteger handshakes = new AtomicInteger();

    public TlsTerminator(TlsConfig identity, int targetPort) throws Exception {
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(identity.keyManagerFactory().getKeyManagers(), null, null);
        this.server = ssl.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        ((SSLServerSocket) server).setNeedClientAuth(false);
        this.targetPort = targetPort;
        Thread accept = new Thread(this::acceptLoop, "tls-terminator-accept");
        accept.setDaemon(true);
        accept.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Connections whose TLS handshake completed. */
    public int handshakes() {
        return handshakes.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket tls = server.accept();
                Thread t = new Thread(() -> serve(tls), "tls-terminator-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket tls) {
        try (tls; Socket plain = new Socket(InetAddress.getLoopbackAddress(), targetPort)) {
            ((javax.net.ssl.SSLSocket) tls).startHandshake();
            handshakes.incrementAndGet();
            Thread back = new Thread(() -> pipe(plain, tls), "tls-terminator-back");
            back.setDaemon(true);
            back.start();
            pipe(tls, plain);
        } catch (IOException e) {
            // a refused handshake or a closed side: the connection just ends
        }
    }

    private static void pipe(Socket from, Socket to) {
        byte[] buf = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // the other direction's close
        } finally {
            try {
                from.close();
                to.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
