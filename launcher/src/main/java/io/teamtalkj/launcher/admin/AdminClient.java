package io.teamtalkj.launcher.admin;

import io.teamtalkj.net.HostPort;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.teamtalkj.control.admin.DbAdminGrpc;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** A plaintext gRPC channel to the dbproxy's control port; every call gets the same short deadline. */
final class AdminClient implements AutoCloseable {
    private final HostPort address;
    private final Duration deadline;
    private final ManagedChannel channel;
    private final DbAdminGrpc.DbAdminBlockingStub stub;

    AdminClient(HostPort address, Duration deadline) {
        this.address = address;
        this.deadline = deadline;
        this.channel = ManagedChannelBuilder.forAddress(address.host(), address.port()).usePlaintext().build();
        this.stub = DbAdminGrpc.newBlockingStub(channel);
    }

    HostPort address() {
        return address;
    }

    /** The api-server's store (applications, usage) on the same port, for `teamtalk admin app`. */
    io.teamtalkj.control.api.ApiStoreGrpc.ApiStoreBlockingStub apps() {
        return io.teamtalkj.control.api.ApiStoreGrpc.newBlockingStub(channel)
                .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The stub for one call (a deadline counts from when it is set). */
    DbAdminGrpc.DbAdminBlockingStub call() {
        return stub.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
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
