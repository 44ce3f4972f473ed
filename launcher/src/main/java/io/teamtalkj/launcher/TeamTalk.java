package io.teamtalkj.launcher;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code teamtalk} command: one subcommand per tier plus the operator tools. */
@Command(name = "teamtalk",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "TeamTalk-J: a Java IM server cluster that speaks the TeamTalk wire protocol.",
        subcommands = {
                CommandLine.HelpCommand.class,
                DbProxyCommand.class,
                MsgServerCommand.class,
                RouteServerCommand.class,
                LoginServerCommand.class,
                FileServerCommand.class,
                ClusterCommand.class,
                ChatCommand.class,
                AdminCommand.class,
                RouteStatsCommand.class,
                LoadTestCommand.class,
        })
public final class TeamTalk implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (tests call this instead of main). */
    public static int run(String... args) {
        return new CommandLine(new TeamTalk()).execute(args);
    }

    @Override
    public void run() {
        // no subcommand: show what there is
        spec.commandLine().usage(System.out);
    }
}
