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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The TierHealth gRPC service every tier exposes on its control port, and the readiness behind
 * HTTP {@code /ready} on its metrics port. A tier registers one check per dependency (mysql,
 * redis, dbproxy links, ...); the tier is SERVING only when all of them are. Advisory checks
 * (e.g. a msg-server's route links: it still serves its own clients without them) are reported
 * with their state but do not make the tier NOT_SERVING.
 */
public final class TierHealthService extends TierHealthGrpc.TierHealthImplBase {
    private final String tier;
    private final String instance;
    private final long startedAtMillis = System.currentTimeMillis();
    private final Map<String, Supplier<ComponentHealth>> checks = new ConcurrentHashMap<>();
    private final Set<String> advisory = ConcurrentHashMap.newKeySet();
    private volatile boolean shuttingDown;

    public TierHealthService(String tier, String instance) {
        this.tier = tier;
        this.instance = instance;
    }

    public TierHealthService addCheck(String component, Supplier<ComponentHealth> check) {
        checks.put(component, check);
        return this;
    }

    /** A check that is reported but does not decide whether the tier is SERVING (a degraded dependency). */
    public TierHealthService addAdvisoryCheck(String component, Supplier<ComponentHealth> check) {
        advisory.add(component);
        return addCheck(component, check);
    }

    /** Whether {@code component} was added with {@link #addAdvisoryCheck}. */
    public boolean isAdvisory(String component) {
        return advisory.contains(component);
    }

    public String tier() {
        return tier;
    }

    public String instance() {
        return instance;
    }

    public long uptimeMillis() {
        return System.currentTimeMillis() - startedAtMillis;
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
        boolean allServing = results.values().stream()
                .allMatch(c -> c.getStatus() == ServingStatus.SERVING || advisory.contains(c.getName()));
        ServingStatus status = shuttingDown || !allServing ? ServingStatus.NOT_SERVING : ServingStatus.SERVING;
        String version = TierHealthService.class.getPackage().getImplementationVersion();
        return HealthCheckResponse.newBuilder()
                .setStatus(status)
                .setTier(tier)
                .setInstance(instance)
                .setVersion(version == null ? "dev" : version)
                .setUptimeMillis(uptimeMillis())
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
