package io.teamtalkj.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.teamtalkj.control.proto.ComponentHealth;
import io.teamtalkj.control.proto.HealthCheckRequest;
import io.teamtalkj.control.proto.HealthCheckResponse;
import io.teamtalkj.control.proto.ServingStatus;
import io.teamtalkj.control.proto.TierHealthGrpc;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link TierHealthService} over in-process gRPC, plus one {@link ControlServer} on real loopback. */
class TierHealthServiceTest {
    private TierHealthService health;
    private Server server;
    private ManagedChannel channel;
    private TierHealthGrpc.TierHealthBlockingStub stub;
    private final AtomicBoolean redisUp = new AtomicBoolean(true);

    @BeforeEach
    void setUp() throws Exception {
        health = new TierHealthService("msg-server", "msg-1")
                .addCheck("mysql", () -> TierHealthService.component("mysql", true, "pool 16/16"))
                .addCheck("redis", () -> TierHealthService.component("redis", redisUp.get(), null));
        String name = InProcessServerBuilder.generateName();
        server = InProcessServerBuilder.forName(name).directExecutor().addService(health).build().start();
        channel = InProcessChannelBuilder.forName(name).directExecutor().build();
        stub = TierHealthGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    private HealthCheckResponse check(String component) {
        return stub.check(HealthCheckRequest.newBuilder().setComponent(component).build());
    }

    @Test
    void servingWhenEveryCheckPasses() {
        HealthCheckResponse rsp = check("");

        assertThat(rsp.getStatus()).isEqualTo(ServingStatus.SERVING);
        assertThat(rsp.getTier()).isEqualTo("msg-server");
        assertThat(rsp.getInstance()).isEqualTo("msg-1");
        assertThat(rsp.getVersion()).isNotEmpty();
        assertThat(rsp.getUptimeMillis()).isGreaterThanOrEqualTo(0);
        assertThat(rsp.getComponentsList()).extracting(ComponentHealth::getName)
                .containsExactlyInAnyOrder("mysql", "redis");
        assertThat(rsp.getComponentsList()).allMatch(c -> c.getStatus() == ServingStatus.SERVING);
        assertThat(rsp.getComponentsList()).filteredOn(c -> c.getName().equals("mysql"))
                .extracting(ComponentHealth::getDetail).containsExactly("pool 16/16");
    }

    @Test
    void notServingWhenOneCheckFails() {
        redisUp.set(false);

        HealthCheckResponse rsp = check("");

        assertThat(rsp.getStatus()).isEqualTo(ServingStatus.NOT_SERVING);
        assertThat(rsp.getComponentsList()).filteredOn(c -> c.getName().equals("redis"))
                .extracting(ComponentHealth::getStatus).containsExactly(ServingStatus.NOT_SERVING);
        assertThat(rsp.getComponentsList()).filteredOn(c -> c.getName().equals("mysql"))
                .extracting(ComponentHealth::getStatus).containsExactly(ServingStatus.SERVING);

        redisUp.set(true);
        assertThat(check("").getStatus()).as("checks run on every call").isEqualTo(ServingStatus.SERVING);
    }

    @Test
    void notServingWhenACheckThrows() {
        health.addCheck("route", () -> {
            throw new IllegalStateException("no route link");
        });

        HealthCheckResponse rsp = check("");

        assertThat(rsp.getStatus()).isEqualTo(ServingStatus.NOT_SERVING);
        ComponentHealth route = rsp.getComponentsList().stream().filter(c -> c.getName().equals("route"))
                .findFirst().orElseThrow();
        assertThat(route.getStatus()).isEqualTo(ServingStatus.NOT_SERVING);
        assertThat(route.getDetail()).contains("no route link");
    }

    @Test
    void checkOfOneComponentReportsOnlyThatComponent() {
        redisUp.set(false);

        HealthCheckResponse mysql = check("mysql");
        assertThat(mysql.getStatus()).isEqualTo(ServingStatus.SERVING);
        assertThat(mysql.getComponentsList()).extracting(ComponentHealth::getName).containsExactly("mysql");

        HealthCheckResponse redis = check("redis");
        assertThat(redis.getStatus()).isEqualTo(ServingStatus.NOT_SERVING);
        assertThat(redis.getComponentsList()).extracting(ComponentHealth::getName).containsExactly("redis");
    }

    @Test
    void unknownComponentIsNotFound() {
        assertThatThrownBy(() -> check("kafka"))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND))
                .hasMessageContaining("kafka");
    }

    @Test
    void notServingAfterMarkShuttingDown() {
        assertThat(check("").getStatus()).isEqualTo(ServingStatus.SERVING);

        health.markShuttingDown();

        HealthCheckResponse rsp = check("");
        assertThat(rsp.getStatus()).isEqualTo(ServingStatus.NOT_SERVING);
        assertThat(rsp.getTier()).isEqualTo("msg-server");
        assertThat(rsp.getInstance()).isEqualTo("msg-1");
        assertThat(check("mysql").getStatus()).isEqualTo(ServingStatus.NOT_SERVING);
    }

    @Test
    void tierWithoutChecksIsServing() {
        HealthCheckResponse rsp = new TierHealthService("login-server", "login-1").check("");

        assertThat(rsp.getStatus()).isEqualTo(ServingStatus.SERVING);
        assertThat(rsp.getTier()).isEqualTo("login-server");
        assertThat(rsp.getInstance()).isEqualTo("login-1");
        assertThat(rsp.getComponentsList()).isEmpty();
    }

    @Test
    void componentHelperBuildsTheMessage() {
        assertThat(TierHealthService.component("x", true, null))
                .isEqualTo(ComponentHealth.newBuilder().setName("x").setStatus(ServingStatus.SERVING).build());
        assertThat(TierHealthService.component("x", false, "down").getStatus()).isEqualTo(ServingStatus.NOT_SERVING);
    }

    @Test
    void controlServerServesHealthOnLoopbackAndDrainsOnClose() throws Exception {
        TierHealthService tierHealth = new TierHealthService("route-server", "route-1");
        ControlServer control = ControlServer.start("127.0.0.1", 0, tierHealth, List.of());
        ManagedChannel tcp = NettyChannelBuilder.forAddress("127.0.0.1", control.port()).usePlaintext().build();
        try {
            assertThat(control.port()).isPositive();
            assertThat(control.health()).isSameAs(tierHealth);
            HealthCheckResponse rsp = TierHealthGrpc.newBlockingStub(tcp).withDeadlineAfter(10, TimeUnit.SECONDS)
                    .check(HealthCheckRequest.getDefaultInstance());
            assertThat(rsp.getStatus()).isEqualTo(ServingStatus.SERVING);
            assertThat(rsp.getTier()).isEqualTo("route-server");
        } finally {
            tcp.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            control.close();
        }
        assertThat(tierHealth.check("").getStatus()).as("close marks the tier shutting down")
                .isEqualTo(ServingStatus.NOT_SERVING);
    }
}
