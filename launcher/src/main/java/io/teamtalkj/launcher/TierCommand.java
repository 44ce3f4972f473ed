package io.teamtalkj.launcher;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * What every tier command shares: {@code --config FILE} as a properties file of defaults (keys
 * are the long option names without dashes; the command line wins), refusal of unknown keys,
 * one-line errors with exit code {@link #EXIT_CANNOT_START}, and running until SIGTERM/Ctrl-C.
 * A subclass declares {@code defaultValueProvider = TierCommand.ConfigFileDefaults.class}.
 */
abstract class TierCommand implements Callable<Integer> {
    static final int EXIT_CANNOT_START = 2;
    static final String LOG_LEVEL_ENV = "TEAMTALK_LOG_LEVEL";

    @CommandLine.Spec
    CommandSpec spec;

    /** Contents of --config, read while parsing so option defaults can come from it. */
    Properties configFile;
    Path configPath;
    private String configError;

    @Option(names = "--log-level", paramLabel = "LEVEL", defaultValue = "INFO", order = 90,
            description = "TRACE, DEBUG, INFO, WARN or ERROR (default: $" + LOG_LEVEL_ENV + ", else ${DEFAULT-VALUE}).")
    String logLevel;

    @Option(names = "--log-format", paramLabel = "FORMAT", defaultValue = "text", order = 91,
            description = "text, or json (one object a line) (default: ${DEFAULT-VALUE}).")
    String logFormat;

    @Option(names = "--log-file", paramLabel = "FILE", defaultValue = "", order = 92,
            description = "Write the log here (rolled daily and at " + Logging.MAX_FILE_SIZE + ", "
                    + Logging.MAX_HISTORY + " kept); the console then shows warnings only. Default: ${DEFAULT-VALUE}")
    String logFile;

    @Option(names = "--config", paramLabel = "FILE", order = 0,
            description = "Properties file of defaults, keys named like the long options (port=8000).")
    void setConfig(Path file) {
        configPath = file;
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            configFile = ConfigFiles.load(in);
        } catch (IOException e) {
            String why = e instanceof NoSuchFileException ? "no such file"
                    : e instanceof AccessDeniedException ? "permission denied" : describe(e);
            configError = "cannot read --config " + file + ": " + why;
        }
    }

    /**
     * A default that does not come from the file (e.g. a password from the environment), or null.
     * Called before the file is consulted.
     */
    String overrideDefault(OptionSpec option) {
        return null;
    }

    /** Options whose default the provider must not supply (e.g. negatable booleans). */
    boolean skipDefault(OptionSpec option) {
        return false;
    }

    /**
     * Defaults from --config (picocli's {@link CommandLine.PropertiesDefaultProvider} over the
     * file). picocli asks after parsing the command line, so --config is known by then wherever
     * it stood, and only options not given on the command line are looked up.
     */
    static final class ConfigFileDefaults implements CommandLine.IDefaultValueProvider {
        @Override
        public String defaultValue(ArgSpec arg) throws Exception {
            if (!(arg.command().userObject() instanceof TierCommand cmd) || !(arg instanceof OptionSpec option)) {
                return null;
            }
            if (cmd.skipDefault(option)) {
                return null;
            }
            if (option.longestName().equals("--log-level") && System.getenv(LOG_LEVEL_ENV) != null) {
                return System.getenv(LOG_LEVEL_ENV);
            }
            String override = cmd.overrideDefault(option);
            if (override != null) {
                return override;
            }
            if (cmd.configFile == null) {
                return null;
            }
            return new CommandLine.PropertiesDefaultProvider(cmd.configFile).defaultValue(arg);
        }
    }

    /** Checks --config before the tier starts; returns an exit code, or null when all is well. */
    Integer checkConfigFile() {
        if (configError != null) {
            return fail(configError);
        }
        String unknown = unknownConfigKeys();
        return unknown == null ? null : fail(unknown);
    }

    /**
     * Sends the log where the options say.
     *
     * @param defaultFile the log file when --log-file is empty, or null for the console only
     * @return the log file, or null for the console only
     * @throws IllegalArgumentException for a bad level, format or file
     */
    Path applyLogging(Path defaultFile) {
        Path file = logFile == null || logFile.isBlank() ? defaultFile : Path.of(logFile.strip());
        Logging.configure(Logging.level(logLevel), Logging.format(logFormat), file);
        return file;
    }

    /**
     * " (key K in FILE)" when the option's value came from --config rather than the command line,
     * else "": a bad value in a file must say which file and line to fix.
     */
    String configFileSource(OptionSpec option, String[] args) {
        String key = option.longestName().replaceFirst("^-+", "");
        if (configFile == null || !configFile.containsKey(key)) {
            return "";
        }
        for (String arg : args) {
            for (String name : option.names()) {
                if (arg.equals(name) || arg.startsWith(name + "=")) {
                    return "";
                }
            }
        }
        return " (key '" + key + "' in " + configPath + ")";
    }

    /** A boolean key read from the file directly (for negatable options), or {@code dflt}. */
    boolean booleanFromFile(String key, boolean dflt) {
        String v = configFile == null ? null : configFile.getProperty(key);
        if (v == null) {
            return dflt;
        }
        return switch (v.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(key + " must be true or false in " + configPath + " (got " + v + ")");
        };
    }

    /** A misspelt key would silently be ignored otherwise. */
    private String unknownConfigKeys() {
        if (configFile == null) {
            return null;
        }
        Set<String> known = new TreeSet<>();
        for (OptionSpec o : spec.options()) {
            if (!o.usageHelp() && !o.versionHelp() && !o.longestName().equals("--config")) {
                known.add(o.longestName().replaceFirst("^-+", ""));
            }
        }
        Set<String> unknown = new TreeSet<>(configFile.stringPropertyNames());
        unknown.removeAll(known);
        if (unknown.isEmpty()) {
            return null;
        }
        return "unknown key" + (unknown.size() > 1 ? "s " : " ") + String.join(", ", unknown) + " in " + configPath
                + " (known: " + String.join(", ", known) + ")";
    }

    /** Prints the start-up line and blocks until the JVM is asked to stop, then closes the tier. */
    int runUntilStopped(AutoCloseable tier, String startedLine) throws InterruptedException {
        spec.commandLine().getOut().println(startedLine);
        spec.commandLine().getOut().flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            closeQuietly(tier);
            stopped.countDown();
        }, spec.name() + "-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            stopped.await();
        } catch (InterruptedException e) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                throw e; // the hook is already running and closes the tier
            }
            closeQuietly(tier);
            throw e;
        }
        return 0;
    }

    private void closeQuietly(AutoCloseable tier) {
        try {
            tier.close();
        } catch (Exception e) {
            spec.commandLine().getErr().println("teamtalk " + spec.name() + ": error while stopping: " + describe(e));
        }
    }

    int fail(String message) {
        spec.commandLine().getErr().println("teamtalk " + spec.name() + ": " + message);
        spec.commandLine().getErr().flush();
        return EXIT_CANNOT_START;
    }

    /** How the start line names a metrics port: its /metrics URL, or "none" when it is off. */
    static String metricsUrl(String host, int port) {
        return port < 0 ? "none" : "http://" + host + ":" + port + "/metrics (/health, /ready)";
    }

    static String describe(Exception e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m.replaceAll("\\s*\\R\\s*", " ");
    }
}
