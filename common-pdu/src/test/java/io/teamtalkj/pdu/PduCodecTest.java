package io.teamtalkj.pdu;

import static io.teamtalkj.testing.Frames.buf;
import static io.teamtalkj.testing.Frames.concat;
import static io.teamtalkj.testing.Frames.drain;
import static io.teamtalkj.testing.Frames.encode;
import static io.teamtalkj.testing.Frames.frame;
import static io.teamtalkj.testing.Frames.hex;
import static io.teamtalkj.testing.Frames.slice;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.mogujie.tt.protobuf.IMBaseDefine;
import com.mogujie.tt.protobuf.IMLogin;
import com.mogujie.tt.protobuf.IMMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The 16-byte TeamTalk frame (teamtalk.md §1) through {@link PduDecoder} and {@link PduEncoder}. */
class PduCodecTest {
    private static final int DEFAULT_MAX = 400 * 1024;

    private final List<EmbeddedChannel> channels = new ArrayList<>();

    @AfterEach
    void finishChannels() {
        for (EmbeddedChannel ch : channels) {
            ch.finishAndReleaseAll();
        }
    }

    private EmbeddedChannel decoder() {
        return decoder(new PduDecoder());
    }

    private EmbeddedChannel decoder(PduDecoder decoder) {
        EmbeddedChannel ch = new EmbeddedChannel(decoder);
        channels.add(ch);
        return ch;
    }

    private EmbeddedChannel encoder() {
        EmbeddedChannel ch = new EmbeddedChannel(PduEncoder.INSTANCE);
        channels.add(ch);
        return ch;
    }

    private static List<Pdu> readAll(EmbeddedChannel ch) {
        List<Pdu> out = new ArrayList<>();
        for (Object o; (o = ch.readInbound()) != null; ) {
            out.add((Pdu) o);
        }
        return out;
    }

    private static byte[] encodeOne(EmbeddedChannel ch, Pdu pdu) {
        assertThat(ch.writeOutbound(pdu)).isTrue();
        ByteBuf out = ch.readOutbound();
        assertThat(ch.<Object>readOutbound()).as("one buffer per pdu").isNull();
        return drain(out);
    }

    // ---- exact bytes ----------------------------------------------------------------------

    @Test
    void heartbeatEncodesToExactBytes() {
        byte[] bytes = encodeOne(encoder(), Pdu.heartbeat());

        assertThat(bytes).containsExactly(hex("00 00 00 10 00 01 00 00 00 07 07 01 00 00 00 00"));
    }

    @Test
    void heartbeatBytesDecode() {
        EmbeddedChannel ch = decoder();
        ch.writeInbound(buf(hex("00 00 00 10 00 01 00 00 00 07 07 01 00 2a 00 00")));

        Pdu pdu = ch.readInbound();
        assertThat(pdu.serviceId()).isEqualTo(ServiceId.SID_OTHER);
        assertThat(pdu.commandId()).isEqualTo(CommandId.CID_OTHER_HEARTBEAT);
        assertThat(pdu.seq()).isEqualTo(42);
        assertThat(pdu.body()).isEmpty();
        assertThat(pdu.frameLength()).isEqualTo(16);
    }

