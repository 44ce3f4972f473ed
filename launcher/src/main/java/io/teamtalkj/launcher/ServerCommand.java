package io.teamtalkj.launcher;

/**
 * A command that runs one server tier until it is asked to stop: read the settings, start the
 * tier, print one line saying where it listens, block; a wrong setting or a failed start is one
 * line on stderr and exit code {@link #EXIT_CANNOT_START}.
 *
 * @param <C> the tier's config
 * @param <T> the running tier
 */
abstract class ServerCommand<C, T extends AutoCloseable> extends TierCommand {
    /** The settings the options describe; throws IllegalArgumentException when they are wrong. */
    abstract C toConfig();

    abstract T start(C config) throws Exception;

    /** The one-line reason a start failed. */
    String startFailure(C config, Exception e) {
        return describe(e);
    }

    /** The line printed once the tier runs. */
    abstract String started(C config, T tier);

    @Override
    public final Integer call() throws InterruptedException {
        Integer bad = checkConfigFile();
        if (bad != null) {
            return bad;
        }
        C config;
        try {
            applyLogging(null);
            config = toConfig();
        } catch (IllegalArgumentException e) {
            return fail(describe(e));
        }
        T tier;
        try {
            tier = start(config);
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            return fail(startFailure(config, e));
        }
        return runUntilStopped(tier, started(config, tier));
    }
}
