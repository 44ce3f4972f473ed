package io.teamtalkj.route.stats;

import io.grpc.stub.StreamObserver;
import io.teamtalkj.control.route.RouteStatsGrpc;
import io.teamtalkj.control.route.RouteStatsReply;
import io.teamtalkj.control.route.RouteStatsRequest;
import java.util.function.Supplier;

/** The RouteStats gRPC service on the route-server's control port. */
public final class RouteStatsService extends RouteStatsGrpc.RouteStatsImplBase {
    private final Supplier<RouteStatsReply> report;

    public RouteStatsService(Supplier<RouteStatsReply> report) {
        this.report = report;
    }

    @Override
    public void getStats(RouteStatsRequest request, StreamObserver<RouteStatsReply> responseObserver) {
        responseObserver.onNext(report.get());
        responseObserver.onCompleted();
    }
}
