package io.teamtalkj.links.login;

import io.teamtalkj.pdu.UserCountAction;
import com.mogujie.tt.protobuf.IMServer.IMMsgServInfo;
import com.mogujie.tt.protobuf.IMServer.IMUserCntUpdate;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.teamtalkj.net.PduLink;
import io.teamtalkj.net.PduPipelines;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.CommandRegistry;
import io.teamtalkj.pdu.Pdu;
import io.teamtalkj.pdu.PduDispatcher;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The msg-server's side of the login-servers: one reconnecting link to each login-server. On
 * every link up it sends {@code snapshot.get()} (IMMsgServInfo 0x0709), so a restarted
 * login-server learns the current count; afterwards each login and logout goes to every link
 * that is up as IMUserCntUpdate (0x070b), as TeamTalk's msg_server does.
 *
 * <p>Ordering: a link only receives count updates after its snapshot, and all frames of one link
 * are queued on its event loop in call order. The snapshot supplier runs on a link's event loop
 * and must not block; call {@link #userLoggedIn}/{@link #userLoggedOut} after the user is (or is
 * no longer) counted in what the supplier returns. A login racing a reconnect can still be
 * counted twice or not at all until the next reconnect, as in TeamTalk.
 */
public final class LoginServerReporter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LoginServerReporter.class);

    private final String name;
    private final Supplier<IMMsgServInfo> snapshot;
    private final List<Target> targets = new ArrayList<>();
    private volatile boolean closed;

    private LoginServerReporter(String name, Supplier<IMMsgServInfo> snapshot) {
        this.name = name;
        this.snapshot = snapshot;
    }

    /**
     * Opens a link to every login-server (in the background; returns at once).
     *
     * @param name     for logs and link names, e.g. the msg-server's host name
     * @param snapshot what this msg-server is now (addresses, port, max and current users)
     */
    public static LoginServerReporter start(String name, List<InetSocketAddress> loginServers, EventLoopGroup group,
                                            PduLink.Settings settings, Supplier<IMMsgServInfo> snapshot) {
        LoginServerReporter reporter = new LoginServerReporter(name, snapshot);
        // login-servers send nothing but heartbeats (swallowed by the link stack); log anything else
        PduDispatcher inbound = new PduDispatcher(name + "-login-link", new CommandRegistry());
        for (InetSocketAddress address : loginServers) {
            Target target = new Target(address.getHostString() + ":" + address.getPort());
            reporter.targets.add(target);
            target.link = PduLink.open(name + "->login " + target.address, address.getHostString(), address.getPort(),
                    group, settings, p -> p.addLast(PduPipelines.DISPATCHER, inbound), reporter.listener(target));
        }
        return reporter;
    }

    private PduLink.Listener listener(Target target) {
        return new PduLink.Listener() {
            @Override
            public void linkUp(PduLink link, Channel channel) {
                announce(target, channel);
            }

            @Override
            public void linkDown(PduLink link) {
                target.ready = null;
            }
        };
    }

    /** On the link's event loop: the snapshot first, then the link takes count updates. */
    private void announce(Target target, Channel channel) {
        IMMsgServInfo info;
        try {
            info = snapshot.get();
        } catch (RuntimeException e) {
            log.error("{}: cannot build the msg-server snapshot for login-server {}; dropping the link to retry",
                    name, target.address, e);
            channel.close();
            return;
        }
        channel.writeAndFlush(Pdu.push(CommandId.CID_OTHER_MSG_SERV_INFO, info));
        target.ready = channel;
        log.info("{}: announced to login-server {} ({}/{}:{}, {} of {} users)", name, target.address, info.getIp1(),
                info.getIp2(), info.getPort(), Integer.toUnsignedLong(info.getCurConnCnt()),
                Integer.toUnsignedLong(info.getMaxConnCnt()));
    }

    /** A user authenticated on this msg-server: +1 on every login-server that is linked. */
    public void userLoggedIn(int userId) {
        sendCountUpdate(UserCountAction.ADD, userId);
    }

    /** An authenticated user's connection closed: -1 on every login-server that is linked. */
    public void userLoggedOut(int userId) {
        sendCountUpdate(UserCountAction.REMOVE, userId);
    }

    private void sendCountUpdate(int action, int userId) {
        if (closed) {
            return;
        }
        Pdu update = Pdu.push(CommandId.CID_OTHER_USER_CNT_UPDATE,
                IMUserCntUpdate.newBuilder().setUserAction(action).setUserId(userId).build());
        for (Target target : targets) {
            Channel ch = target.ready;
            if (ch == null || !ch.isActive()) {
                continue; // it gets a fresh snapshot when it comes back
            }
            try {
                // always through the task queue, so frames leave in call order whichever thread calls
                ch.eventLoop().execute(() -> ch.writeAndFlush(update, ch.voidPromise()));
            } catch (RejectedExecutionException e) {
                // the group is shutting down: nothing to report to any more
            }
        }
    }

    /** Login-server links currently up and announced. */
    public int linksUp() {
        int up = 0;
        for (Target target : targets) {
            Channel ch = target.ready;
            if (ch != null && ch.isActive()) {
                up++;
            }
        }
        return up;
    }

    /** Closes every link; the login-servers forget this msg-server. */
    @Override
    public void close() {
        closed = true;
        for (Target target : targets) {
            target.ready = null;
            target.link.close();
        }
    }

    private static final class Target {
        final String address;
        volatile PduLink link;
        /** The channel the snapshot went out on; null while down or not yet announced. */
        volatile Channel ready;

        Target(String address) {
            this.address = address;
        }
    }
}
