package io.teamtalkj.msgserver.push;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;

/** The msg-server's push counters: teamtalk_msg_push_*. */
public final class PushMetrics {
    private PushMetrics() {
    }

    public static void register(MeterRegistry registry, OfflinePush pushes) {
        FunctionCounter.builder("teamtalk.msg.push.requests", pushes, p -> p.requests.doubleValue())
                .description("IMPushToUserReq sent to push-servers").register(registry);
        FunctionCounter.builder("teamtalk.msg.push.devices", pushes, p -> p.devices.doubleValue())
                .description("devices named in those requests").register(registry);
        FunctionCounter.builder("teamtalk.msg.push.not.sent", pushes, p -> p.servers().notSent())
                .description("push requests no push-server link could take").register(registry);
        FunctionCounter.builder("teamtalk.msg.push.tokens.removed", pushes, p -> p.tokensRemoved.doubleValue())
                .description("device tokens removed because the push service called them invalid").register(registry);
    }
}
