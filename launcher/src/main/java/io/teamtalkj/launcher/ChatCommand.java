package io.teamtalkj.launcher;

import picocli.CommandLine.Command;

@Command(name = "chat", mixinStandardHelpOptions = true, description = "A terminal chat client.")
final class ChatCommand extends NotImplementedCommand {
}
