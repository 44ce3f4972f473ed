package io.teamtalkj.dbproxy.core;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Pdu;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On the event loop: parses each request and queues it on its worker. Never blocks. A body that
 * does not parse closes the link (the peer does not speak our protocol); an unknown command is
 * logged and dropped; a full queue is answered with the handler's failure reply.
 */
@ChannelHandler.Sharable
public final class DbRequestDispatcher extends SimpleChannelInboundHandler<Pdu> {
    private static final Logger log = LoggerFactory.getLogger(DbRequestDispatcher.class);

    private final Map<Integer, DbHandler<?>> handlers;
    private final WorkerPool pool;
    private final LongAdder unknown = new LongAdder();

    public DbRequestDispatcher(Map<Integer, DbHandler<?>> handlers, WorkerPool pool) {
        this.handlers = handlers;
        this.pool = pool;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Pdu pdu) {
        DbHandler<?> handler = handlers.get(pdu.commandId());
        if (handler == null) {
            unknown.increment();
            log.warn("dropping unknown command {} from {}", CommandId.name(pdu.commandId()), ctx.channel().remoteAddress());
            return;
        }
        dispatch(ctx, pdu, handler);
    }

    private <M extends MessageLite> void dispatch(ChannelHandlerContext ctx, Pdu pdu, DbHandler<M> handler) {
        M request;
        try {
            request = pdu.parse(handler.parser());
        } catch (InvalidProtocolBufferException e) {
            log.warn("closing {}: malformed {} ({} bytes): {}", ctx.channel().remoteAddress(),
                    CommandId.name(pdu.commandId()), pdu.body().length, e.getMessage());
            ctx.close();
            return;
        }
        if (!pool.submit(ctx.channel(), pdu, handler, request)) {
            log.warn("refusing {} from {}: storage queue full", CommandId.name(pdu.commandId()), ctx.channel().remoteAddress());
            Reply reply = handler.onFailure(request, "dbproxy overloaded, retry later");
            if (!reply.isNone()) {
                ctx.writeAndFlush(Pdu.of(reply.commandId(), pdu.seq(), reply.message()), ctx.voidPromise());
            }
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.warn("closing {} after error: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }

    public long unknownCommands() {
        return unknown.sum();
    }
}
