package io.teamtalkj.launcher;

import java.util.concurrent.Callable;
import picocli.CommandLine;

/** A subcommand whose issue has not landed yet: says so and exits with {@link #EXIT_CODE}. */
abstract class NotImplementedCommand implements Callable<Integer> {
    static final int EXIT_CODE = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("teamtalk " + spec.name() + ": not implemented yet");
        return EXIT_CODE;
    }
}
