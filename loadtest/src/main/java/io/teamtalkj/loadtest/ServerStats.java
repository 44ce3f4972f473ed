package io.teamtalkj.loadtest;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.teamtalkj.control.admin.AddUserRequest;
import io.teamtalkj.control.admin.CreateGroupRequest;
import io.teamtalkj.control.admin.DbAdminGrpc;
import io.teamtalkj.control.admin.GroupType;
import io.teamtalkj.control.admin.ListUsersRequest;
import io.teamtalkj.control.admin.User;
import io.teamtalkj.control.msg.MsgServerStatsGrpc;
import io.teamtalkj.control.msg.MsgStatsRequest;
import io.teamtalkj.control.msg.MsgStatsResponse;
import io.teamtalkj.control.route.CommandStats;
import io.teamtalkj.control.route.RouteStatsGrpc;
import io.teamtalkj.control.route.RouteStatsReply;
import io.teamtalkj.control.route.RouteStatsRequest;
import io.teamtalkj.net.HostPort;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** The gRPC side of a run: users and groups through DbAdmin, RouteStats and MsgServerStats snapshots. */
final class ServerStats implements AutoCloseable {
    private final List<ManagedChannel> channels = new ArrayList<>();


    private ManagedChannel channel(String address) {
        HostPort hp = HostPort.parse(address);
        ManagedChannel c = NettyChannelBuilder.forAddress(hp.host(), hp.port()).usePlaintext().build();
        channels.add(c);
        return c;
    }

    // ---------------------------------------------------------------------------------------------
    // users and groups

    /**
     * Makes sure users {@code prefix0 .. prefix(n-1)} exist with {@code password}: lists those that
     * do and adds the others, a few at a time (the dbproxy hashes each password slowly on purpose).
     * Returns how many were created.
     */
    int ensureUsers(String admin, String prefix, String password, int n) throws InterruptedException {
        DbAdminGrpc.DbAdminStub stub = DbAdminGrpc.newStub(channel(admin));
        Set<String> existing = new HashSet<>();
        for (User u : DbAdminGrpc.newBlockingStub(channels.get(channels.size() - 1)).withDeadlineAfter(60, TimeUnit.SECONDS)
                .listUsers(ListUsersRequest.newBuilder().setNamePrefix(prefix).setLimit(10_000).build()).getUsersList()) {
            existing.add(u.getName());
        }
        Semaphore inFlight = new Semaphore(8);
        CountDownLatch done = new CountDownLatch(n);
        AtomicInteger created = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        for (int i = 0; i < n; i++) {
            String name = prefix + i;
            if (existing.contains(name) || failure.get() != null) {
                done.countDown();
                continue;
            }
            inFlight.acquire();
            stub.withDeadlineAfter(60, TimeUnit.SECONDS).addUser(AddUserRequest.newBuilder().setName(name).setPassword(password)
                    .build(), new io.grpc.stub.StreamObserver<>() {
                        @Override
                        public void onNext(io.teamtalkj.control.admin.AddUserResponse value) {
                            created.incrementAndGet();
                        }

                        @Override
                        public void onError(Throwable t) {
                            if (Status.fromThrowable(t).getCode() != Status.Code.ALREADY_EXISTS) {
                                failure.compareAndSet(null, t);
                            }
                            inFlight.release();
                            done.countDown();
                        }

                        @Override
                        public void onCompleted() {
                            inFlight.release();
                            done.countDown();
                        }
                    });
        }
        done.await();
        if (failure.get() != null) {
            throw new IllegalStateException("cannot create users through " + admin + ": " + failure.get().getMessage(),
                    failure.get());
        }
        return created.get();
    }

    /** A fixed group with these members (the first one is the creator); its id. */
    int createGroup(String admin, String name, List<Integer> members) {
        return DbAdminGrpc.newBlockingStub(channel(admin)).withDeadlineAfter(30, TimeUnit.SECONDS)
                .createGroup(CreateGroupRequest.newBuilder().setName(name).setType(GroupType.NORMAL)
                        .setCreatorId(members.get(0)).addAllMemberIds(members).build()).getId();
    }

    // ---------------------------------------------------------------------------------------------
    // snapshots

