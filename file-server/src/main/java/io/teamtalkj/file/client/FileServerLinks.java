package io.teamtalkj.file.client;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.mogujie.tt.protobuf.IMBaseDefine.IpAddr;
import com.mogujie.tt.protobuf.IMServer.IMFileServerIPReq;
import com.mogujie.tt.protobuf.IMServer.IMFileServerIPRsp;
import com.mogujie.tt.protobuf.IMServer.IMFileTransferReq;
import com.mogujie.tt.protobuf.IMServer.IMFileTransferRsp;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.util.concurrent.ScheduledFuture;
import io.teamtalkj.net.PduLink;
import io.teamtalkj.net.PduPipelines;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Pdu;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The msg-server's side of the file-servers: a reconnecting link to each one. When a link comes
 * up it asks IMFileServerIPReq (0x0733) and remembers the client addresses of the answer
 * (0x0734). {@link #transfer} sends IMFileTransferReq (0x0731) to a random file-server that is up
 * and has told its addresses (as TeamTalk's msg_server picks one), and completes with its
 * IMFileTransferRsp (0x0732), matched by a correlation id in attach_data, together with that
 * file-server's client addresses.
 */
public final class FileServerLinks implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FileServerLinks.class);

    /** A transfer request without an answer by then fails. */
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    /** The file-server's answer and where clients reach that file-server. */
    public record Transfer(IMFileTransferRsp response, List<IpAddr> clientAddresses) {
    }

    private final String name;
    private final List<Target> targets = new ArrayList<>();
    private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final ScheduledFuture<?> sweeper;
    private volatile boolean closed;

    private record Pending(CompletableFuture<Transfer> future, Target target, long deadlineNanos) {
    }

    private FileServerLinks(String name, EventLoopGroup group) {
        this.name = name;
        this.sweeper = group.next().scheduleAtFixedRate(this::expire, 200, 200, TimeUnit.MILLISECONDS);
    }

    /** Opens a link to every file-server's msg-server port (in the background; returns at once). */
    public static FileServerLinks start(String name, List<InetSocketAddress> fileServers, EventLoopGroup group,
                                        PduLink.Settings settings) {
        FileServerLinks links = new FileServerLinks(name, group);
        for (InetSocketAddress address : fileServers) {
            Target t = new Target(address.getHostString() + ":" + address.getPort());
            links.targets.add(t);
            t.link = PduLink.open(name + "->file " + t.address, address.getHostString(), address.getPort(), group, settings,
                    p -> p.addLast(PduPipelines.DISPATCHER, links.new Inbound(t)), new PduLink.Listener() {
                        @Override
                        public void linkUp(PduLink link, Channel channel) {
                            channel.writeAndFlush(Pdu.push(CommandId.CID_OTHER_FILE_SERVER_IP_REQ,
                                    IMFileServerIPReq.getDefaultInstance()));
                        }

                        @Override
                        public void linkDown(PduLink link) {
                            t.addresses = null;
                            links.failPending(t, "link to file-server " + t.address + " went down");
                        }
                    });
        }
        return links;
    }

    /**
     * Asks a file-server for a task. The request's attach_data is replaced by ours. Fails with
     * IllegalStateException when no file-server is ready, the link drops, and with
     * TimeoutException after {@link #REQUEST_TIMEOUT}.
     */
    public CompletableFuture<Transfer> transfer(IMFileTransferReq request) {
        CompletableFuture<Transfer> future = new CompletableFuture<>();
        Target t = pick();
        if (t == null || closed) {
            future.completeExceptionally(new IllegalStateException(targets.isEmpty() ? "no file-server configured"
                    : "no file-server link is up"));
            return future;
        }
        long id = ids.incrementAndGet();
        pending.put(id, new Pending(future, t, System.nanoTime() + REQUEST_TIMEOUT.toNanos()));
        IMFileTransferReq req = request.toBuilder()
                .setAttachData(ByteString.copyFrom(ByteBuffer.allocate(8).putLong(id).array())).build();
        if (t.link.send(Pdu.push(CommandId.CID_OTHER_FILE_TRANSFER_REQ, req)) == null) {
            Pending p = pending.remove(id);
            if (p != null) {
                p.future.completeExceptionally(new IllegalStateException("link to file-server " + t.address + " went down"));
            }
        }
        return future;
    }

    /** The client addresses of every file-server that is up (TeamTalk adds them to IMFileHasOfflineRsp). */
    public List<IpAddr> clientAddresses() {
        Set<IpAddr> out = new LinkedHashSet<>();
        for (Target t : targets) {
            List<IpAddr> a = t.addresses;
            if (a != null && t.link.isUp()) {
                out.addAll(a);
            }
        }
        return new ArrayList<>(out);
    }

    /** Whether at least one file-server is linked and has told its addresses. */
    public boolean anyReady() {
        return pick() != null;
    }

    public int configured() {
        return targets.size();
    }

    private Target pick() {
        List<Target> ready = new ArrayList<>(targets.size());
        for (Target t : targets) {
            if (t.addresses != null && t.link.isUp()) {
                ready.add(t);
            }
        }
        return ready.isEmpty() ? null : ready.get(ThreadLocalRandom.current().nextInt(ready.size()));
    }

    private void answered(IMFileTransferRsp rsp, Target from) {
        ByteString attach = rsp.getAttachData();
        Pending p = attach.size() == 8 ? pending.remove(attach.asReadOnlyByteBuffer().getLong()) : null;
        if (p == null) {
            log.debug("{}: IMFileTransferRsp from {} for no pending request (timed out?)", name, from.address);
            return;
        }
        List<IpAddr> addrs = from.addresses;
        p.future.complete(new Transfer(rsp.toBuilder().clearAttachData().build(), addrs == null ? List.of() : addrs));
    }

    private void failPending(Target t, String why) {
        for (Iterator<Map.Entry<Long, Pending>> it = pending.entrySet().iterator(); it.hasNext(); ) {
            Pending p = it.next().getValue();
            if (p.target == t) {
                it.remove();
                p.future.completeExceptionally(new IllegalStateException(why));
            }
        }
    }

    private void expire() {
        long now = System.nanoTime();
        for (Iterator<Map.Entry<Long, Pending>> it = pending.entrySet().iterator(); it.hasNext(); ) {
            Pending p = it.next().getValue();
            if (now - p.deadlineNanos >= 0) {
                it.remove();
                p.future.completeExceptionally(new TimeoutException("file-server " + p.target.address
                        + " did not answer IMFileTransferReq within " + REQUEST_TIMEOUT.toMillis() + " ms"));
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        sweeper.cancel(false);
        for (Target t : targets) {
            t.link.close();
        }
        for (Pending p : pending.values()) {
            p.future.completeExceptionally(new IllegalStateException("stopping"));
        }
        pending.clear();
    }

    private static final class Target {
        final String address;
        volatile PduLink link;
        /** Client addresses from the last IMFileServerIPRsp on the current link; null until then. */
        volatile List<IpAddr> addresses;

        Target(String address) {
            this.address = address;
        }
    }

    @ChannelHandler.Sharable
    private final class Inbound extends SimpleChannelInboundHandler<Pdu> {
        private final Target target;

        Inbound(Target target) {
            this.target = target;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Pdu pdu) {
            try {
                switch (pdu.commandId()) {
                    case CommandId.CID_OTHER_FILE_SERVER_IP_RSP -> {
                        IMFileServerIPRsp rsp = pdu.parse(IMFileServerIPRsp.parser());
                        target.addresses = List.copyOf(rsp.getIpAddrListList());
                        log.info("{}: file-server {} serves clients on {}", name, target.address,
                                rsp.getIpAddrListList().stream().map(a -> a.getIp() + ":" + a.getPort()).toList());
                    }
                    case CommandId.CID_OTHER_FILE_TRANSFER_RSP -> answered(pdu.parse(IMFileTransferRsp.parser()), target);
                    default -> log.debug("{}: {} from file-server {} ignored", name, CommandId.name(pdu.commandId()),
                            target.address);
                }
            } catch (InvalidProtocolBufferException e) {
                log.warn("{}: unreadable {} from file-server {}: {}", name, CommandId.name(pdu.commandId()), target.address,
                        e.getMessage());
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.warn("{}: file-server link {}: {}", name, target.address, cause.toString());
            ctx.close();
        }
    }
}
