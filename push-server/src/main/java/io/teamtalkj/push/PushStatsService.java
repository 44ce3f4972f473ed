package io.teamtalkj.push;

import io.grpc.stub.StreamObserver;
import io.teamtalkj.pdu.push.ProviderStats;
import io.teamtalkj.pdu.push.PushStatsGrpc;
import io.teamtalkj.pdu.push.PushStatsReply;
import io.teamtalkj.pdu.push.PushStatsRequest;

/** PushStats over gRPC: what `teamtalk push-stats` prints. */
final class PushStatsService extends PushStatsGrpc.PushStatsImplBase {
    private final PushServer server;

    PushStatsService(PushServer server) {
        this.server = server;
    }

    @Override
    public void getStats(PushStatsRequest request, StreamObserver<PushStatsReply> out) {
        out.onNext(server.stats());
        out.onCompleted();
    }

    static ProviderStats.Builder row(String provider, String app) {
        return ProviderStats.newBuilder().setProvider(provider).setApp(app);
    }
}
