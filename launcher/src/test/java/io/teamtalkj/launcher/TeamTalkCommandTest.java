package io.teamtalkj.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.teamtalkj.dbproxy.DbProxyConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class TeamTalkCommandTest {
    private static final String[] TIERS = {
        "dbproxy-server", "msg-server", "route-server", "login-server", "file-server",
    };

    private static final class Result {
        final int code;
        final String out;
        final String err;

        Result(int code, String out, String err) {
            this.code = code;
            this.out = out;
            this.err = err;
        }
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = new CommandLine(new TeamTalk());
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void helpListsEveryTierAndTool() {
        Result r = run("--help");
        assertThat(r.code).isZero();
        assertThat(r.out).contains(TIERS);
        assertThat(r.out).contains("cluster", "chat", "admin", "route-stats", "loadtest");
    }

    @Test
    void versionNamesTheProject() {
        Result r = run("--version");
        assertThat(r.code).isZero();
        assertThat(r.out).startsWith("teamtalk ").contains("Java ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"route-server", "login-server", "file-server",
        "cluster", "chat", "route-stats", "loadtest"})
    void unimplementedSubcommandsSaySoAndFail(String sub) {
        Result r = run(sub);
        assertThat(r.code).isEqualTo(NotImplementedCommand.EXIT_CODE);
        assertThat(r.err).contains(sub).contains("not implemented yet");
    }

    @Test
    void dbproxyHelpListsEveryOptionWithItsDefault() {
        Result r = run("dbproxy-server", "--help");
        assertThat(r.code).isZero();
        String out = r.out.replaceAll("\\s+", " "); // picocli wraps long lines
        assertThat(out).contains("--config=FILE", "--listen-host=HOST", "--port=PORT", "--control-host=HOST",
                "--control-port=PORT", "--db-url=URL", "--db-user=USER", "--db-password=PASSWORD", "--db-pool-size=N",
                "--redis-url=URL", "--redis-pool-size=N", "--workers=N", "--batch-size=N", "--queue-capacity=N",
                "--history-page-cap=N", "--login-failure-limit=N", "--max-frame-length=BYTES", "--[no-]migrate",
                "TEAMTALK_DB_PASSWORD");
        assertThat(out).contains("(default: 0.0.0.0)", "(default: 10600)", "(default: 127.0.0.1)", "(default: 10601)",
                "(default: jdbc:mysql://127.0.0.1:3306/teamtalk)", "(default: root)", "(default: 16)",
                "(default: redis://127.0.0.1:6379)", "(default: 32)", "(default: 8)", "(default: 128)", "(default: 65536)",
                "(default: 100)", "(default: 10)", "(default: 409600)", "(default: true)");
        assertThat(out).doesNotContain("${DEFAULT-VALUE}", "null");
    }

    private static DbProxyCommand parseDbProxy(String... args) {
        DbProxyCommand cmd = new DbProxyCommand();
        new CommandLine(cmd).parseArgs(args);
        return cmd;
    }

    @Test
    void dbproxyDefaultsAreTheConfigDefaults() {
        DbProxyConfig parsed = parseDbProxy().toConfig();
        // the password may come from TEAMTALK_DB_PASSWORD in the test environment
        assertThat(parsed).usingRecursiveComparison().ignoringFields("dbPassword").isEqualTo(new DbProxyConfig());
        assertThat(parseDbProxy("--no-migrate").toConfig().migrate).isFalse();
        assertThat(parseDbProxy("--migrate").toConfig().migrate).isTrue();
    }

    @Test
    void dbproxyConfigFileSuppliesDefaultsAndTheCommandLineWins(@TempDir Path dir) throws Exception {
        Path conf = dir.resolve("dbproxy.conf");
        Files.writeString(conf, "# comment\nport=1234\ndb-url=jdbc:mysql://db.example:3306/tt\nworkers = 3\nmigrate=false\n"
                + "db-password=from-file\n", StandardCharsets.UTF_8);
        DbProxyConfig fromFile = parseDbProxy("--config", conf.toString()).toConfig();
        assertThat(fromFile.port).isEqualTo(1234);
        assertThat(fromFile.dbUrl).isEqualTo("jdbc:mysql://db.example:3306/tt");
        assertThat(fromFile.workers).isEqualTo(3);
        assertThat(fromFile.migrate).isFalse();
        assertThat(fromFile.redisUrl).isEqualTo("redis://127.0.0.1:6379");

        // wherever --config stands, options on the command line win
        DbProxyConfig overridden = parseDbProxy("--port", "99", "--config", conf.toString(), "--migrate", "--db-password", "cli").toConfig();
        assertThat(overridden.port).isEqualTo(99);
        assertThat(overridden.migrate).isTrue();
        assertThat(overridden.dbPassword).isEqualTo("cli");
        assertThat(overridden.workers).isEqualTo(3);
        assertThat(parseDbProxy("--config", conf.toString(), "--no-migrate").toConfig().migrate).isFalse();

        // --help shows the file's values as the defaults, never the password
        Result help = run("dbproxy-server", "--config", conf.toString(), "--help");
        assertThat(help.out.replaceAll("\\s+", " ")).contains("(default: 1234)", "(default: jdbc:mysql://db.example:3306/tt)").doesNotContain("from-file");
    }

    @Test
    void shippedDbproxyConfHoldsEveryOptionWithItsDefault() throws Exception {
        Path conf = Path.of("..", "conf", "dbproxy.conf");
        java.util.Properties props = new java.util.Properties();
        try (java.io.Reader in = Files.newBufferedReader(conf, StandardCharsets.UTF_8)) {
            props.load(in);
        }
        CommandLine cmd = new CommandLine(new DbProxyCommand());
        java.util.Set<String> optionKeys = new java.util.HashSet<>();
        for (CommandLine.Model.OptionSpec o : cmd.getCommandSpec().options()) {
            String key = o.longestName().substring(2);
            optionKeys.add(key);
            if (!o.usageHelp() && !o.versionHelp() && !key.equals("config") && !key.equals("db-password")) {
                assertThat(props).as("conf/dbproxy.conf").containsKey(key);
            }
        }
        assertThat(optionKeys).containsAll(props.stringPropertyNames());
        assertThat(Files.readString(conf)).contains("#db-password=", "TEAMTALK_DB_PASSWORD");
        DbProxyCommand parsed = new DbProxyCommand();
        new CommandLine(parsed).parseArgs("--config", conf.toString());
        assertThat(parsed.toConfig()).usingRecursiveComparison().ignoringFields("dbPassword").isEqualTo(new DbProxyConfig());
    }

    @Test
    void dbproxyRejectsUnknownConfigKeysAndMissingFiles(@TempDir Path dir) throws Exception {
        Path conf = dir.resolve("typo.conf");
        Files.writeString(conf, "db_url=jdbc:mysql://x/y\n", StandardCharsets.UTF_8);
        Result typo = run("dbproxy-server", "--config", conf.toString());
        assertThat(typo.code).isEqualTo(2);
        assertThat(typo.err.strip().lines()).singleElement().asString().contains("unknown key db_url", "db-url");

        Result missing = run("dbproxy-server", "--config", dir.resolve("nope.conf").toString());
        assertThat(missing.code).isEqualTo(2);
        assertThat(missing.err.strip().lines()).singleElement().asString().contains("nope.conf", "no such file");
    }

    @Test
    void dbproxyWithAnUnreachableDatabaseSaysSoInOneLineAndExits2() {
        long start = System.nanoTime();
        Result r = run("dbproxy-server", "--db-url", "jdbc:mysql://127.0.0.1:1/nope", "--port", "0", "--control-port", "0");
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(r.code).isEqualTo(2);
        assertThat(r.err.strip().lines()).singleElement().asString()
                .startsWith("teamtalk dbproxy-server: cannot connect to MySQL at jdbc:mysql://127.0.0.1:1/nope")
                .containsIgnoringCase("refused");
        assertThat(r.out).isEmpty();
        // guards against a retry loop that never gives up, not a speed target
        assertThat(took).isLessThan(Duration.ofSeconds(60));
    }

    @Test
    void dbproxyWithANonMysqlUrlSaysSoAndExits2() {
        Result r = run("dbproxy-server", "--db-url", "postgres://x");
        assertThat(r.code).isEqualTo(2);
        assertThat(r.err.strip().lines()).singleElement().asString()
                .isEqualTo("teamtalk dbproxy-server: --db-url must start with jdbc:mysql:// (got postgres://x)");
    }

    @Test
    void unknownSubcommandIsAUsageError() {
        Result r = run("no-such-tier");
        assertThat(r.code).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(r.err).contains("no-such-tier");
    }
}
