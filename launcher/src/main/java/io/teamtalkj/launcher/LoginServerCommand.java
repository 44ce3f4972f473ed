package io.teamtalkj.launcher;

import picocli.CommandLine.Command;

@Command(name = "login-server", mixinStandardHelpOptions = true, description = "Run the login-server (HTTP /msg_server on 8080, msg-server links on 8100).")
final class LoginServerCommand extends NotImplementedCommand {
}
