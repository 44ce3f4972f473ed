package io.teamtalkj.launcher.admin;

import picocli.CommandLine.Command;

@Command(name = "group", mixinStandardHelpOptions = true, description = "Create and list groups, add and remove members.",
        subcommands = {GroupCreate.class, GroupList.class, GroupAddMembers.class, GroupRemoveMembers.class})
public final class GroupCommand extends CommandCategory {
}