    /** RouteStats of each route-server (null entries for those that did not answer). */
    List<RouteStatsReply> routeSnapshot(List<String> routes, List<String> notes) {
        List<RouteStatsReply> out = new ArrayList<>();
        for (String r : routes) {
            try {
                out.add(RouteStatsGrpc.newBlockingStub(channel(r)).withDeadlineAfter(10, TimeUnit.SECONDS)
                        .getStats(RouteStatsRequest.getDefaultInstance()));
            } catch (StatusRuntimeException e) {
                notes.add("route-server " + r + " stats unavailable: " + e.getStatus().getCode());
                out.add(null);
            }
        }
        return out;
    }

    /** Stops a msg-server (its drain) through its control port; answers its connection count. */
    int stopMsgServer(String control) {
        return io.teamtalkj.control.msg.MsgServerControlGrpc.newBlockingStub(channel(control))
                .withDeadlineAfter(30, TimeUnit.SECONDS)
                .stop(io.teamtalkj.control.msg.StopRequest.getDefaultInstance()).getConnections();
    }

    List<MsgStatsResponse> msgSnapshot(List<String> msgs, boolean gcFirst, List<String> notes) {
        List<MsgStatsResponse> out = new ArrayList<>();
        for (String m : msgs) {
            try {
                out.add(MsgServerStatsGrpc.newBlockingStub(channel(m)).withDeadlineAfter(30, TimeUnit.SECONDS)
                        .get(MsgStatsRequest.newBuilder().setGcFirst(gcFirst).build()));
            } catch (StatusRuntimeException e) {
                notes.add("msg-server " + m + " stats unavailable: " + e.getStatus().getCode());
                out.add(null);
            }
        }
        return out;
    }

