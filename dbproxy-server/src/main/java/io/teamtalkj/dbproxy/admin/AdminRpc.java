package io.teamtalkj.dbproxy.admin;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.sql.SQLException;
import org.slf4j.Logger;

/** How the dbproxy's gRPC services answer: one result, a refusal as it was thrown, or INTERNAL with the cause logged. */
final class AdminRpc {
    private AdminRpc() {
    }

    @FunctionalInterface
    interface Call<T> {
        T run() throws SQLException;
    }

    /** {@code service} names the caller in the log line ("admin", "api store"). */
    static <T> void answer(Logger log, String service, String rpc, StreamObserver<T> observer, Call<T> call) {
        T result;
        try {
            result = call.run();
        } catch (StatusRuntimeException e) {
            observer.onError(e);
            return;
        } catch (SQLException | RuntimeException e) {
            log.warn("{} {} failed", service, rpc, e);
            observer.onError(Status.INTERNAL.withDescription(rpc + " failed: " + e.getMessage()).asRuntimeException());
            return;
        }
        observer.onNext(result);
        observer.onCompleted();
    }
}
