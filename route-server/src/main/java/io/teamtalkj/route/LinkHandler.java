package io.teamtalkj.route;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.CommandRegistry;
import io.teamtalkj.pdu.Pdu;
import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inbound end of one msg-server link: registers the link, dispatches its PDUs, and takes its
 * users out of presence when it closes (including after the heartbeat timeout).
 *
 * <p>Unlike client connections, a link is not closed for a body that does not parse or a command
 * we do not handle: closing it would take all of that msg-server's users offline and flap their
 * status to their contacts over one bad frame. Such PDUs are logged (rate-limited), counted and
 * dropped; other links are never affected. A frame with an impossible length still closes the
 * link in the decoder, because the stream cannot be resynchronised.
 */
final class LinkHandler extends SimpleChannelInboundHandler<Pdu> {
    private static final Logger log = LoggerFactory.getLogger(LinkHandler.class);

    private final RouteContext ctx;
    private final CommandRegistry registry;
    private RouteLink link;

    LinkHandler(RouteContext ctx, CommandRegistry registry) {
        this.ctx = ctx;
        this.registry = registry;
    }

    @Override
    public void channelActive(ChannelHandlerContext channel) throws Exception {
        link = ctx.links.add(channel.channel());
        ctx.stats.recordLinkAccepted();
        log.info("msg-server link #{} from {}", link.id(), link.remoteAddress());
        super.channelActive(channel);
    }

    @Override
    public void channelInactive(ChannelHandlerContext channel) throws Exception {
        if (link != null) {
            ctx.links.remove(link);
            int users = link.userCount();
            List<StatusChange> changes = ctx.presence.removeLink(link);
            ctx.notifier.changed(changes);
            log.info("msg-server link {} ({}) closed: its {} users left presence", link, link.remoteAddress(), users);
        }
        super.channelInactive(channel);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext channel, Pdu pdu) {
        CommandRegistry.Registration<?> registration = registry.lookup(pdu.commandId());
        if (registration == null) {
            ctx.stats.recordUnknown();
            reject(pdu, "unknown command (sid " + pdu.serviceId() + ", seq " + pdu.seq() + ")");
            return;
        }
        MessageLite message;
        try {
            message = registration.parse(pdu);
        } catch (InvalidProtocolBufferException e) {
            ctx.stats.recordMalformed();
            reject(pdu, "malformed body (" + pdu.body().length + " bytes): " + e.getMessage());
            return;
        }
        try {
            registration.invoke(channel, pdu, message);
        } catch (Exception e) {
            link.rejected.increment();
            log.error("{} ({}): handling {} failed", link, link.remoteAddress(), CommandId.name(pdu.commandId()), e);
        }
    }

    private void reject(Pdu pdu, String why) {
        link.rejected.increment();
        long n = link.rejected.sum();
        if (n <= 10 || n % 1000 == 0) {
            log.warn("msg-server link {} ({}): dropped {}: {} ({} rejected on this link)", link, link.remoteAddress(),
                    CommandId.name(pdu.commandId()), why, n);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext channel, Throwable cause) {
        if (cause instanceof IOException) {
            log.info("msg-server link {} ({}): {}", link, link == null ? "?" : link.remoteAddress(), cause.toString());
        } else {
            log.warn("msg-server link {} ({}): closing after error", link, link == null ? "?" : link.remoteAddress(), cause);
        }
        channel.close();
    }
}
