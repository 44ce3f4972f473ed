package io.teamtalkj.route;

import io.netty.channel.Channel;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** The msg-server links currently open. Links come and go rarely, relays iterate often. */
public final class Links {
    /** Hears links open, get their msg-server's name, and close (for per-link metrics). */
    public interface Listener {
        void opened(RouteLink link);

        void renamed(RouteLink link);

        void closed(RouteLink link);
    }

    private static final Listener NONE = new Listener() {
        @Override
        public void opened(RouteLink link) {
        }

        @Override
        public void renamed(RouteLink link) {
        }

        @Override
        public void closed(RouteLink link) {
        }
    };

    private final CopyOnWriteArrayList<RouteLink> open = new CopyOnWriteArrayList<>();
    private final AtomicInteger nextId = new AtomicInteger(1);
    private volatile Listener listener = NONE;

    public void listener(Listener newListener) {
        this.listener = newListener == null ? NONE : newListener;
    }

    RouteLink add(Channel channel) {
        RouteLink link = new RouteLink(nextId.getAndIncrement(), channel);
        channel.attr(RouteLink.KEY).set(link);
        open.add(link);
        listener.opened(link);
        return link;
    }

    void rename(RouteLink link, String name) {
        if (!name.equals(link.name())) {
            link.name(name);
            if (open.contains(link)) {
                listener.renamed(link);
            }
        }
    }

    void remove(RouteLink link) {
        if (open.remove(link)) {
            listener.closed(link);
        }
    }

    /** A snapshot of the open links, oldest first. */
    public List<RouteLink> all() {
        return List.copyOf(open);
    }

    Iterable<RouteLink> iterate() {
        return open;
    }

    public int size() {
        return open.size();
    }
}
