package io.teamtalkj.launcher;

import picocli.CommandLine.Command;

@Command(name = "route-stats", mixinStandardHelpOptions = true, description = "Print a route-server's relay statistics.")
final class RouteStatsCommand extends NotImplementedCommand {
}
