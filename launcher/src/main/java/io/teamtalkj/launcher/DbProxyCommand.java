package io.teamtalkj.launcher;

import picocli.CommandLine.Command;

@Command(name = "dbproxy-server", mixinStandardHelpOptions = true, description = "Run the storage tier (MySQL + Redis behind a PDU port, default 10600).")
final class DbProxyCommand extends NotImplementedCommand {
}
