package io.teamtalkj.pdu;

import static io.teamtalkj.testing.Frames.buf;
import static io.teamtalkj.testing.Frames.drain;
import static io.teamtalkj.testing.Frames.frame;
import static io.teamtalkj.testing.Frames.slice;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.mogujie.tt.protobuf.IMBaseDefine;
import com.mogujie.tt.protobuf.IMMessage;
import io.netty.channel.embedded.EmbeddedChannel;
import io.teamtalkj.testing.ProtoBytes;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PduDispatcherTest {
    private final List<Pdu> pdus = new ArrayList<>();
    private final List<IMMessage.IMMsgData> messages = new ArrayList<>();
    private CommandRegistry registry;
    private PduDispatcher dispatcher;
    private EmbeddedChannel channel;

    private static final IMMessage.IMMsgData MSG = IMMessage.IMMsgData.newBuilder()
            .setFromUserId(1).setToSessionId(2).setMsgId(0).setCreateTime(0)
            .setMsgType(IMBaseDefine.MsgType.MSG_TYPE_SINGLE_TEXT)
            .setMsgData(ByteString.copyFromUtf8("hi"))
            .build();

    @BeforeEach
    void setUp() {
        registry = new CommandRegistry().register(CommandId.CID_MSG_DATA, IMMessage.IMMsgData.parser(),
                (ctx, pdu, msg) -> {
                    pdus.add(pdu);
                    messages.add(msg);
                });
        dispatcher = new PduDispatcher("test", registry);
        channel = new EmbeddedChannel(dispatcher);
    }

    @AfterEach
    void tearDown() {
        channel.finishAndReleaseAll();
    }

    @Test
    void registeredCommandReachesTheHandlerWithTheTypedMessage() {
        Pdu pdu = Pdu.of(CommandId.CID_MSG_DATA, 33, MSG);

        channel.writeInbound(pdu);

        assertThat(messages).containsExactly(MSG);
        assertThat(pdus).containsExactly(pdu);
        assertThat(pdus.get(0).seq()).isEqualTo(33);
        assertThat(channel.isOpen()).isTrue();
        assertThat(dispatcher.malformedBodies()).isZero();
        assertThat(dispatcher.unknownCommands()).isZero();
        assertThat(channel.<Object>readInbound()).as("consumed, not passed on").isNull();
    }

    @Test
    void bytesFromTheWireAreDecodedAndDispatched() {
        EmbeddedChannel wire = new EmbeddedChannel(new PduDecoder(), dispatcher);
        try {
            wire.writeInbound(buf(frame(CommandId.CID_MSG_DATA, 4, MSG.toByteArray())));

            assertThat(messages).containsExactly(MSG);
            assertThat(pdus.get(0).seq()).isEqualTo(4);
        } finally {
            wire.finishAndReleaseAll();
        }
    }

    @Test
    void garbageBodyClosesTheChannelAndIsCounted() {
        channel.writeInbound(Pdu.ofBody(CommandId.CID_MSG_DATA, 1, new byte[] {(byte) 0xff, (byte) 0xff}));

        assertThat(channel.isOpen()).isFalse();
        assertThat(dispatcher.malformedBodies()).isEqualTo(1);
        assertThat(messages).isEmpty();
    }

    @Test
    void bodyMissingARequiredFieldClosesTheChannel() {
        // IMMsgData with fields 1..5 but without the required msg_data (6)
        byte[] body = ProtoBytes.message().uint32(1, 1).uint32(2, 2).uint32(3, 0).uint32(4, 0).enumValue(5, 1)
                .toByteArray();

        channel.writeInbound(Pdu.ofBody(CommandId.CID_MSG_DATA, 1, body));

        assertThat(channel.isOpen()).isFalse();
        assertThat(dispatcher.malformedBodies()).isEqualTo(1);
        assertThat(messages).isEmpty();
    }

    @Test
    void emptyBodyForAMessageWithRequiredFieldsIsMalformed() {
        channel.writeInbound(Pdu.ofBody(CommandId.CID_MSG_DATA, 1, null));

        assertThat(channel.isOpen()).isFalse();
        assertThat(dispatcher.malformedBodies()).isEqualTo(1);
    }

    @Test
    void unknownCommandIsDroppedAndTheChannelStaysOpen() {
        channel.writeInbound(Pdu.ofBody(CommandId.CID_MSG_DATA_ACK, 1, new byte[] {8, 1}));
        channel.writeInbound(Pdu.ofBody(0x070c, 2, null));

        assertThat(channel.isOpen()).isTrue();
        assertThat(dispatcher.unknownCommands()).isEqualTo(2);
        assertThat(dispatcher.malformedBodies()).isZero();
        assertThat(messages).isEmpty();

        channel.writeInbound(Pdu.of(CommandId.CID_MSG_DATA, 3, MSG));
        assertThat(messages).containsExactly(MSG);
    }

    @Test
    void ioErrorsCloseTheChannelAndAreCountedNotLoggedEachTime() {
        PduDispatcher d = new PduDispatcher("io", new CommandRegistry());
        EmbeddedChannel prime = new EmbeddedChannel(d);
        prime.pipeline().fireExceptionCaught(new java.nio.channels.ClosedChannelException()); // may write the line
        long before = PduDispatcher.IO_ERRORS.unreported(PduDispatcher.IO_ERROR);

        for (int i = 0; i < 50; i++) {
            EmbeddedChannel ch = new EmbeddedChannel(d);
            ch.pipeline().fireExceptionCaught(new java.io.IOException("Connection reset by peer"));
            assertThat(ch.isOpen()).isFalse();
        }

        // within the interval after the first line: all 50 counted, none written on its own
        assertThat(PduDispatcher.IO_ERRORS.unreported(PduDispatcher.IO_ERROR) - before).isEqualTo(50);
    }

    @Test
    void handlerExceptionClosesTheChannel() {
        CommandRegistry failing = new CommandRegistry().register(CommandId.CID_MSG_DATA, IMMessage.IMMsgData.parser(),
                (ctx, pdu, msg) -> {
                    throw new IllegalStateException("boom");
                });
        EmbeddedChannel ch = new EmbeddedChannel(new PduDispatcher("failing", failing));

        ch.writeInbound(Pdu.of(CommandId.CID_MSG_DATA, 1, MSG));

        assertThat(ch.isOpen()).isFalse();
        ch.finishAndReleaseAll();
    }

    @Test
    void handlerCanReplyThroughTheContext() {
        CommandRegistry echo = new CommandRegistry().register(CommandId.CID_MSG_DATA, IMMessage.IMMsgData.parser(),
                (ctx, pdu, msg) -> ctx.writeAndFlush(Pdu.of(CommandId.CID_MSG_DATA_ACK, pdu.seq(),
                        IMMessage.IMMsgDataAck.newBuilder().setUserId(msg.getFromUserId())
                                .setSessionId(msg.getToSessionId()).setMsgId(9)
                                .setSessionType(IMBaseDefine.SessionType.SESSION_TYPE_SINGLE).build())));
        EmbeddedChannel ch = new EmbeddedChannel(PduEncoder.INSTANCE, new PduDispatcher("echo", echo));

        ch.writeInbound(Pdu.of(CommandId.CID_MSG_DATA, 0x4321, MSG));

        byte[] reply = drain(ch.readOutbound());
        assertThat(slice(reply, 8, 14))
                .containsExactly(0x00, 0x03, 0x03, 0x02, 0x43, 0x21); // sid 3, cid 0x0302, seq echoed
        ch.finishAndReleaseAll();
    }

    @Test
    void registeringACommandTwiceThrows() {
        assertThatThrownBy(() -> registry.register(CommandId.CID_MSG_DATA, IMMessage.IMMsgData.parser(),
                (ctx, pdu, msg) -> { }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("CID_MSG_DATA");
    }

    @Test
    void registryAnswersLookups() {
        assertThat(registry.isRegistered(CommandId.CID_MSG_DATA)).isTrue();
        assertThat(registry.isRegistered(CommandId.CID_MSG_DATA_ACK)).isFalse();
        assertThat(registry.lookup(CommandId.CID_MSG_DATA_ACK)).isNull();
        assertThat(registry.registrations()).containsOnlyKeys(CommandId.CID_MSG_DATA);
        assertThatThrownBy(() -> registry.registrations().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void sharedDispatcherServesSeveralChannels() {
        EmbeddedChannel other = new EmbeddedChannel(dispatcher);
        try {
            channel.writeInbound(Pdu.of(CommandId.CID_MSG_DATA, 1, MSG));
            other.writeInbound(Pdu.of(CommandId.CID_MSG_DATA, 2, MSG));
            assertThat(pdus).extracting(Pdu::seq).containsExactly(1, 2);
        } finally {
            other.finishAndReleaseAll();
        }
    }
}
