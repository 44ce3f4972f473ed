package io.teamtalkj.route.stats;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * The route-server's own figures: relays by command, recipients targeted vs offline, latency,
 * and the control traffic of the links. Everything is a LongAdder, written from any event loop
 * without locks; readers (gRPC, Prometheus) sum on demand.
 */
public final class RouteStats {
    private final long startedAtMillis = System.currentTimeMillis();
    private final ConcurrentHashMap<Integer, CommandCounters> commands = new ConcurrentHashMap<>();
    private final LatencyHistogram relayLatency = new LatencyHistogram();
    private final LatencyHistogram transitLatency = new LatencyHistogram();
    private final LongAdder statusUpdates = new LongAdder();
    private final LongAdder snapshots = new LongAdder();
    private final LongAdder usersStatRequests = new LongAdder();
    private final LongAdder malformed = new LongAdder();
    private final LongAdder unknown = new LongAdder();
    private final LongAdder linksAccepted = new LongAdder();
    private volatile Consumer<CommandCounters> onNewCommand = c -> { };

    /** Counters of one command, created on first use. */
    public CommandCounters command(int commandId) {
        CommandCounters c = commands.get(commandId);
        if (c != null) {
            return c;
        }
        boolean[] created = new boolean[1];
        c = commands.computeIfAbsent(commandId, id -> {
            created[0] = true;
            return new CommandCounters(id);
        });
        if (created[0]) {
            onNewCommand.accept(c);
        }
        return c;
    }

    /** Called once for every command seen from now on and for those already seen. */
    public void onNewCommand(Consumer<CommandCounters> listener) {
        this.onNewCommand = listener;
        commands.values().forEach(listener);
    }

    /** Commands seen so far, by command id. */
    public List<CommandCounters> commands() {
        List<CommandCounters> list = new ArrayList<>(commands.values());
        list.sort(Comparator.comparingInt(CommandCounters::commandId));
        return list;
    }

    /** Time from an envelope's arrival to the write of each copy completing. */
    public LatencyHistogram relayLatency() {
        return relayLatency;
    }

    /**
     * Time from the origin msg-server's sent_at_micros to the write of each copy completing
     * (includes the first network hop; compares two hosts' clocks when they differ).
     */
    public LatencyHistogram transitLatency() {
        return transitLatency;
    }

    public long startedAtMillis() {
        return startedAtMillis;
    }

    public void recordStatusUpdate() {
        statusUpdates.increment();
    }

    public void recordSnapshot() {
        snapshots.increment();
    }

    public void recordUsersStatRequest() {
        usersStatRequests.increment();
    }

    public void recordMalformed() {
        malformed.increment();
    }

    public void recordUnknown() {
        unknown.increment();
    }

    public void recordLinkAccepted() {
        linksAccepted.increment();
    }

    public long statusUpdates() {
        return statusUpdates.sum();
    }

    /** IMOnlineUserInfo frames received. */
    public long snapshots() {
        return snapshots.sum();
    }

    public long usersStatRequests() {
        return usersStatRequests.sum();
    }

    /** PDUs from msg-servers whose body did not parse (logged and dropped; the link stays). */
    public long malformed() {
        return malformed.sum();
    }

    /** PDUs from msg-servers with a command the route-server does not handle (logged and dropped). */
    public long unknown() {
        return unknown.sum();
    }

    /** msg-server links accepted since start. */
    public long linksAccepted() {
        return linksAccepted.sum();
    }
}
