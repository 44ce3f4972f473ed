package io.teamtalkj.launcher.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.mogujie.tt.protobuf.IMServer.IMValidateReq;
import com.mogujie.tt.protobuf.IMServer.IMValidateRsp;
import io.teamtalkj.dbproxy.DbProxyConfig;
import io.teamtalkj.dbproxy.DbProxyServer;
import io.teamtalkj.dbproxy.testing.EmbeddedStorage;
import io.teamtalkj.launcher.TeamTalk;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Pdu;
import io.teamtalkj.testing.PduTestClient;
import io.teamtalkj.testing.Ports;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/**
 * {@code teamtalk admin ...} against a real dbproxy (embedded MariaDB + redis-server): each
 * command's effect is checked through the protocol (a login check on the PDU port) or through
 * the listing commands. One dbproxy for the class; each test uses its own names.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(300)
class AdminCommandIT {
    private DbProxyServer server;
    private String control;

    @BeforeAll
    void start() throws Exception {
        DbProxyConfig cfg = EmbeddedStorage.freshConfig();
        server = DbProxyServer.start(cfg);
        control = "127.0.0.1:" + server.controlPort();
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    record Result(int code, String out, String err) {
        String line() {
            return out.strip();
        }
    }

    /** Runs {@code teamtalk admin --dbproxy-control <ours> args...}. */
    private Result admin(String... args) {
        return run(null, Map.of(), args);
    }

    private Result run(String stdin, Map<String, String> env, String... args) {
        List<String> argv = new ArrayList<>(List.of("admin", "--dbproxy-control", control));
        argv.addAll(List.of(args));
        return raw(stdin, env, argv.toArray(String[]::new));
    }

    private static Result raw(String stdin, Map<String, String> env, String... argv) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = TeamTalk.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        AdminRoot root = (AdminRoot) cmd.getSubcommands().get("admin").getCommand();
        root.env = env::get;
        root.stdin = () -> new ByteArrayInputStream((stdin == null ? "" : stdin).getBytes(StandardCharsets.UTF_8));
        int code = cmd.execute(argv);
        return new Result(code, out.toString(), err.toString());
    }

    private static String md5Hex(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    /** The login check msg_servers make: IMValidateReq (0x0703) with the MD5 hex clients send. */
    private IMValidateRsp validate(String name, String password) throws Exception {
        try (PduTestClient client = PduTestClient.connect(server.port())) {
            client.send(CommandId.CID_OTHER_VALIDATE_REQ, 7,
                    IMValidateReq.newBuilder().setUserName(name).setPassword(md5Hex(password)).build());
            Pdu reply = client.receive();
            assertThat(reply.commandId()).isEqualTo(CommandId.CID_OTHER_VALIDATE_RSP);
            return reply.parse(IMValidateRsp.parser());
        }
    }

    private int addUser(String name, String password, String... more) {
        List<String> args = new ArrayList<>(List.of("user", "add", "--name", name, "--password", password));
        args.addAll(List.of(more));
        Result r = admin(args.toArray(String[]::new));
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.line()).matches("\\d+");
        return Integer.parseInt(r.line());
    }

    private static void assertOneLineError(Result r, int code, String... contains) {
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(code);
        assertThat(r.err().strip().lines()).singleElement().asString().startsWith("teamtalk admin ").contains(contains);
        assertThat(r.out()).isEmpty();
    }

    @Test
    void adminCreatesAUserWhoCanThenLogIn() throws Exception {
        Result r = admin("user", "add", "--name", "alice", "--password", "s3cret pass", "--nick", "Alice A.",
                "--sex", "female", "--email", "alice@example.com", "--phone", "13800000000");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        int id = Integer.parseInt(r.line()); // only the id: usable as $(teamtalk admin user add ...)

        IMValidateRsp ok = validate("alice", "s3cret pass");
        assertThat(ok.getResultCode()).isZero();
        assertThat(ok.getUserInfo().getUserId()).isEqualTo(id);
        assertThat(ok.getUserInfo().getUserNickName()).isEqualTo("Alice A.");
        assertThat(ok.getUserInfo().getUserGender()).isEqualTo(2);
        assertThat(validate("alice", "wrong").getResultCode()).isNotZero();
    }

    @Test
    void aTakenNameIsRefusedWithTheServersReasonAndExit1() {
        addUser("taken", "pw");
        Result again = admin("user", "add", "--name", "taken", "--password", "pw2");
        assertOneLineError(again, 1, "user name taken is taken");
        // login names are one word: refused before the call, with the same rule the server applies
        assertOneLineError(admin("user", "add", "--name", " padded", "--password", "pw"), 2, "--name", "spaces");
        assertOneLineError(admin("user", "add", "--name", "alice smith", "--password", "pw"), 2,
                "user name must not contain spaces (got 'alice smith')");
    }

    @Test
    void userListShowsATableOrJsonAndFiltersByDepartmentAndPrefix() {
        Result dept = admin("department", "add", "--name", "Listing");
        assertThat(dept.code()).as(dept.err()).isZero();
        String deptId = dept.line();
        int lena = addUser("list-lena", "pw", "--department-id", deptId, "--nick", "Lena");
        addUser("list-otto", "pw");

        Result table = admin("user", "list", "--prefix", "list-");
        assertThat(table.code()).isZero();
        List<String> lines = table.out().lines().toList();
        assertThat(lines.get(0)).startsWith("ID").contains("NAME", "NICK", "DEPARTMENT", "STATUS");
        assertThat(lines).hasSize(3);
        // departments by name, not id
        assertThat(lines.get(1)).startsWith(Integer.toString(lena)).contains("list-lena", "Lena", "Listing", "active");
        assertThat(lines.get(2)).contains("list-otto");

        for (String which : List.of(deptId, "Listing")) {
            Result byDept = admin("user", "list", "--department", which);
            assertThat(byDept.out().lines().skip(1).toList()).singleElement().asString().contains("list-lena");
        }
        assertOneLineError(admin("user", "list", "--department", "Nowhere"), 2, "no department named Nowhere");

        // global options may stand before or after the subcommand
        for (Result json : List.of(admin("--json", "user", "list", "--department", deptId),
                raw(null, Map.of(), "admin", "user", "list", "--department", deptId, "--json", "--dbproxy-control", control))) {
            assertThat(json.code()).as(json.err()).isZero();
            assertThat(json.out().lines().toList()).singleElement().asString()
                    .startsWith("{\"users\":[{\"id\":" + lena + ",\"name\":\"list-lena\",\"nick\":\"Lena\",\"sex\":0,"
                            + "\"departmentId\":" + deptId + ",")
                    .contains("\"status\":0");
        }
        Result addJson = admin("--json", "user", "add", "--name", "list-json", "--password", "pw");
        assertThat(addJson.line()).matches("\\{\"userId\":\\d+,\"user\":\\{\"id\":\\d+,\"name\":\"list-json\",.*\\}\\}");
    }

    @Test
    void disableStopsLoginsAndHidesTheUserUntilEnabledByNameOrId() throws Exception {
        int id = addUser("leaver", "pw");
        Result off = admin("user", "disable", "leaver");
        assertThat(off.code()).as(off.err()).isZero();
        assertThat(off.line()).isEqualTo("disabled user leaver (id " + id + ")");
        assertThat(validate("leaver", "pw").getResultCode()).isNotZero();
        assertThat(admin("user", "list", "--prefix", "leaver").out().lines().count()).isEqualTo(1); // header only
        assertThat(admin("user", "list", "--prefix", "leaver", "--all").out()).contains("leaver", "disabled");

        Result on = admin("user", "enable", Integer.toString(id));
        assertThat(on.code()).as(on.err()).isZero();
        assertThat(on.line()).isEqualTo("enabled user leaver (id " + id + ")");
        assertThat(validate("leaver", "pw").getResultCode()).isZero();

        assertOneLineError(admin("user", "disable", "nobody-here"), 1, "no user named nobody-here");
        assertOneLineError(admin("user", "disable", "4000000000"), 1, "no user named or numbered 4000000000");
    }

    @Test
    void passwdTakesThePasswordFromTheCommandLineStdinOrTheEnvironment() throws Exception {
        int id = addUser("changer", "old");

        Result viaStdin = run("from stdin\n", Map.of(), "user", "passwd", "changer", "--password-stdin");
        assertThat(viaStdin.code()).as(viaStdin.err()).isZero();
        assertThat(viaStdin.line()).isEqualTo("new password set for user changer (id " + id + ")");
        assertThat(validate("changer", "old").getResultCode()).isNotZero();
        assertThat(validate("changer", "from stdin").getResultCode()).isZero();

        Result viaEnv = run(null, Map.of(AdminRoot.PASSWORD_ENV, "from env"), "user", "passwd", Integer.toString(id));
        assertThat(viaEnv.code()).as(viaEnv.err()).isZero();
        assertThat(validate("changer", "from env").getResultCode()).isZero();

        Result viaOption = admin("user", "passwd", "changer", "--password", "from option");
        assertThat(viaOption.code()).as(viaOption.err()).isZero();
        assertThat(validate("changer", "from option").getResultCode()).isZero();

        // a user added with the password from stdin can log in too
        Result added = run("piped\n", Map.of(), "user", "add", "--name", "piped-user", "--password-stdin");
        assertThat(added.code()).as(added.err()).isZero();
        assertThat(validate("piped-user", "piped").getResultCode()).isZero();

        assertOneLineError(admin("user", "passwd", "changer"), 2, "--password-stdin", AdminRoot.PASSWORD_ENV);
        assertOneLineError(run("", Map.of(), "user", "passwd", "changer", "--password-stdin"), 2, "no password on stdin");
        assertOneLineError(admin("user", "passwd", "ghost", "--password", "x"), 1, "no user named ghost");

        Result help = admin("user", "passwd", "--help");
        assertThat(help.out()).contains("--password-stdin", AdminRoot.PASSWORD_ENV);
    }

    @Test
    void departmentsNestAndNamesAreUniqueUnderAParent() {
        Result top = admin("department", "add", "--name", "Engineering", "--priority", "5");
        assertThat(top.code()).as(top.err()).isZero();
        Result sub = admin("department", "add", "--name", "Backend", "--parent", top.line());
        assertThat(sub.code()).as(sub.err()).isZero();
        assertOneLineError(admin("department", "add", "--name", "Backend", "--parent", top.line()), 1, "already exists");
        assertOneLineError(admin("department", "add", "--name", "Orphan", "--parent", "999999"), 1, "does not exist");

        Result list = admin("department", "list");
        assertThat(list.out().lines().findFirst().orElseThrow()).startsWith("ID").contains("NAME", "PARENT", "PRIORITY");
        assertThat(list.out()).containsPattern("(?m)^" + top.line() + "\\s+Engineering\\s+-\\s+5\\s+ok$");
        assertThat(list.out()).containsPattern("(?m)^" + sub.line() + "\\s+Backend\\s+Engineering\\s+0\\s+ok$");
        assertThat(admin("--json", "department", "list").line()).startsWith("{\"departments\":[")
                .contains("{\"id\":" + sub.line() + ",\"name\":\"Backend\",\"priority\":0,\"parentId\":" + top.line());
    }

    @Test
    void groupsAreCreatedListedAndChangedByUserNamesOrIds() {
        addUser("g-owner", "pw");
        int bob = addUser("g-bob", "pw");
        addUser("g-carol", "pw");
        int dave = addUser("g-dave", "pw");

        Result created = admin("group", "create", "--name", "Ops Room", "--creator", "g-owner", "--type", "tmp",
                "--members", "g-bob," + dave);
        assertThat(created.code()).as(created.err()).isZero();
        String gid = created.line();

        Result list = admin("group", "list", "--user", "g-bob");
        assertThat(list.out().lines().toList()).hasSize(2);
        assertThat(list.out()).containsPattern(gid + "\\s+Ops Room\\s+tmp\\s+g-owner\\s+1\\s+ok\\s+3: g-owner, g-bob, g-dave");

        Result added = admin("group", "add-members", gid, "--members", "g-carol");
        assertThat(added.code()).as(added.err()).isZero();
        assertThat(added.line()).isEqualTo("group " + gid + " (version 2): 4 members: g-owner, g-bob, g-carol, g-dave");

        // by name, as the group's name is unique
        Result removed = admin("group", "remove-members", "Ops Room", "--members", bob + ",g-dave");
        assertThat(removed.code()).as(removed.err()).isZero();
        assertThat(removed.line()).isEqualTo("group " + gid + " (version 3): 2 members: g-owner, g-carol");
        assertThat(admin("group", "list", "--user", "g-bob").out().lines().toList()).hasSize(1); // header only

        Result json = admin("--json", "group", "list", "--user", "g-carol");
        assertThat(json.line()).startsWith("{\"groups\":[{\"id\":" + gid + ",\"name\":\"Ops Room\",\"avatar\":\"\",\"type\":\"TMP\",")
                .contains("\"version\":3", "\"userCount\":2");

        assertOneLineError(admin("group", "add-members", gid, "--members", "g-nobody"), 1, "no user named g-nobody");
        assertOneLineError(admin("group", "add-members", "No Such Group", "--members", "g-bob"), 1, "no group named No Such Group");
        assertOneLineError(admin("group", "add-members", "999999", "--members", "g-bob"), 1, "999999");
        assertOneLineError(admin("group", "create", "--name", "empty"), 2, "--members");
    }

    @Test
    void anUnreachableDbproxyIsExit2WithTheAddress() throws Exception {
        try (Socket refusing = Ports.refusing()) {
            int closed = refusing.getLocalPort();
            Result r = raw(null, Map.of(), "admin", "--dbproxy-control", "127.0.0.1:" + closed, "user", "list");
            assertOneLineError(r, 2, "cannot reach the dbproxy at 127.0.0.1:" + closed);
        }

        Result bad = raw(null, Map.of(), "admin", "--dbproxy-control", "nowhere", "user", "list");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("HOST:PORT");
    }

    @Test
    void adminAloneShowsItsSubcommandsAndExits2() {
        Result r = raw(null, Map.of(), "admin");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("user", "department", "group", "--dbproxy-control", "--json");
        Result help = raw(null, Map.of(), "admin", "user", "add", "--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("--name", "--password", "--nick", "--department-id", "--sex", "--phone", "--email",
                "--dbproxy-control", "--json");
    }
    @Test
    void operatorGovernsAGroupWithTheSameRulesAndNoticesAsClients() {
        addUser("gov-owner", "pw");
        addUser("gov-a", "pw");
        addUser("gov-b", "pw");
        Result created = admin("group", "create", "--name", "governed", "--creator", "gov-owner", "--members", "gov-a,gov-b");
        assertThat(created.code()).as(created.err()).isZero();
        String gid = created.line();

        Result admins = admin("group", "admins", "governed", "--add", "gov-a");
        assertThat(admins.code()).as(admins.err()).isZero();
        assertThat(admins.out()).isEqualTo("group " + gid + ": set-admin done for gov-a\n"
                + "notice: the administrator made gov-a an admin\n");
        Result muted = admin("group", "mute", "governed", "--members", "gov-b", "--minutes", "5", "--reason", "spam");
        assertThat(muted.code()).as(muted.err()).isZero();
        assertThat(muted.out()).contains("notice: the administrator muted gov-b until ").contains("(reason: spam)");
        Result shown = admin("group", "governance", gid);
        assertThat(shown.code()).as(shown.err()).isZero();
        assertThat(shown.out()).contains("owner:   gov-owner\n", "admins:  gov-a (at most 10)\n", "members: 3 (at most 2000)\n")
                .containsPattern("muted: +gov-b \\(until \\d+\\)\n");

        assertOneLineError(admin("group", "admins", "governed", "--add", "gov-owner"), 1, "is the owner", "GROUP_INVALID");
        assertOneLineError(admin("group", "admins", "governed"), 2, "exactly one of --add and --remove");

        Result dismissed = admin("group", "dismiss", "governed");
        assertThat(dismissed.code()).as(dismissed.err()).isZero();
        assertThat(dismissed.out()).contains("notice: the administrator dismissed the group");
        assertOneLineError(admin("group", "mute-all", "governed", "on"), 1, "was dismissed");
        assertThat(admin("group", "governance", "governed").out()).contains("DISMISSED");
    }
}
