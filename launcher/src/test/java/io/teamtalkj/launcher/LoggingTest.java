package io.teamtalkj.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class LoggingTest {
    private static final Logger log = LoggerFactory.getLogger("io.teamtalkj.test.LoggingTest");
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private PrintStream realOut;

    @BeforeEach
    void captureConsole() {
        realOut = System.out;
        System.setOut(new PrintStream(console, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() throws Exception {
        System.setOut(realOut);
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        new ContextInitializer(context).autoConfig();
    }

    @Test
    void withAFileTheFileGetsEverythingAtTheLevelAndTheConsoleOnlyWarnings(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("logs").resolve("teamtalk.log");
        Logging.configure(Level.INFO, Logging.Format.TEXT, file);
        log.debug("debug line");
        log.info("info line");
        log.warn("warn line");
        String written = Files.readString(file);
        assertThat(written).contains("info line", "warn line").doesNotContain("debug line");
        assertThat(written.lines().findFirst().orElseThrow()).matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d{3} INFO .*");
        String shown = console.toString(StandardCharsets.UTF_8);
        assertThat(shown).contains("warn line").doesNotContain("info line");
    }

    @Test
    void withoutAFileTheConsoleGetsEverythingAtTheLevel() {
        Logging.configure(Level.DEBUG, Logging.Format.TEXT, null);
        log.debug("debug line");
        log.trace("trace line");
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("debug line").doesNotContain("trace line");
    }

    @Test
    void jsonFormatWritesOneObjectALine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("t.log");
        Logging.configure(Level.INFO, Logging.Format.JSON, file);
        log.info("user {} connected", 42);
        String line = Files.readString(file).lines().filter(l -> l.contains("connected")).findFirst().orElseThrow();
        assertThat(line).startsWith("{").endsWith("}")
                .contains("\"level\":\"INFO\"", "\"loggerName\":\"io.teamtalkj.test.LoggingTest\"", "user 42 connected");
    }

    @Test
    void levelsAndFormatsAreParsedStrictly() {
        assertThat(Logging.level("warn")).isEqualTo(Level.WARN);
        assertThat(Logging.format(" JSON ")).isEqualTo(Logging.Format.JSON);
        assertThatThrownBy(() -> Logging.level("verbose")).hasMessageContaining("got verbose");
        assertThatThrownBy(() -> Logging.format("xml")).hasMessage("log-format must be text or json (got xml)");
    }
}
