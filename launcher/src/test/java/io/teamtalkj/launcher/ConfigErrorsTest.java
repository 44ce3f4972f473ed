package io.teamtalkj.launcher;

import static io.teamtalkj.launcher.TeamTalkCommandTest.parse;
import static io.teamtalkj.launcher.TeamTalkCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.teamtalkj.dbproxy.DbProxyConfig;
import io.teamtalkj.launcher.TeamTalkCommandTest.Result;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an operator sees when a conf file or an option is wrong: one line naming the culprit, then a hint. */
class ConfigErrorsTest {
    @Test
    void trailingCommentsAreNotPartOfTheValue(@TempDir Path dir) throws Exception {
        Path conf = dir.resolve("dbproxy.conf");
        Files.writeString(conf, "port=1234   # the msg-servers' port\nworkers = 3\t# one per core\n"
                + "db-password=se#cret\nredis-url= # none given\n", StandardCharsets.UTF_8);
        DbProxyCommand cmd = parse(new DbProxyCommand(), "--config", conf.toString());
        DbProxyConfig config = cmd.toConfig();
        assertThat(config.port).isEqualTo(1234);
        assertThat(config.workers).isEqualTo(3);
        assertThat(config.dbPassword).isEqualTo("se#cret");
    }

    @Test
    void stripCommentKeepsHashesInsideValues() throws Exception {
        assertThat(ConfigFiles.stripComment("8000 # port")).isEqualTo("8000");
        assertThat(ConfigFiles.stripComment("a#b")).isEqualTo("a#b");
        assertThat(ConfigFiles.stripComment("# only a comment")).isEmpty();
        assertThat(ConfigFiles.load(new StringReader("k = v  # c\n")).getProperty("k")).isEqualTo("v");
    }

    @Test
    void aBadValueInTheFileNamesFileAndKeyInOneLinePlusAHint(@TempDir Path dir) throws Exception {
        Path conf = dir.resolve("msg.conf");
        Files.writeString(conf, "port=eighty\n", StandardCharsets.UTF_8);
        Result r = run("msg-server", "--config", conf.toString());
        assertThat(r.code).isEqualTo(2);
        assertThat(r.err.strip().lines()).hasSize(2);
        assertThat(r.err.lines().findFirst().orElseThrow())
                .startsWith("teamtalk msg-server: ")
                .contains("--port", "eighty", "key 'port' in " + conf);
        assertThat(r.err.strip().lines().skip(1).findFirst().orElseThrow())
                .isEqualTo("Try 'teamtalk msg-server --help' for the options.");
        assertThat(r.out).doesNotContain("Usage");
    }

    @Test
    void aBadValueOnTheCommandLineIsNotBlamedOnTheFile(@TempDir Path dir) throws Exception {
        Path conf = dir.resolve("msg.conf");
        Files.writeString(conf, "port=eighty\n", StandardCharsets.UTF_8);
        Result r = run("msg-server", "--config", conf.toString(), "--port=ninety");
        assertThat(r.code).isEqualTo(2);
        assertThat(r.err).contains("ninety").doesNotContain("key 'port'");
        assertThat(r.err.strip().lines()).hasSize(2);
    }

    @Test
    void anUnknownOptionIsOneLineAndAHintNotTheUsage() {
        Result r = run("route-server", "--no-such-option");
        assertThat(r.code).isEqualTo(2);
        assertThat(r.err.strip().lines()).containsExactly(
                "teamtalk route-server: Unknown option: '--no-such-option'",
                "Try 'teamtalk route-server --help' for the options.");
    }

    @Test
    void badLoggingOptionsAreRefusedBeforeTheTierStarts() {
        Result format = run("route-server", "--log-format", "xml", "--port", "0", "--control-port", "-1");
        assertThat(format.code).isEqualTo(2);
        assertThat(format.err.strip()).isEqualTo("teamtalk route-server: log-format must be text or json (got xml)");
        Result level = run("route-server", "--log-level", "LOUD", "--port", "0", "--control-port", "-1");
        assertThat(level.code).isEqualTo(2);
        assertThat(level.err).contains("log-level must be one of TRACE, DEBUG, INFO, WARN, ERROR");
    }

    @Test
    void aBadRedisUrlIsRefusedWithTheFormsAndNoPassword() {
        Result r = run("dbproxy-server", "--redis-url", "redis-cluster://:hush@n1:7000/2", "--port", "0",
                "--control-port", "-1", "--metrics-port", "-1");
        assertThat(r.code).isEqualTo(2);
        assertThat(r.err).contains("--redis-url", "only database 0", "redis-sentinel://").doesNotContain("hush");
        Result cluster = run("cluster", "--redis-url", "redis://a:1,b:2");
        assertThat(cluster.code).isEqualTo(2);
        assertThat(cluster.err).contains("several hosts need redis-sentinel:// or redis-cluster://");
    }

    @Test
    void replicaUrlsFromTheConfFileAndTheirChecks(@TempDir Path dir) throws Exception {
        Path conf = dir.resolve("dbproxy.conf");
        Files.writeString(conf, "mysql-replica-urls=jdbc:mysql://r1:3306/tt, jdbc:mariadb://r2/tt\nreplica-max-lag=3s\n",
                StandardCharsets.UTF_8);
        DbProxyConfig config = parse(new DbProxyCommand(), "--config", conf.toString()).toConfig();
        assertThat(config.mysqlReplicaUrls).containsExactly("jdbc:mysql://r1:3306/tt", "jdbc:mariadb://r2/tt");
        assertThat(config.replicaMaxLag).hasSeconds(3);
        config.validate();
        assertThat(parse(new DbProxyCommand()).toConfig().mysqlReplicaUrls).isEmpty();

        Result bad = run("dbproxy-server", "--mysql-replica-urls", "mysql://r1/tt", "--port", "0",
                "--control-port", "-1", "--metrics-port", "-1");
        assertThat(bad.code).isEqualTo(2);
        assertThat(bad.err).contains("--mysql-replica-urls", "jdbc:mysql://");
        Result lag = run("dbproxy-server", "--replica-max-lag", "1s", "--port", "0", "--control-port", "-1",
                "--metrics-port", "-1");
        assertThat(lag.code).isEqualTo(2);
        assertThat(lag.err).contains("--replica-max-lag must be at least twice");
    }
}
