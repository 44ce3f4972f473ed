package io.teamtalkj.launcher;

import picocli.CommandLine.Command;

@Command(name = "route-server", mixinStandardHelpOptions = true, description = "Run a route-server (msg-server links, default 8200).")
final class RouteServerCommand extends NotImplementedCommand {
}
