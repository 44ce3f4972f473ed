package io.teamtalkj.pdu;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.teamtalkj.net.IntervalLog;
import java.io.IOException;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parses each inbound {@link Pdu} with the parser registered for its command and calls the
 * handler. A body that does not parse (including a missing required field) means the peer
 * does not speak our protocol: it is logged with the peer and the connection closed. An
 * unknown command is logged and dropped; the connection stays up, as in TeamTalk.
 */
@ChannelHandler.Sharable
public class PduDispatcher extends SimpleChannelInboundHandler<Pdu> {
    private static final Logger log = LoggerFactory.getLogger(PduDispatcher.class);
    /**
     * Resets, broken pipes and writes to a connection that has just closed come in thousands when a
     * peer or a whole tier goes away (every queued write fails): counted, one line per interval.
     */
    static final IntervalLog IO_ERRORS = new IntervalLog(log);
    static final String IO_ERROR = "connections closed after an I/O error (reset, broken pipe, write after close)";

    private final String name;
    private final CommandRegistry registry;
    private final LongAdder unknownCommands = new LongAdder();
    private final LongAdder malformedBodies = new LongAdder();

    public PduDispatcher(String name, CommandRegistry registry) {
        this.name = name;
        this.registry = registry;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Pdu pdu) throws Exception {
        CommandRegistry.Registration<?> registration = registry.lookup(pdu.commandId());
        if (registration == null) {
            notRegistered(ctx, pdu);
            return;
        }
        MessageLite message;
        try {
            message = parse(registration, pdu);
        } catch (InvalidProtocolBufferException e) {
            malformedBody(ctx, pdu, e);
            return;
        }
        registration.invoke(ctx, pdu, message);
    }

    /** Parses the body for its handler; a subclass may accept missing required fields. */
    protected MessageLite parse(CommandRegistry.Registration<?> registration, Pdu pdu)
            throws InvalidProtocolBufferException {
        return registration.parse(pdu);
    }

    /**
     * A command nobody registered: logged, counted and dropped. A link that receives replies
     * hands them to its {@link Requester} here instead.
     */
    protected void notRegistered(ChannelHandlerContext ctx, Pdu pdu) {
        unknownCommands.increment();
        log.warn("{}: dropping unknown command {} (sid {}, seq {}) from {}", name, CommandId.name(pdu.commandId()),
                pdu.serviceId(), pdu.seq(), ctx.channel().remoteAddress());
    }

    /** A body that does not parse: the peer does not speak our protocol, so the connection is closed. */
    protected void malformedBody(ChannelHandlerContext ctx, Pdu pdu, InvalidProtocolBufferException e) {
        malformedBodies.increment();
        log.warn("{}: closing {}: malformed body for {} ({} bytes): {}", name, ctx.channel().remoteAddress(),
                CommandId.name(pdu.commandId()), pdu.body().length, e.getMessage());
        ctx.close();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) { // ClosedChannelException included
            IO_ERRORS.hit(IO_ERROR, name + " " + ctx.channel().remoteAddress() + ": " + cause);
        } else {
            log.warn("{}: closing {} after error: {}", name, ctx.channel().remoteAddress(), cause.toString(), cause);
        }
        ctx.close();
    }

    public long unknownCommands() {
        return unknownCommands.sum();
    }

    public long malformedBodies() {
        return malformedBodies.sum();
    }
}
