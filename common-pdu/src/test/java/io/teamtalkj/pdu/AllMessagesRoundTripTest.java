package io.teamtalkj.pdu;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.teamtalkj.testing.Frames;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every TeamTalk message type, with every field populated, survives encoder → bytes → decoder →
 * parser under its own command id.
 */
class AllMessagesRoundTripTest {

    static Stream<Arguments> commands() {
        return MessageTypes.all().entrySet().stream()
                .map(e -> Arguments.of(String.format("0x%04x %s", e.getKey(), CommandId.name(e.getKey())), e.getKey(),
                        e.getValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commands")
    void everyFieldSurvivesTheCodec(String label, int commandId, Message prototype) throws Exception {
        Message original = fill(prototype.newBuilderForType(), new AtomicInteger(1)).build();
        assertThat(original.isInitialized()).isTrue();
        assertEveryFieldSet(original);
        int seq = 0x8000 | (commandId & 0x7fff); // high bit set: seq must stay unsigned

        EmbeddedChannel encoder = new EmbeddedChannel(PduEncoder.INSTANCE);
        assertThat(encoder.writeOutbound(Pdu.of(commandId, seq, original))).isTrue();
        ByteBuf wire = encoder.readOutbound();
        assertThat(encoder.finish()).isFalse();

        byte[] bytes = Frames.drain(wire.retainedDuplicate());
        assertThat(bytes).hasSize(16 + original.getSerializedSize());
        assertThat(Frames.slice(bytes, 0, 16)).containsExactly(Frames.slice(
                Frames.frame(16 + original.getSerializedSize(), 1, 0, ServiceId.of(commandId), commandId, seq, 0, null),
                0, 16));

        EmbeddedChannel decoder = new EmbeddedChannel(new PduDecoder());
        assertThat(decoder.writeInbound(wire)).isTrue();
        Pdu pdu = decoder.readInbound();
        assertThat(decoder.<Object>readInbound()).isNull();
        assertThat(decoder.finish()).isFalse();

        assertThat(pdu.serviceId()).isEqualTo(ServiceId.of(commandId)).isEqualTo(commandId >> 8);
        assertThat(pdu.commandId()).isEqualTo(commandId);
        assertThat(pdu.seq()).isEqualTo(seq);
        assertThat(pdu.version()).isEqualTo(1);
        assertThat(pdu.flag()).isZero();
        assertThat(pdu.reserved()).isZero();

        Message parsed = pdu.parse(MessageTypes.defaultInstance(commandId).getParserForType());
        assertThat(parsed).isEqualTo(original);
        assertThat(parsed.getUnknownFields().asMap()).isEmpty();
    }

    /** Sets every field: distinct scalars, first enum value, nested messages, two elements per repeated field. */
    static Message.Builder fill(Message.Builder b, AtomicInteger counter) {
        for (FieldDescriptor f : b.getDescriptorForType().getFields()) {
            if (f.isRepeated()) {
                b.addRepeatedField(f, value(b, f, counter));
                b.addRepeatedField(f, value(b, f, counter));
            } else {
                b.setField(f, value(b, f, counter));
            }
        }
        return b;
    }

    private static Object value(Message.Builder b, FieldDescriptor f, AtomicInteger counter) {
        int n = counter.getAndIncrement();
        switch (f.getJavaType()) {
            case INT:
                // alternate small values and values with the top bit set (uint32 above 2^31)
                return n % 2 == 0 ? n : 0x80000000 | n;
            case LONG:
                return 0x100000000L * n + n;
            case FLOAT:
                return n + 0.5f;
            case DOUBLE:
                return n + 0.25;
            case BOOLEAN:
                return true;
            case STRING:
                return f.getName() + "-" + n + "-中文";
            case BYTE_STRING:
                return ByteString.copyFrom(new byte[] {0, (byte) n, (byte) 0xff, (byte) 0x80, 0x7f});
            case ENUM:
                return f.getEnumType().getValues().get(0);
            case MESSAGE:
                return fill(b.newBuilderForField(f), counter).build();
            default:
                throw new AssertionError("unhandled field type " + f.getJavaType() + " of " + f.getFullName());
        }
    }

    private static void assertEveryFieldSet(Message m) {
        for (FieldDescriptor f : m.getDescriptorForType().getFields()) {
            if (f.isRepeated()) {
                assertThat(m.getRepeatedFieldCount(f)).as(f.getFullName()).isEqualTo(2);
            } else {
                assertThat(m.hasField(f)).as(f.getFullName()).isTrue();
            }
            if (f.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
                if (f.isRepeated()) {
                    for (int i = 0; i < m.getRepeatedFieldCount(f); i++) {
                        assertEveryFieldSet((Message) m.getRepeatedField(f, i));
                    }
                } else {
                    assertEveryFieldSet((Message) m.getField(f));
                }
            }
        }
    }
}
