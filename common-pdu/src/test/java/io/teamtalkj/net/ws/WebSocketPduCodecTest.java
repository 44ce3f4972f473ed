package io.teamtalkj.net.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.teamtalkj.pdu.Pdu;
import io.teamtalkj.pdu.PduEncoder;
import org.junit.jupiter.api.Test;

class WebSocketPduCodecTest {
    private static EmbeddedChannel channel() {
        return new EmbeddedChannel(WebSocketPduDecoder.INSTANCE, WebSocketPduEncoder.INSTANCE);
    }

    private static ByteBuf frame(Pdu pdu) {
        ByteBuf buf = Unpooled.buffer();
        PduEncoder.write(pdu, buf);
        return buf;
    }

    @Test
    void oneBinaryMessageIsOnePduWithItsHeaderFields() {
        EmbeddedChannel ch = channel();
        Pdu sent = new Pdu(3, 4, 0x0003, 0x0301, 77, 9, new byte[] {1, 2, 3});
        ch.writeInbound(new BinaryWebSocketFrame(frame(sent)));
        Pdu got = ch.readInbound();
        assertThat(got.version()).isEqualTo(3);
        assertThat(got.flag()).isEqualTo(4);
        assertThat(got.serviceId()).isEqualTo(3);
        assertThat(got.commandId()).isEqualTo(0x0301);
        assertThat(got.seq()).isEqualTo(77);
        assertThat(got.reserved()).isEqualTo(9);
        assertThat(got.body()).containsExactly(1, 2, 3);
        assertThat(ch.isOpen()).isTrue();
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void pdusAndPreEncodedFramesGoOutAsOneBinaryMessageEach() {
        EmbeddedChannel ch = channel();
        Pdu pdu = Pdu.ofBody(0x0701, 5, new byte[0]);
        ch.writeOutbound(pdu);
        ByteBuf shared = frame(pdu);
        ch.writeOutbound(shared.retainedDuplicate());
        for (int i = 0; i < 2; i++) {
            BinaryWebSocketFrame out = ch.readOutbound();
            assertThat(out.content().readableBytes()).isEqualTo(16);
            assertThat(out.content().getUnsignedShort(10)).isEqualTo(0x0701);
            assertThat(out.content().getUnsignedShort(12)).isEqualTo(5);
            out.release();
        }
        assertThat(shared.refCnt()).as("the shared frame is released by its owner only").isEqualTo(1);
        shared.release();
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void aMessageThatIsNotExactlyOnePduClosesWithProtocolError() {
        EmbeddedChannel ch = channel();
        ByteBuf two = Unpooled.buffer();
        PduEncoder.write(Pdu.ofBody(0x0701, 1, new byte[0]), two);
        PduEncoder.write(Pdu.ofBody(0x0701, 2, new byte[0]), two);
        ch.writeInbound(new BinaryWebSocketFrame(two));
        assertThat((Object) ch.readInbound()).isNull();
        CloseWebSocketFrame close = ch.readOutbound();
        assertThat(close.statusCode()).isEqualTo(1002);
        close.release();
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void shortMessagesAndTextMessagesClose() {
        EmbeddedChannel shortOne = channel();
        shortOne.writeInbound(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {0, 0, 0, 8, 0, 0, 0, 0})));
        CloseWebSocketFrame c1 = shortOne.readOutbound();
        assertThat(c1.statusCode()).isEqualTo(1002);
        c1.release();
        assertThat(shortOne.isOpen()).isFalse();

        EmbeddedChannel text = channel();
        text.writeInbound(new TextWebSocketFrame("hello"));
        CloseWebSocketFrame c2 = text.readOutbound();
        assertThat(c2.statusCode()).isEqualTo(1003);
        c2.release();
        assertThat(text.isOpen()).isFalse();
    }

    @Test
    void aFragmentedMessageAboveTheLimitClosesWithMessageTooBig() {
        EmbeddedChannel ch = channel();
        ch.pipeline().fireExceptionCaught(new TooLongFrameException("WebSocketFrame length exceeded"));
        CloseWebSocketFrame close = ch.readOutbound();
        assertThat(close.statusCode()).isEqualTo(1009);
        close.release();
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void theOriginAllowListIsExactAndRefusesRequestsWithoutOrigin() {
        WebSocketOptions any = WebSocketOptions.DEFAULT;
        assertThat(any.originAllowed(null)).isTrue();
        assertThat(any.originAllowed("https://x.example")).isTrue();
        WebSocketOptions one = any.withAllowedOrigins(java.util.List.of("https://chat.example.com"));
        assertThat(one.originAllowed("https://chat.example.com")).isTrue();
        assertThat(one.originAllowed("HTTPS://CHAT.EXAMPLE.COM")).isTrue();
        assertThat(one.originAllowed("https://chat.example.com.evil.org")).isFalse();
        assertThat(one.originAllowed(null)).isFalse();
    }
}
