package io.teamtalkj.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.Test;

/** A bad TLS peer is closed and logged in one line with the reason, never passed on as a stack trace. */
class TlsHandshakeGuardTest {
    private final List<String> lines = new ArrayList<>();
    private final IntervalLog log = new IntervalLog(lines::add, Duration.ofSeconds(10), System::nanoTime);

    @Test
    void failedHandshakeClosesAndLogsTheReason() {
        EmbeddedChannel ch = new EmbeddedChannel(new TlsHandshakeGuard("test-port", log));
        ch.pipeline().fireUserEventTriggered(new SslHandshakeCompletionEvent(new NotSslRecordException("not an SSL/TLS record")));
        assertThat(ch.isOpen()).isFalse();
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).contains("test-port: TLS handshake failed", "a plain-TCP client on a TLS port");
    }

    @Test
    void tlsErrorAfterTheHandshakeIsLoggedAndSwallowed() {
        EmbeddedChannel ch = new EmbeddedChannel(new TlsHandshakeGuard("test-link", log));
        ch.pipeline().fireExceptionCaught(new DecoderException(new SSLException("Received fatal alert: certificate_required")));
        assertThat(ch.isOpen()).isFalse();
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).contains("test-link: TLS error", "certificate_required");
        ch.checkException(); // nothing reached the end of the pipeline
    }

    @Test
    void otherErrorsPassOn() {
        EmbeddedChannel ch = new EmbeddedChannel(new TlsHandshakeGuard("test-port", log));
        ch.pipeline().fireExceptionCaught(new IllegalStateException("not ours"));
        assertThat(lines).isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(ch::checkException).isInstanceOf(IllegalStateException.class);
    }
}
