package io.teamtalkj.launcher.admin;

import io.teamtalkj.net.HostPort;
import io.teamtalkj.launcher.HostPortConverter;
import java.io.InputStream;
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

    @Option(names = "--dbproxy-control", paramLabel = "HOST:PORT", defaultValue = DEFAULT_CONTROL,
            converter = HostPortConverter.class, scope = ScopeType.INHERIT,
            description = "The dbproxy's gRPC control port (default: ${DEFAULT-VALUE}).")
    HostPort dbproxyControl;

    @Option(names = "--json", scope = ScopeType.INHERIT,
            description = "Machine-readable output: one JSON object per result.")
    boolean json;

    /** How long one call may take; a dbproxy that does not answer is reported as unreachable. */
    Duration deadline = Duration.ofSeconds(10);

    /** Where --password-stdin reads and the password variable comes from (tests replace them). */
    Supplier<InputStream> stdin = () -> System.in;
    Function<String, String> env = System::getenv;

    @Override
    public Integer call() {
        // "teamtalk admin" alone: say what there is
        spec.commandLine().usage(spec.commandLine().getErr());
        return EXIT_USAGE;
    }
}
