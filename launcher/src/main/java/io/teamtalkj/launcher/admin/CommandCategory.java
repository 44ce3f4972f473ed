package io.teamtalkj.launcher.admin;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** "user", "department", "group": only hold subcommands; alone they show their usage (exit 2). */
abstract class CommandCategory implements Callable<Integer> {
    @CommandLine.Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return AdminRoot.EXIT_USAGE;
    }
}