    @Test
    void encoderWritesHeaderFieldsBigEndianInOrder() {
        byte[] body = {(byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef};
        Pdu pdu = new Pdu(13, 0x0102, 0x0304, 0x0506, 0xfedc, 0x0030, body);

        byte[] bytes = encodeOne(encoder(), pdu);

        assertThat(bytes).containsExactly(hex(
                "00 00 00 14  00 0d  01 02  03 04  05 06  fe dc  00 30  de ad be ef"));
    }

    @Test
    void pduOfUsesTheCommandsServiceVersionOneAndZeroFlagReserved() {
        IMMessage.IMClientTimeRsp rsp = IMMessage.IMClientTimeRsp.newBuilder().setServerTime(0x5f5e1000).build();

        byte[] bytes = encodeOne(encoder(), Pdu.of(CommandId.CID_MSG_TIME_RESPONSE, 0x0102, rsp));

        // body: field 1 varint (tag 0x08) 0x5f5e1000 = 80 a0 f8 fa 05 (7-bit groups, low first)
        assertThat(bytes).containsExactly(hex(
                "00 00 00 16  00 01  00 00  00 03  03 06  01 02  00 00  08 80 a0 f8 fa 05"));
    }

    @Test
    void handBuiltLoginRequestDecodesAndParses() throws Exception {
        String password = "e10adc3949ba59abbe56e057f20f883e"; // md5("123456"), 32 chars
        byte[] body = concat(
                hex("0a 05"), "alice".getBytes(StandardCharsets.US_ASCII), // 1: user_name
                hex("12 20"), password.getBytes(StandardCharsets.US_ASCII), // 2: password
                hex("18 01"), // 3: online_status = USER_STATUS_ONLINE
                hex("20 12"), // 4: client_type = CLIENT_TYPE_ANDROID (0x12)
                hex("2a 05"), "1.0.0".getBytes(StandardCharsets.US_ASCII)); // 5: client_version
        ByteBuf frame = Unpooled.buffer();
        frame.writeInt(16 + body.length); // length counts the header
        frame.writeShort(6);               // version: Android
        frame.writeShort(0);               // flag
        frame.writeShort(0x0001);          // SID_LOGIN
        frame.writeShort(0x0103);          // CID_LOGIN_REQ_USERLOGIN
        frame.writeShort(0x1234);          // seq
        frame.writeShort(0x0030);          // reserved: Android's '0'
        frame.writeBytes(body);
        assertThat(frame.readableBytes()).isEqualTo(16 + 7 + 34 + 2 + 2 + 7);

        EmbeddedChannel ch = decoder();
        ch.writeInbound(frame);

        Pdu pdu = ch.readInbound();
        assertThat(pdu).isNotNull();
        assertThat(ch.<Object>readInbound()).isNull();
        assertThat(pdu.version()).isEqualTo(6);
        assertThat(pdu.flag()).isZero();
        assertThat(pdu.serviceId()).isEqualTo(ServiceId.SID_LOGIN);
        assertThat(pdu.commandId()).isEqualTo(CommandId.CID_LOGIN_REQ_USERLOGIN);
        assertThat(pdu.seq()).isEqualTo(0x1234);
        assertThat(pdu.reserved()).isEqualTo(0x0030);
        assertThat(pdu.body()).containsExactly(body);

        IMLogin.IMLoginReq req = pdu.parse(IMLogin.IMLoginReq.parser());
        assertThat(req).isEqualTo(IMLogin.IMLoginReq.newBuilder()
                .setUserName("alice")
                .setPassword(password)
                .setOnlineStatus(IMBaseDefine.UserStatType.USER_STATUS_ONLINE)
                .setClientType(IMBaseDefine.ClientType.CLIENT_TYPE_ANDROID)
                .setClientVersion("1.0.0")
                .build());
        assertThat(req.getUnknownFields().asMap()).isEmpty();
    }

    // ---- stream handling ------------------------------------------------------------------

    private static byte[] sampleFrame(int seq) {
        IMMessage.IMMsgData msg = IMMessage.IMMsgData.newBuilder()
                .setFromUserId(1).setToSessionId(2).setMsgId(3).setCreateTime(4)
                .setMsgType(IMBaseDefine.MsgType.MSG_TYPE_SINGLE_TEXT)
                .setMsgData(ByteString.copyFromUtf8("hello " + seq))
                .build();
        return frame(CommandId.CID_MSG_DATA, seq, msg.toByteArray());
    }

    @Test
    void frameSplitAtEveryByteBoundaryDecodesExactlyOnce() {
        byte[] bytes = sampleFrame(7);
        int n = bytes.length;
        for (int i = 0; i <= n; i++) {
            EmbeddedChannel ch = decoder();
            ch.writeInbound(buf(slice(bytes, 0, i)));
            if (i < n) {
                assertThat(ch.<Object>readInbound()).as("nothing after %d of %d bytes", i, n).isNull();
            }
            ch.writeInbound(buf(slice(bytes, i, n)));

            List<Pdu> pdus = readAll(ch);
            assertThat(pdus).as("split at %d", i).hasSize(1);
            assertThat(encode(pdus.get(0))).as("split at %d", i).containsExactly(bytes);
            assertThat(ch.isOpen()).isTrue();
        }
    }

    @Test
    void frameFedOneByteAtATimeDecodesExactlyOnce() {
        byte[] bytes = sampleFrame(8);
        EmbeddedChannel ch = decoder();
        for (int i = 0; i < bytes.length; i++) {
            ch.writeInbound(buf(slice(bytes, i, i + 1)));
            if (i < bytes.length - 1) {
                assertThat(ch.<Object>readInbound()).isNull();
            }
        }
        List<Pdu> pdus = readAll(ch);
        assertThat(pdus).hasSize(1);
        assertThat(pdus.get(0).seq()).isEqualTo(8);
    }

    @Test
    void threeFramesInOneBufferDecodeInOrder() {
        byte[] heartbeat = frame(CommandId.CID_OTHER_HEARTBEAT, 1, null);
        byte[] msg = sampleFrame(2);
        byte[] timeReq = frame(CommandId.CID_MSG_TIME_REQUEST, 3, null);

        EmbeddedChannel ch = decoder();
        ch.writeInbound(buf(concat(heartbeat, msg, timeReq)));

        List<Pdu> pdus = readAll(ch);
        assertThat(pdus).extracting(Pdu::commandId)
                .containsExactly(CommandId.CID_OTHER_HEARTBEAT, CommandId.CID_MSG_DATA, CommandId.CID_MSG_TIME_REQUEST);
        assertThat(pdus).extracting(Pdu::seq).containsExactly(1, 2, 3);
        assertThat(encode(pdus.get(1))).containsExactly(msg);
    }

    @Test
    void frameAndAHalfKeepTheHalfForLater() {
        byte[] first = sampleFrame(1);
        byte[] second = sampleFrame(2);
        int cut = 20; // header plus 4 body bytes of the second frame

        EmbeddedChannel ch = decoder();
        ch.writeInbound(buf(concat(first, slice(second, 0, cut))));
        assertThat(readAll(ch)).extracting(Pdu::seq).containsExactly(1);

        ch.writeInbound(buf(slice(second, cut, second.length)));
        assertThat(readAll(ch)).extracting(Pdu::seq).containsExactly(2);
    }

    @Test
    void bodylessFrameOfLength16Decodes() {
        EmbeddedChannel ch = decoder();
        ch.writeInbound(buf(frame(16, 1, 0, ServiceId.SID_MSG, CommandId.CID_MSG_TIME_REQUEST, 9, 0, null)));

        Pdu pdu = ch.readInbound();
        assertThat(pdu.commandId()).isEqualTo(CommandId.CID_MSG_TIME_REQUEST);
        assertThat(pdu.body()).isEmpty();
        assertThat(ch.isOpen()).isTrue();
    }

    // ---- version / flag / reserved are never validated ----------------------------------

    @ParameterizedTest(name = "version {0}")
    @ValueSource(ints = {1, 6, 13})
    void clientVersionsAndAndroidReservedAreAcceptedAndCarried(int version) {
        byte[] body = {0x08, 0x01};
        EmbeddedChannel ch = decoder();
        ch.writeInbound(buf(frame(18, version, 0, ServiceId.SID_LOGIN, CommandId.CID_LOGIN_RES_LOGINOUT, 77, 0x0030,
                body)));

        Pdu pdu = ch.readInbound();
        assertThat(pdu).isNotNull();
        assertThat(pdu.version()).isEqualTo(version);
        assertThat(pdu.reserved()).isEqualTo(0x0030);
        assertThat(pdu.flag()).isZero();
        assertThat(pdu.seq()).isEqualTo(77);
        assertThat(pdu.body()).containsExactly(body);
        assertThat(ch.isOpen()).isTrue();
    }

    @Test
    void arbitraryFlagAndMismatchedServiceIdAreCarriedAsReceived() {
        EmbeddedChannel ch = decoder();
        ch.writeInbound(buf(frame(16, 0xffff, 0xabcd, 0x0009, CommandId.CID_OTHER_HEARTBEAT, 0xffff, 0xffff, null)));

        Pdu pdu = ch.readInbound();
        assertThat(pdu.version()).isEqualTo(0xffff);
        assertThat(pdu.flag()).isEqualTo(0xabcd);
        assertThat(pdu.serviceId()).isEqualTo(9);
        assertThat(pdu.seq()).isEqualTo(0xffff);
        assertThat(pdu.reserved()).isEqualTo(0xffff);
    }

    // ---- bad lengths close the connection ---------------------------------------------------

    static Stream<Arguments> badLengths() {
        return Stream.of(
                Arguments.of(1024, 0L), Arguments.of(1024, 1L), Arguments.of(1024, 15L),
                Arguments.of(1024, 1025L), Arguments.of(1024, 0xFFFFFFFFL), Arguments.of(1024, 0x80000000L),
                Arguments.of(DEFAULT_MAX, 0L), Arguments.of(DEFAULT_MAX, 15L),
                Arguments.of(DEFAULT_MAX, DEFAULT_MAX + 1L), Arguments.of(DEFAULT_MAX, 0xFFFFFFFFL));
    }

    @ParameterizedTest(name = "max {0}, length {1}")
    @MethodSource("badLengths")
    void badLengthClosesTheChannelWithoutAPdu(int max, long length) {
        EmbeddedChannel ch = max == DEFAULT_MAX ? decoder() : decoder(new PduDecoder(max));
        // a plausible header followed by a few body bytes and then a well-formed frame: none of it may decode
        byte[] bytes = concat(
                frame((int) length, 1, 0, ServiceId.SID_MSG, CommandId.CID_MSG_DATA, 5, 0, new byte[] {1, 2, 3, 4}),
                frame(CommandId.CID_OTHER_HEARTBEAT, 6, null));

        ch.writeInbound(buf(bytes));

        assertThat(ch.isOpen()).isFalse();
        assertThat(ch.<Object>readInbound()).isNull();
    }

    @ParameterizedTest(name = "length {0}")
    @ValueSource(longs = {0L, 15L, 1025L, 0xFFFFFFFFL})
    void badLengthIsSeenFromTheFirstFourBytes(long length) {
        EmbeddedChannel ch = decoder(new PduDecoder(1024));
        byte[] header = frame((int) length, 1, 0, 3, 0x0301, 1, 0, null);

        ch.writeInbound(buf(slice(header, 0, 4)));

        assertThat(ch.isOpen()).isFalse();
        assertThat(ch.<Object>readInbound()).isNull();
    }

    @Test
    void goodFrameBeforeABadLengthIsStillDelivered() {
        EmbeddedChannel ch = decoder(new PduDecoder(1024));
        ch.writeInbound(buf(concat(sampleFrame(1), frame(2000, 1, 0, 3, 0x0301, 2, 0, null))));

        assertThat(readAll(ch)).extracting(Pdu::seq).containsExactly(1);
        assertThat(ch.isOpen()).isFalse();
    }

    @ParameterizedTest(name = "max {0}")
    @ValueSource(ints = {1024, DEFAULT_MAX})
    void frameOfExactlyTheMaximumLengthIsAccepted(int max) {
        EmbeddedChannel ch = decoder(new PduDecoder(max));
        byte[] body = new byte[max - 16];
        body[body.length - 1] = 0x55;

        ch.writeInbound(buf(frame(max, 1, 0, ServiceId.SID_FILE, CommandId.CID_FILE_PULL_DATA_RSP, 3, 0, body)));

        Pdu pdu = ch.readInbound();
        assertThat(pdu).isNotNull();
        assertThat(pdu.frameLength()).isEqualTo(max);
        assertThat(pdu.body()).containsExactly(body);
        assertThat(ch.isOpen()).isTrue();
    }

    @Test
    void defaultMaximumIsAndroids400KiB() {
        assertThat(PduDecoder.DEFAULT_MAX_FRAME_LENGTH).isEqualTo(409_600);
        assertThat(new PduDecoder().maxFrameLength()).isEqualTo(409_600);
    }

    // ---- round trip -------------------------------------------------------------------------

    @Test
    void encodeDecodeRoundTripKeepsEveryHeaderFieldAndTheBody() {
        byte[] body = "not necessarily protobuf \u0000\u00ff".getBytes(StandardCharsets.UTF_8);
        Pdu original = new Pdu(13, 0x00f0, ServiceId.SID_GROUP, CommandId.CID_GROUP_INFO_RESPONSE, 0xfffe, 0x0030, body);

        byte[] wire = encodeOne(encoder(), original);
        assertThat(wire).hasSize(16 + body.length);

        EmbeddedChannel ch = decoder();
        ch.writeInbound(buf(wire));
        Pdu decoded = ch.readInbound();

        assertThat(decoded.version()).isEqualTo(13);
        assertThat(decoded.flag()).isEqualTo(0x00f0);
        assertThat(decoded.serviceId()).isEqualTo(ServiceId.SID_GROUP);
        assertThat(decoded.commandId()).isEqualTo(CommandId.CID_GROUP_INFO_RESPONSE);
        assertThat(decoded.seq()).isEqualTo(0xfffe);
        assertThat(decoded.reserved()).isEqualTo(0x0030);
        assertThat(decoded.body()).containsExactly(body);
        assertThat(decoded).isEqualTo(original);
    }

    @Test
    void seqIsAnUnsigned16BitValue() {
        Pdu pdu = Pdu.ofBody(CommandId.CID_OTHER_HEARTBEAT, 0x1ffff, null);
        assertThat(pdu.seq()).isEqualTo(0xffff);
        assertThat(pdu.withSeq(0x10005).seq()).isEqualTo(5);
        assertThat(Pdu.push(CommandId.CID_LOGIN_KICK_USER, null).seq()).isZero();
    }
}
