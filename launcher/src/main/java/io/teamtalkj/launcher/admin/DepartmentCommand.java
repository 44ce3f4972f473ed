package io.teamtalkj.launcher.admin;

import picocli.CommandLine.Command;

@Command(name = "department", mixinStandardHelpOptions = true, description = "Add and list departments.",
        subcommands = {DepartmentAdd.class, DepartmentList.class})
public final class DepartmentCommand extends CommandCategory {
}
