package io.teamtalkj.login;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The login-server's Prometheus metrics ({@code teamtalk_login_*}): client requests by how they
 * were answered, the msg-server each successful answer named, and the registry's size and load.
 */
final class LoginMetrics {
    private static final String REQUESTS = "teamtalk.login.requests";
    private static final String REQUESTS_HELP = "Client requests for a msg-server (HTTP /msg_server, or IMMsgServReq on "
            + "the legacy port) by answer: ok, no_msg_server, all_full; HTTP also not_found and bad_request";

    private final MeterRegistry registry;
    private final Counter[] byCode = new Counter[3];
    private final Counter notFound;
    private final Counter badRequest;

    LoginMetrics(MeterRegistry registry, MsgServerRegistry msgServers) {
        this.registry = registry;
        byCode[MsgServerChoice.OK] = requests("ok");
        byCode[MsgServerChoice.NO_MSG_SERVER] = requests("no_msg_server");
        byCode[MsgServerChoice.ALL_FULL] = requests("all_full");
        notFound = requests("not_found");
        badRequest = requests("bad_request");
        Gauge.builder("teamtalk.login.msg.servers", msgServers, MsgServerRegistry::size)
                .description("msg-servers registered (linked and announced)").register(registry);
        Gauge.builder("teamtalk.login.msg.server.users", msgServers, MsgServerRegistry::totalUsers)
                .description("Users on all registered msg-servers, as they report them").register(registry);
    }

    private Counter requests(String result) {
        return Counter.builder(REQUESTS).description(REQUESTS_HELP).tag("result", result).register(registry);
    }

    /** A client got {@code choice}; an OK also counts for the msg-server it names. */
    void answered(MsgServerChoice choice) {
        byCode[choice.code()].increment();
        if (choice.code() == MsgServerChoice.OK) {
            Counter.builder("teamtalk.login.chosen")
                    .description("Answers that named this msg-server (the least loaded at the time)")
                    .tag("msg_server", choice.server().hostName()).register(registry).increment();
        }
    }

    void notFound() {
        notFound.increment();
    }

    void badRequest() {
        badRequest.increment();
    }
}
