package io.teamtalkj.control;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.teamtalkj.control.proto.ComponentHealth;
import io.teamtalkj.control.proto.HealthCheckRequest;
import io.teamtalkj.control.proto.HealthCheckResponse;
import io.teamtalkj.control.proto.ServingStatus;
import io.teamtalkj.control.proto.TierHealthGrpc;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The TierHealth gRPC service every tier exposes on its control port. A tier registers one
 * check per dependency (mysql, redis, route links, ...); the tier is SERVING only when all of
 * them are.
 */
public final class TierHealthService extends TierHealthGrpc.TierHealthImplBase {
    private final String tier;
    private final String instance;
    private final long startedAtMillis = System.currentTimeMillis();
    private final Map<String, Supplier<ComponentHealth>> checks = new ConcurrentHashMap<>();
    private volatile boolean shuttingDown;

    public TierHealthService(String tier, String instance) {
        this.tier = tier;
        this.instance = instance;
    }

    public TierHealthService addCheck(String component, Supplier<ComponentHealth> check) {
        checks.put(component, check);
        return this;
    }

    /** Reports NOT_SERVING from now on, so load balancers drain the tier before it stops. */
    public void markShuttingDown() {
        shuttingDown = true;
    }

    public static ComponentHealth component(String name, boolean ok, String detail) {
        return ComponentHealth.newBuilder().setName(name)
                .setStatus(ok ? ServingStatus.SERVING : ServingStatus.NOT_SERVING)
                .setDetail(detail == null ? "" : detail).build();
    }

    public HealthCheckResponse check(String component) {
        Map<String, ComponentHealth> results = new LinkedHashMap<>();
        checks.forEach((name, check) -> {
            if (component.isEmpty() || component.equals(name)) {
                ComponentHealth health;
                try {
                    health = check.get();
                } catch (RuntimeException e) {
                    health = component(name, false, e.toString());
                }
                results.put(name, health);
            }
        });
        boolean allServing = results.values().stream().allMatch(c -> c.getStatus() == ServingStatus.SERVING);
        ServingStatus status = shuttingDown || !allServing ? ServingStatus.NOT_SERVING : ServingStatus.SERVING;
        String version = TierHealthService.class.getPackage().getImplementationVersion();
        return HealthCheckResponse.newBuilder()
                .setStatus(status)
                .setTier(tier)
                .setInstance(instance)
                .setVersion(version == null ? "dev" : version)
                .setUptimeMillis(System.currentTimeMillis() - startedAtMillis)
                .addAllComponents(results.values())
                .build();
    }

    @Override
    public void check(HealthCheckRequest request, StreamObserver<HealthCheckResponse> responseObserver) {
        String component = request.getComponent();
        if (!component.isEmpty() && !checks.containsKey(component)) {
            responseObserver.onError(Status.NOT_FOUND.withDescription("no component " + component).asRuntimeException());
            return;
        }
        responseObserver.onNext(check(component));
        responseObserver.onCompleted();
    }
}
