package io.teamtalkj.dbproxy;

import com.mogujie.tt.protobuf.IMServer.IMStopReceivePacket;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.InternalCommandId;
import io.teamtalkj.pdu.OrderedExecutor;
import io.teamtalkj.pdu.Pdu;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The graceful stop of a dbproxy: tracks every msg-server link and, on {@link #drain}, tells each
 * to stop sending (IMStopReceivePacket, 0x0702) and waits until each has answered
 * CID_INTERNAL_DRAIN_ACK (0x0810) and the workers have finished what arrived before, so the
 * msg-servers have moved the conversations to another dbproxy and no request is left unanswered.
 * Sits before the dispatcher, which never sees the acks.
 */
@ChannelHandler.Sharable
final class DbProxyDrain extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(DbProxyDrain.class);
    private static final long POLL_MILLIS = 10;

    /** Each link, and whether it acked the stop. */
    private final Map<Channel, Boolean> links = new ConcurrentHashMap<>();
    private volatile boolean draining;

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        Channel ch = ctx.channel();
        links.put(ch, Boolean.FALSE);
        log.info("msg-server link from {}", ch.remoteAddress());
        if (draining) {
            tellToStop(ch); // linked during the drain: it must move away too
        }
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        links.remove(ctx.channel());
        ctx.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Pdu pdu && pdu.commandId() == InternalCommandId.CID_INTERNAL_DRAIN_ACK) {
            links.replace(ctx.channel(), Boolean.TRUE);
            log.info("msg-server {} acked the stop: it sends this dbproxy no new requests", ctx.channel().remoteAddress());
            return;
        }
        ctx.fireChannelRead(msg);
    }

    int links() {
        return links.size();
    }

    /**
     * Tells every link to stop and waits, at most {@code timeout}, until every link has acked (or
     * closed) and {@code workers} are idle.
     *
     * @return whether it drained fully in time
     */
    boolean drain(OrderedExecutor workers, Duration timeout) throws InterruptedException {
        draining = true;
        for (Channel ch : List.copyOf(links.keySet())) {
            tellToStop(ch);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!(allAcked() && workers.idle())) {
            if (System.nanoTime() - deadline >= 0) {
                log.warn("drain timed out after {} ms: {} of {} msg-server links acked, {} requests queued",
                        timeout.toMillis(), acked(), links.size(), workers.queued());
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
        }
        log.info("drained: every msg-server moved away and every request is answered");
        return true;
    }

    private static void tellToStop(Channel ch) {
        ch.writeAndFlush(Pdu.push(CommandId.CID_OTHER_STOP_RECV_PACKET,
                IMStopReceivePacket.newBuilder().setResult(0).build()));
    }

    private boolean allAcked() {
        return !links.containsValue(Boolean.FALSE);
    }

    private long acked() {
        return links.values().stream().filter(Boolean::booleanValue).count();
    }
}
