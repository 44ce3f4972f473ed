package io.teamtalkj.launcher.admin;

import io.teamtalkj.net.HostPort;
import com.google.protobuf.MessageOrBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * A leaf of {@code teamtalk admin}: opens a client to the dbproxy, runs, and turns what went
 * wrong into one line on stderr and an exit code: 1 when the dbproxy refused the request (its
 * gRPC status message is shown), 2 for bad usage or when the dbproxy cannot be reached.
 */
abstract class AdminSubcommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandSpec spec;

    /** Does the work; prints the result with {@link #out()} or {@link #json}. */
    abstract void run(AdminClient client) throws Exception;

    /** Checks that need no server (run before connecting). */
    void validate() {
    }

    @Override
    public final Integer call() throws Exception {
        AdminRoot root = root();
        HostPort address = null;
        try {
            validate();
            address = root.dbproxyControl();
            try (AdminClient client = new AdminClient(address, root.deadline)) {
                run(client);
            }
        } catch (AdminFailure f) {
            return fail(f.exitCode, f.getMessage());
        } catch (StatusRuntimeException e) {
            return failed(e.getStatus(), address);
        }
        out().flush();
        return 0;
    }

    private int failed(Status status, HostPort address) {
        String detail = status.getDescription() == null ? status.getCode().toString() : status.getDescription();
        switch (status.getCode()) {
            case UNAVAILABLE:
                return fail(AdminRoot.EXIT_USAGE, "cannot reach the dbproxy at " + address + " (" + oneLine(why(status, detail)) + ")");
            case DEADLINE_EXCEEDED:
                return fail(AdminRoot.EXIT_USAGE, "no answer from the dbproxy at " + address + " within "
                        + root().deadline.toSeconds() + " s");
            case UNIMPLEMENTED:
                return fail(AdminRoot.EXIT_USAGE, address + " does not serve DbAdmin; is it the dbproxy's control port?");
            default:
                return fail(AdminRoot.EXIT_REFUSED, oneLine(detail));
        }
    }

    /** For a failed connection gRPC says "io exception"; the cause says what happened. */
    private static String why(Status status, String detail) {
        String why = detail;
        for (Throwable t = status.getCause(); t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                why = t.getMessage();
            }
        }
        // netty: "finishConnect(..) failed with error(-111): Connection refused"
        return why.replaceFirst("^\\w+\\(\\.\\.\\) failed( with error\\(-?\\d+\\))?: ", "");
    }

    private static String oneLine(String s) {
        return s.replaceAll("\\s*\\R\\s*", " ");
    }

    int fail(int code, String message) {
        PrintWriter err = spec.commandLine().getErr();
        err.println(commandPath() + ": " + message);
        err.flush();
        return code;
    }

    /** "teamtalk admin user add". */
    private String commandPath() {
        StringBuilder path = new StringBuilder();
        for (CommandSpec s = spec; s != null; s = s.parent()) {
            path.insert(0, s.name() + (path.length() == 0 ? "" : " "));
        }
        return path.toString();
    }

    AdminRoot root() {
        for (CommandSpec s = spec; s != null; s = s.parent()) {
            if (s.userObject() instanceof AdminRoot r) {
                return r;
            }
        }
        throw new IllegalStateException(spec.name() + " is not under teamtalk admin");
    }

    boolean json() {
        return root().json;
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** Prints {@code message} as one line of JSON. */
    void json(MessageOrBuilder message) {
        out().println(ProtoJson.print(message));
    }
}
