package io.teamtalkj.launcher.admin;

import io.teamtalkj.control.api.App;
import io.teamtalkj.control.api.UpdateAppRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "set", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Change an application's scopes, quotas or expiry. api-servers pick it up at their",
            "next reload (--app-reload, default 2m), without a restart."})
final class AppSet extends AdminSubcommand {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Option(names = "--scopes", paramLabel = "LIST", order = 1, description = "Replace the scopes.")
    String scopes;

    @Option(names = "--calls-per-day", paramLabel = "N", order = 2, description = "0 = no limit.")
    Long callsPerDay;

    @Option(names = "--pushes-per-day", paramLabel = "N", order = 3, description = "0 = no limit.")
    Long pushesPerDay;

    @Option(names = "--expires", paramLabel = "WHEN", order = 4, description = "never, unix seconds, or yyyy-mm-dd.")
    String expires;

    @Override
    void run(AdminClient client) {
        UpdateAppRequest.Builder r = UpdateAppRequest.newBuilder().setName(name);
        if (scopes != null) {
            r.setSetScopes(true).addAllScopes(AppOptions.scopes(scopes));
        }
        if (callsPerDay != null) {
            r.setCallsPerDay(AppOptions.quota("--calls-per-day", callsPerDay));
        }
        if (pushesPerDay != null) {
            r.setPushesPerDay(AppOptions.quota("--pushes-per-day", pushesPerDay));
        }
        if (expires != null) {
            r.setExpiresAt(AppOptions.expiry(expires));
        }
        App app = client.apps().updateApp(r.build());
        if (json()) {
            json(app);
            return;
        }
        out().println(app.getName() + ": scopes " + String.join(",", app.getScopesList()) + ", calls/day "
                + Integer.toUnsignedString(app.getCallsPerDay()) + ", pushes/day "
                + Integer.toUnsignedString(app.getPushesPerDay()) + ", expires "
                + AppOptions.describeExpiry(app.getExpiresAt()));
    }
}
