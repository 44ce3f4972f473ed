package io.teamtalkj.launcher.admin;

import io.teamtalkj.control.api.AddAppRequest;
import io.teamtalkj.control.api.AddAppResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "add", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Add an application. Prints its app key and secret; the secret is shown only now",
            "(MySQL keeps only its hash, encrypted with the API master key), so keep it."})
final class AppAdd extends AdminSubcommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "1-64 characters, unique.")
    String name;

    @Option(names = "--scopes", paramLabel = "LIST", defaultValue = "users,messages,push,groups,stats", order = 1,
            description = "Comma-separated: users, messages, push, groups, stats (default: ${DEFAULT-VALUE}).")
    String scopes;

    @Option(names = "--calls-per-day", paramLabel = "N", defaultValue = "0", order = 2,
            description = "API calls a UTC day; 0 = no limit (default: ${DEFAULT-VALUE}).")
    long callsPerDay;

    @Option(names = "--pushes-per-day", paramLabel = "N", defaultValue = "0", order = 3,
            description = "Pushes a UTC day; 0 = no limit (default: ${DEFAULT-VALUE}).")
    long pushesPerDay;

    @Option(names = "--expires", paramLabel = "WHEN", defaultValue = "never", order = 4,
            description = "never, unix seconds, or yyyy-mm-dd (UTC midnight) (default: ${DEFAULT-VALUE}).")
    String expires;

    @Override
    void run(AdminClient client) {
        AddAppResponse r = client.apps().addApp(AddAppRequest.newBuilder().setName(name)
                .addAllScopes(AppOptions.scopes(scopes))
                .setCallsPerDay(AppOptions.quota("--calls-per-day", callsPerDay))
                .setPushesPerDay(AppOptions.quota("--pushes-per-day", pushesPerDay))
                .setExpiresAt(AppOptions.expiry(expires)).build());
        if (json()) {
            json(r);
            return;
        }
        printCredentials(out(), r);
        out().println("scopes:  " + String.join(",", r.getApp().getScopesList()));
        out().println("expires: " + AppOptions.describeExpiry(r.getApp().getExpiresAt()));
    }

    /** The app's name, key and secret: the one time the secret is shown (add and rotate). */
    static void printCredentials(java.io.PrintWriter out, AddAppResponse r) {
        out.println("app:     " + r.getApp().getName() + " (id " + r.getApp().getId() + ")");
        out.println("key:     " + r.getApp().getAppKey());
        out.println("secret:  " + r.getSecret());
    }
}
