package io.teamtalkj.links.file;

import com.google.protobuf.InvalidProtocolBufferException;
import com.mogujie.tt.protobuf.IMBaseDefine.IpAddr;
import com.mogujie.tt.protobuf.IMServer.IMFileServerIPReq;
import com.mogujie.tt.protobuf.IMServer.IMFileServerIPRsp;
import com.mogujie.tt.protobuf.IMServer.IMFileTransferReq;
import com.mogujie.tt.protobuf.IMServer.IMFileTransferRsp;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.teamtalkj.net.PduLink;
import io.teamtalkj.net.PduPipelines;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.CommandRegistry;
import io.teamtalkj.pdu.Pdu;
import io.teamtalkj.pdu.PduDispatcher;
import io.teamtalkj.pdu.Requester;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The msg-server's side of the file-servers: a reconnecting link to each one. When a link comes
 * up it asks IMFileServerIPReq (0x0733) and remembers the client addresses of the answer
 * (0x0734). {@link #transfer} sends IMFileTransferReq (0x0731) to a random file-server that is up
 * and has told its addresses (as TeamTalk's msg_server picks one), and completes with its
 * IMFileTransferRsp (0x0732), matched by the {@link Requester}, together with that
 * file-server's client addresses.
 */
public final class FileServerLinks implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FileServerLinks.class);

    /** A transfer request without an answer by then fails. */
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    /** Transfer requests in flight at most. */
    static final int MAX_PENDING = 10_000;

    /** The file-server's answer and where clients reach that file-server. */
    public record Transfer(IMFileTransferRsp response, List<IpAddr> clientAddresses) {
    }

    private final String name;
    private final List<Target> targets = new ArrayList<>();
    private final Requester requester;

    private FileServerLinks(String name, EventLoopGroup group) {
        this.name = name;
        this.requester = new Requester(name + "->file", group.next(), REQUEST_TIMEOUT, Duration.ofMillis(200),
                MAX_PENDING, Requester.Errors.DEFAULT);
    }

    /** Opens a link to every file-server's msg-server port (in the background; returns at once). */
    public static FileServerLinks start(String name, List<InetSocketAddress> fileServers, EventLoopGroup group,
                                        PduLink.Settings settings) {
        FileServerLinks links = new FileServerLinks(name, group);
        for (InetSocketAddress address : fileServers) {
            Target t = new Target(address.getHostString() + ":" + address.getPort());
            links.targets.add(t);
            t.link = PduLink.open(name + "->file " + t.address, address.getHostString(), address.getPort(), group, settings,
                    p -> p.addLast(PduPipelines.DISPATCHER, links.inbound(t)), new PduLink.Listener() {
                        @Override
                        public void linkUp(PduLink link, Channel channel) {
                            channel.writeAndFlush(Pdu.push(CommandId.CID_OTHER_FILE_SERVER_IP_REQ,
                                    IMFileServerIPReq.getDefaultInstance()));
                        }

                        @Override
                        public void linkDown(PduLink link) {
                            t.addresses = null;
                            links.requester.linkDown(t, "link to file-server " + t.address + " went down");
                        }
                    });
        }
        return links;
    }

    /**
     * Asks a file-server for a task. The request's attach_data is replaced by ours. Fails with
     * IllegalStateException when no file-server is ready, too many requests are in flight or the
     * link drops, and with TimeoutException after {@link #REQUEST_TIMEOUT}.
     */
    public CompletableFuture<Transfer> transfer(IMFileTransferReq request) {
        Target t = pick();
        if (t == null) {
            return CompletableFuture.failedFuture(new IllegalStateException(targets.isEmpty()
                    ? "no file-server configured" : "no file-server link is up"));
        }
        return requester.call(CommandId.CID_OTHER_FILE_TRANSFER_REQ, request.toByteArray(),
                pdu -> t.link.send(pdu) == null ? null : t).thenApply(reply -> {
                    try {
                        List<IpAddr> addrs = t.addresses;
                        return new Transfer(reply.parse(IMFileTransferRsp.parser()), addrs == null ? List.of() : addrs);
                    } catch (InvalidProtocolBufferException e) {
                        throw new CompletionException(e);
                    }
                });
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

    @Override
    public void close() {
        for (Target t : targets) {
            t.link.close();
        }
        requester.close();
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

    /** What one file-server sends: its client addresses, and answers for the requester. */
    private PduDispatcher inbound(Target target) {
        CommandRegistry registry = new CommandRegistry().register(CommandId.CID_OTHER_FILE_SERVER_IP_RSP,
                IMFileServerIPRsp.parser(), (ctx, pdu, rsp) -> {
                    target.addresses = List.copyOf(rsp.getIpAddrListList());
                    log.info("{}: file-server {} serves clients on {}", name, target.address,
                            rsp.getIpAddrListList().stream().map(a -> a.getIp() + ":" + a.getPort()).toList());
                });
        return new PduDispatcher(name + "->file " + target.address, registry) {
            @Override
            protected void notRegistered(ChannelHandlerContext ctx, Pdu pdu) {
                requester.complete(pdu);
            }
        };
    }
}
