package io.teamtalkj.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
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
    @ValueSource(strings = {"dbproxy-server", "msg-server", "route-server", "login-server", "file-server",
        "cluster", "chat", "admin", "route-stats", "loadtest"})
    void unimplementedSubcommandsSaySoAndFail(String sub) {
        Result r = run(sub);
        assertThat(r.code).isEqualTo(NotImplementedCommand.EXIT_CODE);
        assertThat(r.err).contains(sub).contains("not implemented yet");
    }

    @Test
    void unknownSubcommandIsAUsageError() {
        Result r = run("no-such-tier");
        assertThat(r.code).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(r.err).contains("no-such-tier");
    }
}
