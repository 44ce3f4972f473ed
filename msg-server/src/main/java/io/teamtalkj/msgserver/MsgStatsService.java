package io.teamtalkj.msgserver;

import io.grpc.stub.StreamObserver;
import io.teamtalkj.control.msg.MsgServerStatsGrpc;
import io.teamtalkj.control.msg.MsgStatsRequest;
import io.teamtalkj.control.msg.MsgStatsResponse;

/** gRPC {@code MsgServerStats.Get} on the control port: counters, connections and heap. */
final class MsgStatsService extends MsgServerStatsGrpc.MsgServerStatsImplBase {
    private final MsgServer server;

    MsgStatsService(MsgServer server) {
        this.server = server;
    }

    @Override
    public void get(MsgStatsRequest request, StreamObserver<MsgStatsResponse> out) {
        if (request.getGcFirst()) {
            System.gc();
        }
        out.onNext(snapshot(server));
        out.onCompleted();
    }

    static MsgStatsResponse snapshot(MsgServer server) {
        MsgServerStats s = server.stats();
        Runtime rt = Runtime.getRuntime();
        return MsgStatsResponse.newBuilder()
                .setInstance(server.config().hostName)
                .setConnections(server.sessions().connectionCount())
                .setUsers(server.sessions().userCount())
                .setLoginsOk(s.loginsOk.sum())
                .setLoginsRefused(s.loginsRefused.sum())
                .setRefusedBeforeLogin(s.refusedBeforeLogin.sum())
                .setKicks(s.kicks.sum())
                .setMessagesIn(s.messagesIn.sum())
                .setMessagesStored(s.messagesStored.sum())
                .setMessagesNotStored(s.messagesNotStored.sum())
                .setMessagesResent(s.messagesResent.sum())
                .setMessagesRateLimited(s.messagesRateLimited.sum())
                .setDeliveriesLocal(s.deliveriesLocal.sum())
                .setRelaysSent(s.relaysSent.sum())
                .setRelaysReceived(s.relaysReceived.sum())
                .setReceiverAcks(s.receiverAcks.sum())
                .setUnackedDeliveries(s.unackedDeliveries.sum())
                .setDbFailures(s.dbFailures.sum())
                .setDbInFlight(server.db().inFlight())
                .setHeapUsedBytes(rt.totalMemory() - rt.freeMemory())
                .setHeapMaxBytes(rt.maxMemory())
                .setOpenSockets(server.openSockets())
                .setSlowReadersDropped(s.slowReadersDropped.sum())
                .build();
    }
}
