package io.teamtalkj.launcher;

import picocli.CommandLine.Command;

@Command(name = "msg-server", mixinStandardHelpOptions = true, description = "Run a msg-server (client TCP port, default 8000).")
final class MsgServerCommand extends NotImplementedCommand {
}
