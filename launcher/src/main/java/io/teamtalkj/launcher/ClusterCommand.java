package io.teamtalkj.launcher;

import picocli.CommandLine.Command;

@Command(name = "cluster", mixinStandardHelpOptions = true, description = "Run the whole cluster in one process on embedded MariaDB and Redis.")
final class ClusterCommand extends NotImplementedCommand {
}
