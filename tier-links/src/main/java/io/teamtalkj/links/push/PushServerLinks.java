package io.teamtalkj.links.push;

import com.mogujie.tt.protobuf.IMServer.IMPushToUserReq;
import com.mogujie.tt.protobuf.IMServer.IMPushToUserRsp;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.teamtalkj.net.IntervalLog;
import io.teamtalkj.net.PduLink;
import io.teamtalkj.net.PduPipelines;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.CommandRegistry;
import io.teamtalkj.pdu.Pdu;
import io.teamtalkj.pdu.PduDispatcher;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The msg-server's side of the push-servers: a reconnecting link to each; {@link #send} writes
 * IMPushToUserReq (0x070f) to the next link that is up and can take it (round robin) and never
 * waits. When no link can take it the push is counted as not sent: pushes are best effort, a
 * message is never held up by them. The push-servers' IMPushToUserRsp (0x0710) go to
 * {@code onResponse} (it lists the tokens to remove).
 */
public final class PushServerLinks implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PushServerLinks.class);
    private static final IntervalLog FAULTS = new IntervalLog(log);

    private final List<PduLink> links = new ArrayList<>();
    private final AtomicInteger next = new AtomicInteger();
    /** Requests written to a push-server link. */
    public final LongAdder sent = new LongAdder();
    /** Requests no push-server link could take (none up, or its buffer full). */
    public final LongAdder notSent = new LongAdder();

    private PushServerLinks() {
    }

    /** Opens a link to every push-server (in the background; returns at once). */
    public static PushServerLinks start(String name, List<InetSocketAddress> pushServers, EventLoopGroup group,
                                        PduLink.Settings settings, Consumer<IMPushToUserRsp> onResponse) {
        PushServerLinks out = new PushServerLinks();
        for (InetSocketAddress a : pushServers) {
            String target = a.getHostString() + ":" + a.getPort();
            PduDispatcher inbound = new PduDispatcher(name + "->push " + target, new CommandRegistry()
                    .register(CommandId.CID_OTHER_PUSH_TO_USER_RSP, IMPushToUserRsp.parser(),
                            (ctx, pdu, rsp) -> onResponse.accept(rsp))) {
                @Override
                protected void notRegistered(ChannelHandlerContext ctx, Pdu pdu) {
                    log.debug("{}: ignoring {} from push-server {}", name, CommandId.name(pdu.commandId()), target);
                }
            };
            out.links.add(PduLink.open(name + "->push " + target, a.getHostString(), a.getPort(), group, settings,
                    p -> p.addLast(PduPipelines.DISPATCHER, inbound), (link, channel) ->
                            log.info("{}: linked to push-server {}", name, target)));
        }
        return out;
    }

    /** Hands the request to a push-server that is up; false (and counted) when none can take it. */
    public boolean send(IMPushToUserReq request) {
        int n = links.size();
        int start = Math.floorMod(next.getAndIncrement(), Math.max(1, n));
        for (int i = 0; i < n; i++) {
            PduLink link = links.get((start + i) % n);
            if (link.isUp() && link.channel() != null && link.channel().isWritable()) {
                if (link.send(Pdu.push(CommandId.CID_OTHER_PUSH_TO_USER_REQ, request)) != null) {
                    sent.increment();
                    return true;
                }
            }
        }
        notSent.increment();
        FAULTS.hit("pushes not sent: no push-server link can take them", links.size() + " configured");
        return false;
    }

    /** Links up now. */
    public int upCount() {
        int up = 0;
        for (PduLink l : links) {
            if (l.isUp()) {
                up++;
            }
        }
        return up;
    }

    public int configured() {
        return links.size();
    }

    @Override
    public void close() {
        links.forEach(PduLink::close);
    }
}
