package io.teamtalkj.launcher.admin;

import picocli.CommandLine.Command;

@Command(name = "app", mixinStandardHelpOptions = true,
        description = "Applications that call the HTTP API (api-server): add, change quotas, show usage, rotate the secret.",
        subcommands = {AppAdd.class, AppSet.class, AppStats.class, AppRotate.class})
public final class AppCommand extends CommandCategory {
}
