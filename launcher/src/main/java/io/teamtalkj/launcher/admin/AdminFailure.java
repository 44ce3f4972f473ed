package io.teamtalkj.launcher.admin;

/** A one-line error with its exit code, thrown by subcommands and reported by {@link AdminSubcommand}. */
final class AdminFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final int exitCode;

    private AdminFailure(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    /** Something the directory does not allow or does not have (exit 1). */
    static AdminFailure refused(String message) {
        return new AdminFailure(AdminRoot.EXIT_REFUSED, message);
    }

    /** The command line is wrong (exit 2). */
    static AdminFailure usage(String message) {
        return new AdminFailure(AdminRoot.EXIT_USAGE, message);
    }
}
