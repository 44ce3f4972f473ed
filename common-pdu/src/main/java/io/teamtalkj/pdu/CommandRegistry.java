package io.teamtalkj.pdu;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import io.netty.channel.ChannelHandlerContext;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * Maps command ids to typed handlers. Built once at start-up, then only read (from any event
 * loop), so lookups take no lock.
 */
public final class CommandRegistry {
    private final Map<Integer, Registration<?>> handlers = new HashMap<>();

    /** Registers a handler; a second registration of the same command is a programming error. */
    public <M extends MessageLite> CommandRegistry register(int commandId, Parser<M> parser, PduHandler<M> handler) {
        if (handlers.putIfAbsent(commandId, new Registration<>(parser, handler)) != null) {
            throw new IllegalStateException("command " + CommandId.name(commandId) + " registered twice");
        }
        return this;
    }

    public Registration<?> lookup(int commandId) {
        return handlers.get(commandId);
    }

    public boolean isRegistered(int commandId) {
        return handlers.containsKey(commandId);
    }

    public Map<Integer, Registration<?>> registrations() {
        return Collections.unmodifiableMap(handlers);
    }

    /** A parser and the handler of what it parses, kept together so the types line up. */
    public static final class Registration<M extends MessageLite> {
        private final Parser<M> parser;
        private final PduHandler<M> handler;

        Registration(Parser<M> parser, PduHandler<M> handler) {
            this.parser = parser;
            this.handler = handler;
        }

        /** Parses the body; throws if it is not a valid message of this command's type. */
        public M parse(Pdu pdu) throws InvalidProtocolBufferException {
            return pdu.parse(parser);
        }

        public void invoke(ChannelHandlerContext ctx, Pdu pdu, MessageLite message) throws Exception {
            @SuppressWarnings("unchecked")
            M typed = (M) message;
            handler.handle(ctx, pdu, typed);
        }
    }
}
