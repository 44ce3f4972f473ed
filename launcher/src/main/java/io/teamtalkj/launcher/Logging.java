package io.teamtalkj.launcher;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.util.FileSize;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.slf4j.LoggerFactory;

/**
 * Where a command's log lines go, set from its options once they are parsed (logback.xml only
 * covers the moments before that). Without a log file everything at the chosen level goes to the
 * console, as a container or systemd expects; with one, the file gets every line at the level and
 * the console only warnings, so a person running the cluster sees its banner and what needs them.
 */
final class Logging {
    static final String PATTERN = "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{24} - %msg%n";
    /** Rolled daily and at this size; this many files kept. */
    static final String MAX_FILE_SIZE = "100MB";
    static final int MAX_HISTORY = 14;
    /** The logger of the push-server's log provider (io.teamtalkj.push.provider.LogProvider). */
    static final String PUSH_LOG = "io.teamtalkj.push.pushes";

    enum Format { TEXT, JSON }

    private Logging() {
    }

    /** Parses a level name the way operators write it (info, WARN, ...); refuses anything else. */
    static Level level(String name) {
        Level level = Level.toLevel(name.strip().toUpperCase(Locale.ROOT), null);
        if (level == null) {
            throw new IllegalArgumentException("log-level must be one of TRACE, DEBUG, INFO, WARN, ERROR, OFF (got "
                    + name + ")");
        }
        return level;
    }

    static Format format(String name) {
        return switch (name.strip().toLowerCase(Locale.ROOT)) {
            case "text" -> Format.TEXT;
            case "json" -> Format.JSON;
            default -> throw new IllegalArgumentException("log-format must be text or json (got " + name + ")");
        };
    }

    /**
     * Replaces the appenders of the root logger.
     *
     * @param file the log file, or null for the console only
     */
    static void configure(Level level, Format format, Path file) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        if (file != null) {
            try {
                Path parent = file.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot create the directory of log-file " + file + ": " + e.getMessage());
            }
        }
        root.detachAndStopAllAppenders();
        root.setLevel(level);
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setName("CONSOLE");
        if (file != null) {
            // warnings, and the log push provider's one line per push (so `teamtalk cluster` shows pushes)
            ch.qos.logback.core.filter.Filter<ILoggingEvent> warnings = new ch.qos.logback.core.filter.Filter<>() {
                @Override
                public ch.qos.logback.core.spi.FilterReply decide(ILoggingEvent e) {
                    return e.getLevel().isGreaterOrEqual(Level.WARN) || PUSH_LOG.equals(e.getLoggerName())
                            ? ch.qos.logback.core.spi.FilterReply.NEUTRAL : ch.qos.logback.core.spi.FilterReply.DENY;
                }
            };
            warnings.start();
            console.addFilter(warnings);
        }
        start(context, console, format);
        root.addAppender(console);
        if (file != null) {
            root.addAppender(rollingFile(context, file, format));
        }
    }

    private static RollingFileAppender<ILoggingEvent> rollingFile(LoggerContext context, Path file, Format format) {
        RollingFileAppender<ILoggingEvent> appender = new RollingFileAppender<>();
        appender.setName("FILE");
        appender.setContext(context);
        appender.setFile(file.toString());
        SizeAndTimeBasedRollingPolicy<ILoggingEvent> policy = new SizeAndTimeBasedRollingPolicy<>();
        policy.setContext(context);
        policy.setParent(appender);
        policy.setFileNamePattern(file + ".%d{yyyy-MM-dd}.%i.gz");
        policy.setMaxFileSize(FileSize.valueOf(MAX_FILE_SIZE));
        policy.setMaxHistory(MAX_HISTORY);
        policy.start();
        appender.setRollingPolicy(policy);
        start(context, appender, format);
        return appender;
    }

    private static void start(LoggerContext context, OutputStreamAppender<ILoggingEvent> appender, Format format) {
        appender.setContext(context);
        appender.setEncoder(encoder(context, format));
        appender.start();
    }

    private static Encoder<ILoggingEvent> encoder(LoggerContext context, Format format) {
        if (format == Format.JSON) {
            JsonEncoder json = new JsonEncoder();
            json.setContext(context);
            // the line as a person reads it, not the template plus arguments; no per-line context dump
            json.setWithFormattedMessage(true);
            json.setWithMessage(false);
            json.setWithArguments(false);
            json.setWithContext(false);
            json.setWithSequenceNumber(false);
            json.setWithNanoseconds(false);
            json.start();
            return json;
        }
        PatternLayoutEncoder text = new PatternLayoutEncoder();
        text.setContext(context);
        text.setPattern(PATTERN);
        text.start();
        return text;
    }
}
