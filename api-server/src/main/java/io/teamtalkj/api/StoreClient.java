package io.teamtalkj.api;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.teamtalkj.control.admin.DbAdminGrpc;
import io.teamtalkj.control.api.ApiStoreGrpc;
import io.teamtalkj.net.HostPort;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The dbproxy's control port as the api-server uses it: ApiStore (apps, usage, user sync) and
 * DbAdmin (departments, group listing). gRPC errors become {@link ApiError}s with the dbproxy's
 * own explanation, so an application sees why (unknown department, name taken, ...).
 */
public final class StoreClient implements AutoCloseable {
    private final ManagedChannel channel;
    private final ApiStoreGrpc.ApiStoreBlockingStub store;
    private final DbAdminGrpc.DbAdminBlockingStub admin;
    private final Duration deadline;

    public StoreClient(HostPort address, Duration deadline) {
        this.channel = ManagedChannelBuilder.forAddress(address.host(), address.port()).usePlaintext().build();
        this.store = ApiStoreGrpc.newBlockingStub(channel);
        this.admin = DbAdminGrpc.newBlockingStub(channel);
        this.deadline = deadline;
    }

    public ApiStoreGrpc.ApiStoreBlockingStub store() {
        return store.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    public DbAdminGrpc.DbAdminBlockingStub admin() {
        return admin.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Runs a call, turning its gRPC status into the matching HTTP error. */
    public static <T> T call(Supplier<T> rpc) {
        try {
            return rpc.get();
        } catch (StatusRuntimeException e) {
            throw error(e);
        }
    }

    /** The HTTP error a gRPC status stands for. */
    public static ApiError error(StatusRuntimeException e) {
        Status s = e.getStatus();
        String why = s.getDescription() == null ? s.getCode().toString() : s.getDescription();
        return switch (s.getCode()) {
            case INVALID_ARGUMENT -> ApiError.badRequest(why);
            case NOT_FOUND -> ApiError.notFound(why);
            case ALREADY_EXISTS -> ApiError.conflict(why);
            case UNAVAILABLE, DEADLINE_EXCEEDED, FAILED_PRECONDITION -> ApiError.unavailable("dbproxy: " + why);
            default -> new ApiError(500, "internal", "dbproxy: " + why);
        };
    }

    @Override
    public void close() {
        channel.shutdownNow();
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
