package io.teamtalkj.launcher;

import picocli.CommandLine.Command;

@Command(name = "file-server", mixinStandardHelpOptions = true, description = "Run the file-server (clients 8600, msg-servers 8601, image store 8700).")
final class FileServerCommand extends NotImplementedCommand {
}
