package io.teamtalkj.launcher.admin;

import picocli.CommandLine.Command;

@Command(name = "user", mixinStandardHelpOptions = true,
        description = "Add, list, disable, enable users and set their passwords.",
        subcommands = {UserAdd.class, UserList.class, UserDisable.class, UserEnable.class, UserPasswd.class,
            UserSessions.class})
public final class UserCommand extends CommandCategory {
}
