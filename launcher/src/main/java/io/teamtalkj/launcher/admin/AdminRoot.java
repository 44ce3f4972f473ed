package io.teamtalkj.launcher.admin;

import io.teamtalkj.net.HostPort;
import io.teamtalkj.launcher.HostPortConverter;
import io.teamtalkj.launcher.cluster.ClusterLayout;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code teamtalk admin}: what its subcommands share. The options are global (inherited), so
 * they may stand before or after the subcommand: {@code admin --json user list} and
 * {@code admin user list --json} mean the same.
 */
public abstract class AdminRoot implements Callable<Integer> {
    /** The dbproxy refused the request (gRPC status INVALID_ARGUMENT, NOT_FOUND, ...). */
    public static final int EXIT_REFUSED = 1;
    /** Bad usage, or the dbproxy could not be reached. */
    public static final int EXIT_USAGE = 2;
    public static final String DEFAULT_CONTROL = "127.0.0.1:10601";
    /** Environment variable a password can come from instead of the command line. */
    public static final String PASSWORD_ENV = "TEAMTALK_USER_PASSWORD";

    @CommandLine.Spec
    CommandSpec spec;

    @Option(names = "--dbproxy-control", paramLabel = "HOST:PORT",
            converter = HostPortConverter.class, scope = ScopeType.INHERIT,
            description = "The dbproxy's gRPC control port (default: the --cluster's, else " + DEFAULT_CONTROL + ").")
    HostPort dbproxyControl;

    @Option(names = "--cluster", paramLabel = "DIR", scope = ScopeType.INHERIT,
            description = "Manage the `teamtalk cluster` running on this data directory: its dbproxy control port from DIR/"
                    + ClusterLayout.FILE_NAME + ".")
    Path cluster;

    @Option(names = "--json", scope = ScopeType.INHERIT,
            description = "Machine-readable output: one JSON object per result.")
    boolean json;

    /** How long one call may take; a dbproxy that does not answer is reported as unreachable. */
    Duration deadline = Duration.ofSeconds(10);

    /** Where --password-stdin reads and the password variable comes from (tests replace them). */
    Supplier<InputStream> stdin = () -> System.in;
    Function<String, String> env = System::getenv;

    /** --dbproxy-control, else the --cluster's, else the default. */
    HostPort dbproxyControl() {
        if (dbproxyControl != null) {
            return dbproxyControl;
        }
        if (cluster == null) {
            return HostPort.parse(DEFAULT_CONTROL);
        }
        try {
            return HostPort.parse(ClusterLayout.readRunning(cluster).dbProxyControl());
        } catch (IllegalArgumentException e) {
            throw AdminFailure.usage(e.getMessage());
        }
    }

    @Override
    public Integer call() {
        // "teamtalk admin" alone: say what there is
        spec.commandLine().usage(spec.commandLine().getErr());
        return EXIT_USAGE;
    }
}
