package io.teamtalkj.launcher.admin;

import io.teamtalkj.control.api.AppStatsRequest;
import io.teamtalkj.control.api.AppStatsResponse;
import io.teamtalkj.control.api.UsageKind;
import io.teamtalkj.control.api.UsageRow;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "stats", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"An application's counted calls (per route) and pushes (per target) per UTC day.",
            "api-servers write their counts in batches (--usage-flush, default 5s)."})
final class AppStats extends AdminSubcommand {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Option(names = "--from", paramLabel = "YYYYMMDD", defaultValue = "0", order = 1, description = "First day (default: all).")
    int from;

    @Option(names = "--to", paramLabel = "YYYYMMDD", defaultValue = "0", order = 2, description = "Last day (default: all).")
    int to;

    @Override
    void run(AdminClient client) {
        AppStatsResponse r = client.apps().appStats(AppStatsRequest.newBuilder().setName(name).setFromDay(from)
                .setToDay(to).build());
        if (json()) {
            json(r);
            return;
        }
        Table t = new Table("DAY", "KIND", "API", "COUNT");
        for (UsageRow row : r.getRowsList()) {
            t.row(Integer.toString(row.getDay()), row.getKind() == UsageKind.CALL ? "call" : "push", row.getApi(),
                    Long.toString(row.getCount()));
        }
        t.print(out());
    }

}