    /** The route-servers' counters during the run, summed over route-servers. */
    static Map<String, Object> routeDelta(List<RouteStatsReply> before, List<RouteStatsReply> after) {
        Map<Integer, long[]> rows = new TreeMap<>();
        Map<Integer, String> names = new TreeMap<>();
        Map<String, Object> out = new LinkedHashMap<>();
        List<Map<String, Object>> perServer = new ArrayList<>();
        for (int i = 0; i < after.size(); i++) {
            RouteStatsReply a = after.get(i);
            RouteStatsReply b = i < before.size() ? before.get(i) : null;
            if (a == null) {
                continue;
            }
            Map<Integer, CommandStats> old = new TreeMap<>();
            if (b != null) {
                b.getCommandsList().forEach(c -> old.put(c.getCommandId(), c));
            }
            for (CommandStats c : a.getCommandsList()) {
                CommandStats o = old.getOrDefault(c.getCommandId(), CommandStats.getDefaultInstance());
                long[] d = rows.computeIfAbsent(c.getCommandId(), k -> new long[8]);
                d[0] += c.getEnvelopesIn() - o.getEnvelopesIn();
                d[1] += c.getEnvelopesOut() - o.getEnvelopesOut();
                d[2] += c.getBytesIn() - o.getBytesIn();
                d[3] += c.getBytesOut() - o.getBytesOut();
                d[4] += c.getRecipientsTargeted() - o.getRecipientsTargeted();
                d[5] += c.getRecipientsLocal() - o.getRecipientsLocal();
                d[6] += c.getRecipientsOffline() - o.getRecipientsOffline();
                d[7] += c.getDropped() - o.getDropped();
                names.put(c.getCommandId(), c.getName());
            }
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("instance", a.getInstance());
            s.put("links_open", a.getControl().getLinksOpen());
            s.put("online_users", a.getPresence().getOnlineUsers());
            s.put("envelopes_in", a.getTotal().getEnvelopesIn() - (b == null ? 0 : b.getTotal().getEnvelopesIn()));
            s.put("relay_latency_p50_micros_since_start", a.getRelayLatency().getP50Micros());
            s.put("relay_latency_p99_micros_since_start", a.getRelayLatency().getP99Micros());
            s.put("relay_latency_max_micros_since_start", a.getRelayLatency().getMaxMicros());
            perServer.add(s);
        }
        List<Map<String, Object>> commands = new ArrayList<>();
        long in = 0;
        long outEnv = 0;
        long dropped = 0;
        long msgLocal = 0;
        for (Map.Entry<Integer, long[]> e : rows.entrySet()) {
            long[] d = e.getValue();
            boolean any = false;
            for (long v : d) {
                any |= v != 0;
            }
            if (!any) {
                continue;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("command_id", e.getKey());
            m.put("name", names.get(e.getKey()));
            m.put("envelopes_in", d[0]);
            m.put("envelopes_out", d[1]);
            m.put("bytes_in", d[2]);
            m.put("bytes_out", d[3]);
            m.put("recipients_targeted", d[4]);
            m.put("recipients_local", d[5]);
            m.put("recipients_offline", d[6]);
            m.put("dropped", d[7]);
            commands.add(m);
            in += d[0];
            outEnv += d[1];
            dropped += d[7];
            if ("CID_MSG_DATA".equals(names.get(e.getKey()))) {
                msgLocal = d[5];
            }
        }
        out.put("envelopes_in", in);
        out.put("envelopes_out", outEnv);
        out.put("dropped", dropped);
        out.put("msg_recipients_local", msgLocal);
        out.put("commands", commands);
        out.put("servers", perServer);
        return out;
    }

    /** The msg-servers' counters during the run, per instance, and their sums. */
    static Map<String, Object> msgDelta(List<MsgStatsResponse> before, List<MsgStatsResponse> after) {
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Object> instances = new LinkedHashMap<>();
        long[] sums = new long[6];
        for (int i = 0; i < after.size(); i++) {
            MsgStatsResponse a = after.get(i);
            if (a == null) {
                continue;
            }
            MsgStatsResponse b = i < before.size() && before.get(i) != null ? before.get(i) : MsgStatsResponse.getDefaultInstance();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("connections", a.getConnections());
            m.put("logins_ok", a.getLoginsOk() - b.getLoginsOk());
            m.put("logins_refused", a.getLoginsRefused() - b.getLoginsRefused());
            m.put("messages_in", a.getMessagesIn() - b.getMessagesIn());
            m.put("messages_stored", a.getMessagesStored() - b.getMessagesStored());
            m.put("messages_not_stored", a.getMessagesNotStored() - b.getMessagesNotStored());
            m.put("messages_resent", a.getMessagesResent() - b.getMessagesResent());
            m.put("messages_rate_limited", a.getMessagesRateLimited() - b.getMessagesRateLimited());
            m.put("deliveries_local", a.getDeliveriesLocal() - b.getDeliveriesLocal());
            m.put("relays_sent", a.getRelaysSent() - b.getRelaysSent());
            m.put("relays_received", a.getRelaysReceived() - b.getRelaysReceived());
            m.put("receiver_acks", a.getReceiverAcks() - b.getReceiverAcks());
            m.put("unacked_deliveries", a.getUnackedDeliveries() - b.getUnackedDeliveries());
            m.put("db_failures", a.getDbFailures() - b.getDbFailures());
            m.put("heap_used_mb", Math.round(a.getHeapUsedBytes() / 1e5) / 10.0);
            instances.put(a.getInstance().isEmpty() ? "msg-server-" + (i + 1) : a.getInstance(), m);
            sums[0] += a.getMessagesStored() - b.getMessagesStored();
            sums[1] += a.getDeliveriesLocal() - b.getDeliveriesLocal();
            sums[2] += a.getRelaysSent() - b.getRelaysSent();
            sums[3] += a.getRelaysReceived() - b.getRelaysReceived();
            sums[4] += a.getMessagesRateLimited() - b.getMessagesRateLimited();
            sums[5] += a.getDbFailures() - b.getDbFailures();
        }
        out.put("messages_stored", sums[0]);
        out.put("deliveries_local", sums[1]);
        out.put("relays_sent", sums[2]);
        out.put("relays_received", sums[3]);
        out.put("messages_rate_limited", sums[4]);
        out.put("db_failures", sums[5]);
        out.put("instances", instances);
        return out;
    }

    @Override
    public void close() {
        for (ManagedChannel c : channels) {
            c.shutdownNow();
        }
        for (ManagedChannel c : channels) {
            try {
                c.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
