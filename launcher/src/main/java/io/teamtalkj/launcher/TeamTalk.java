package io.teamtalkj.launcher;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
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
                ApiServerCommand.class,
                ClusterCommand.class,
                ChatCommand.class,
                AdminCommand.class,
                RouteStatsCommand.class,
                LoadTestCommand.class,
                PushServerCommand.class,
                PushStatsCommand.class,
        })
public final class TeamTalk implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (tests call this instead of main). */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /** The command line as {@link #main} runs it (tests redirect its out and err). */
    public static CommandLine commandLine() {
        return new CommandLine(new TeamTalk()).setParameterExceptionHandler(TeamTalk::usageError);
    }

    /**
     * A mistake on the command line or in a conf file is one line saying what is wrong (naming the
     * file and key when the value came from --config) and where to look, not the whole usage.
     */
    static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        String where = "";
        if (cmd.getCommand() instanceof TierCommand tier && e.getArgSpec() instanceof OptionSpec option) {
            where = tier.configFileSource(option, args);
        }
        err.println(cmd.getCommandSpec().qualifiedName() + ": " + e.getMessage() + where);
        err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for the options.");
        err.flush();
        return cmd.getCommandSpec().exitCodeOnInvalidInput();
    }

    @Override
    public void run() {
        // no subcommand: show what there is
        spec.commandLine().usage(System.out);
    }
}
