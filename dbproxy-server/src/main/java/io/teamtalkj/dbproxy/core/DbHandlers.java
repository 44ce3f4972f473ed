package io.teamtalkj.dbproxy.core;

import com.google.protobuf.MessageLite;
import io.teamtalkj.pdu.BatchHandler;
import io.teamtalkj.pdu.CommandRegistry;
import io.teamtalkj.pdu.Failure;
import io.teamtalkj.pdu.OrderedExecutor;
import io.teamtalkj.pdu.OrderedHandler;
import io.teamtalkj.pdu.Reply;
import java.util.List;

/** Registers dbproxy handlers on the common registry, run by the storage workers with the shared {@link DbContext}. */
public final class DbHandlers {
    private DbHandlers() {
    }

    public static CommandRegistry registry(List<DbHandler<?>> handlers, DbContext ctx, OrderedExecutor workers) {
        CommandRegistry registry = new CommandRegistry();
        for (DbHandler<?> h : handlers) {
            register(registry, h, ctx, workers);
        }
        return registry;
    }

    private static <M extends MessageLite> void register(CommandRegistry registry, DbHandler<M> h, DbContext ctx,
                                                         OrderedExecutor workers) {
        OrderedHandler<M> bound = h instanceof BatchDbHandler<M> batch ? new BoundBatch<>(batch, ctx) : new Bound<>(h, ctx);
        registry.register(h.commandId(), h.parser(), bound, workers);
    }

    /** A storage failure keeps the text msg-servers and logs have always shown. */
    private static String reason(Failure failure, String detail) {
        return failure == Failure.HANDLER_ERROR ? "storage error: " + detail : detail;
    }

    private static class Bound<M extends MessageLite> implements OrderedHandler<M> {
        final DbHandler<M> handler;
        final DbContext ctx;

        Bound(DbHandler<M> handler, DbContext ctx) {
            this.handler = handler;
            this.ctx = ctx;
        }

        @Override
        public long orderingKey(M request) {
            return handler.orderingKey(request);
        }

        @Override
        public Reply handle(M request) throws Exception {
            try {
                return handler.handle(request, ctx);
            } catch (Exception e) {
                reportFailure(e);
                throw e;
            }
        }

        /** A connection that broke mid-request may mean MySQL is gone: have it probed. */
        void reportFailure(Exception e) {
            ctx.storage().availability().suspect(e);
        }

        @Override
        public Reply onFailure(M request, Failure failure, String detail) {
            return handler.onFailure(request, failure, reason(failure, detail));
        }
    }

    private static final class BoundBatch<M extends MessageLite> extends Bound<M> implements BatchHandler<M> {
        BoundBatch(BatchDbHandler<M> handler, DbContext ctx) {
            super(handler, ctx);
        }

        @Override
        public List<Reply> handleBatch(List<M> requests) throws Exception {
            try {
                return ((BatchDbHandler<M>) handler).handleBatch(requests, ctx);
            } catch (Exception e) {
                reportFailure(e);
                throw e;
            }
        }
    }
}
