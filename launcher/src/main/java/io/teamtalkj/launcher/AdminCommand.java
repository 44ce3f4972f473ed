package io.teamtalkj.launcher;

import picocli.CommandLine.Command;

@Command(name = "admin", mixinStandardHelpOptions = true, description = "Manage users, departments and groups.")
final class AdminCommand extends NotImplementedCommand {
}
