package io.teamtalkj.pdu;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import io.netty.channel.ChannelHandlerContext;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * Maps command ids to typed handlers and where they run. Built once at start-up, then only read
 * (from any event loop), so lookups take no lock.
 *
 * <p>Two kinds of handler: a {@link PduHandler} runs on the event loop and writes what it wants
 * itself (servers that forward or push); a {@link RequestHandler} returns its answer, runs on the
 * {@link RequestExecutor} it was registered with, and the answer goes back with the request's seq
 * and attach_data (the caller's correlation) without the handler copying either.
 */
public final class CommandRegistry {
    private final Map<Integer, Registration<?>> handlers = new HashMap<>();

    /** Registers a handler run on the event loop; a second registration of the same command is a programming error. */
    public <M extends MessageLite> CommandRegistry register(int commandId, Parser<M> parser, PduHandler<M> handler) {
        return add(commandId, new Registration<>(parser, handler));
    }

    /** Registers a request handler run on {@code executor}; its answers are sent for it. */
    public <M extends MessageLite> CommandRegistry register(int commandId, Parser<M> parser, RequestHandler<M> handler,
                                                            RequestExecutor executor) {
        executor.check(commandId, handler);
        return add(commandId, new Registration<>(parser,
                (ctx, pdu, message) -> executor.execute(new Request<>(ctx.channel(), pdu, message, handler))));
    }

    private CommandRegistry add(int commandId, Registration<?> registration) {
        if (handlers.putIfAbsent(commandId, registration) != null) {
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

        /** Parses the body, accepting a message with required fields missing. */
        public M parsePartial(Pdu pdu) throws InvalidProtocolBufferException {
            return parser.parsePartialFrom(pdu.body());
        }

        public void invoke(ChannelHandlerContext ctx, Pdu pdu, MessageLite message) throws Exception {
            @SuppressWarnings("unchecked")
            M typed = (M) message;
            handler.handle(ctx, pdu, typed);
        }
    }
}
