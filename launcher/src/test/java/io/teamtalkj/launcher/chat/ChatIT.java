package io.teamtalkj.launcher.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.teamtalkj.client.ClientConfig;
import io.teamtalkj.control.admin.CreateGroupRequest;
import io.teamtalkj.control.admin.DbAdminGrpc;
import io.teamtalkj.control.admin.GroupType;
import io.teamtalkj.dbproxy.DbProxyConfig;
import io.teamtalkj.dbproxy.DbProxyServer;
import io.teamtalkj.dbproxy.testing.DirectoryRows;
import io.teamtalkj.dbproxy.testing.EmbeddedStorage;
import io.teamtalkj.launcher.TeamTalk;
import io.teamtalkj.login.LoginServer;
import io.teamtalkj.login.LoginServerConfig;
import io.teamtalkj.msgserver.MsgServer;
import io.teamtalkj.msgserver.MsgServerConfig;
import io.teamtalkj.testing.Ports;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/**
 * {@code teamtalk chat} end to end: real dbproxy (embedded MariaDB + redis-server), msg-server and
 * login-server; chat sessions typed into through pipes as a user would type into a terminal.
 */
@Timeout(300)
class ChatIT {
    static DbProxyConfig dbConfig;
    static DbProxyServer dbProxy;
    static LoginServer login;
    static MsgServer msgServer;
    static int lunchId;
    final List<ChatDriver> chats = new ArrayList<>();

    @BeforeAll
    static void startCluster() throws Exception {
        dbConfig = EmbeddedStorage.freshConfig();
        dbProxy = DbProxyServer.start(dbConfig);
        // each test has its own people, so their conversations do not meet
        String[] names = {"alice", "bob", "carol", "dave", "erin", "gina", "hank", "ivan", "judy", "kim", "leo"};
        for (int i = 0; i < names.length; i++) {
            DirectoryRows.user(dbConfig, i + 1, names[i], names[i] + "-pw", "1234", 0, 1_600_000_000);
        }
        LoginServerConfig lc = new LoginServerConfig();
        lc.listenHost = "127.0.0.1";
        lc.httpPort = 0;
        lc.msgServerPort = 0;
        lc.legacyClientPort = -1;
        lc.metricsPort = 0;
        login = LoginServer.start(lc);

        MsgServerConfig mc = new MsgServerConfig();
        mc.listenHost = "127.0.0.1";
        mc.port = 0;
        mc.hostName = "ms-chat";
        mc.controlPort = -1;
        mc.metricsPort = -1;
        mc.dbProxies = new ArrayList<>(List.of(InetSocketAddress.createUnresolved("127.0.0.1", dbProxy.port())));
        mc.loginServers = new ArrayList<>(List.of(InetSocketAddress.createUnresolved("127.0.0.1", login.msgServerPort())));
        mc.routeServers = new ArrayList<>();
        // not the default 127.0.0.1:8601: that is a running cluster's file-server
        mc.fileServers = new ArrayList<>();
        mc.kickGrace = Duration.ofMillis(300);
        msgServer = MsgServer.start(mc);
        await("msg-server linked to dbproxy and login-server").atMost(Duration.ofSeconds(15))
                .until(() -> msgServer.db().anyUp() && login.registry().size() >= 1);

        // a normal group, made as an operator would (dbproxy admin service)
        ManagedChannel admin = NettyChannelBuilder.forAddress("127.0.0.1", dbProxy.controlPort()).usePlaintext().build();
        try {
            lunchId = DbAdminGrpc.newBlockingStub(admin).withDeadlineAfter(30, TimeUnit.SECONDS)
                    .createGroup(CreateGroupRequest.newBuilder().setName("lunch").setType(GroupType.NORMAL)
                            .setCreatorId(6).addAllMemberIds(List.of(6, 7, 8)).build())
                    .getId();
        } finally {
            admin.shutdownNow();
        }
    }

    @AfterAll
    static void stopCluster() {
        if (msgServer != null) {
            msgServer.close();
        }
        if (login != null) {
            login.close();
        }
        if (dbProxy != null) {
            dbProxy.close();
        }
    }

    @AfterEach
    void leave() throws Exception {
        for (ChatDriver c : chats) {
            c.close();
        }
    }

    static String loginUrl() {
        return "http://127.0.0.1:" + login.httpPort() + "/msg_server";
    }

    static ClientConfig config(String user, String password) {
        return ClientConfig.builder().loginUrl(loginUrl()).user(user).password(password)
                .requestTimeout(Duration.ofSeconds(10)).build();
    }

    ChatDriver chat(String user) throws Exception {
        ChatDriver c = new ChatDriver(user, config(user, user + "-pw"));
        chats.add(c);
        c.await("Logged in as " + user);
        c.await("Type /help");
        return c;
    }

    static Pattern live(String line) {
        return Pattern.compile("\\[\\d\\d:\\d\\d] " + Pattern.quote(line));
    }

    @Test
    void twoUsersChatLiveThenReadHistoryPageByPageAndUnreadCounts() throws Exception {
        ChatDriver alice = chat("alice");
        ChatDriver bob = chat("bob");

        alice.type("hello bob").await("Nobody selected: /to NAME");
        alice.type("/to bob").await("Talking to bob (nick2).");
        bob.mark();
        alice.type("hello bob").await("sent to bob (msg 1)");
        bob.awaitMatch(live("alice -> you: hello bob"));

        // not the selected conversation: it stays unread
        bob.type("/recent").await("Recent conversations (1, 1 unread):");
        assertThat(bob.awaitMatch(Pattern.compile("alice +1 unread +\\[\\d\\d:\\d\\d] alice: hello bob"))).isNotEmpty();

        bob.type("/to ali").await("Talking to alice (nick1). 1 unread: /history shows them.");
        alice.mark();
        bob.type("hi alice, 你好").await("sent to alice (msg 2)");
        alice.awaitMatch(live("bob -> you: hi alice, 你好"));

        bob.type("/history");
        String page = bob.awaitMatch(Pattern.compile("-- alice, 2 messages \\(from the start\\) --\\n"
                + "\\[\\d\\d:\\d\\d] alice: hello bob\\n\\[\\d\\d:\\d\\d] you: hi alice, 你好\\n"));
        assertThat(page).isNotEmpty();
        bob.type("/history").await("No earlier messages with alice.");

        // bob replied and saw the history; alice had bob selected, so his reply counted as read on arrival
        awaitRecent(bob, "Recent conversations (1, nothing unread):");
        awaitRecent(alice, "Recent conversations (1, nothing unread):");

        // paging: each /history continues where the last one stopped
        for (int i = 1; i <= 5; i++) {
            alice.type("m" + i).await("sent to bob (msg " + (i + 2) + ")");
        }
        bob.type("/to alice").await("Talking to alice");
        bob.type("/history 3").awaitMatch(Pattern.compile("-- alice, 3 messages \\(/history for earlier ones\\) --\\n"
                + ".*alice: m3\\n.*alice: m4\\n.*alice: m5\\n"));
        bob.type("/history 3").awaitMatch(Pattern.compile("-- alice, 3 messages \\(/history for earlier ones\\) --\\n"
                + ".*you: hi alice, 你好\\n.*alice: m1\\n.*alice: m2\\n"));
        bob.type("/history 3").awaitMatch(Pattern.compile("-- alice, 1 message \\(from the start\\) --\\n.*alice: hello bob\\n"));
        bob.type("/history 0").await("Usage: /history [N], N from 1 to 100.");

        // one-shot messages without switching; carol reads them with /read and /read all
        alice.type("/msg carol are you there?").await("sent to carol (msg 1)");
        bob.type("/msg carol and me?").await("sent to carol (msg 1)");
        ChatDriver carol = chat("carol");
        assertThat(carol.screen()).containsPattern("Unread: (alice 1, bob 1|bob 1, alice 1)\\.");
        carol.type("/to alice").await("Talking to alice (nick1). 1 unread: /history shows them.");
        carol.type("/read").await("Marked alice as read.");
        awaitRecent(carol, "Recent conversations (2, 1 unread):");
        carol.type("/read all").await("Marked 1 conversation as read.");
        awaitRecent(carol, "Recent conversations (2, nothing unread):");
        carol.type("/read all").await("Nothing was unread.");

        // names that are not there, and other mistakes
        alice.type("x".repeat(5000)).await("Not sent to bob: not accepted: ");
        alice.type("/msg nobody hi").await("Nobody called 'nobody'. /contacts lists everyone.");
        alice.type("/to alice").await("That is you");
        alice.type("/bogus").await("Unknown command /bogus. /help lists the commands.");
        alice.type("/help").await("/history [N]");
    }

    /** Read acks travel without an answer: ask until the counters show them. */
    static void awaitRecent(ChatDriver c, String header) {
        await(c.name + " /recent shows " + header).atMost(ChatDriver.DEADLINE).pollInterval(Duration.ofMillis(100))
                .until(() -> c.type("/recent").awaitMatch(Pattern.compile("Recent conversations \\(.*\\):|No conversations yet")),
                        header::equals);
    }

    @Test
    void groupsContactsOnlineAndGroupMessages() throws Exception {
        ChatDriver gina = chat("gina");
        ChatDriver hank = chat("hank");
        ChatDriver ivan = chat("ivan");

        gina.type("/groups").awaitMatch(Pattern.compile("Groups \\(1\\):\\n  #lunch +id " + lunchId
                + " +normal, 3 members: you, hank, ivan\\n"));
        gina.type("/group lun").await("Talking in #lunch (3 members: you, hank, ivan).");
        hank.mark();
        ivan.mark();
        gina.type("noon at the usual place?").awaitMatch(Pattern.compile("sent to #lunch \\(msg \\d+\\)"));
        hank.awaitMatch(live("#lunch gina: noon at the usual place?"));
        ivan.awaitMatch(live("#lunch gina: noon at the usual place?"));
        gina.mark();
        ivan.type("/msg #lunch yes!").await("sent to #lunch");
        gina.awaitMatch(live("#lunch ivan: yes!"));

        hank.type("/recent").awaitMatch(Pattern.compile("#lunch +2 unread +\\[\\d\\d:\\d\\d] ivan: yes!"));
        hank.type("/group " + lunchId).await("Talking in #lunch");
        hank.type("/history").awaitMatch(Pattern.compile("gina: noon at the usual place\\?\\n.*ivan: yes!\\n"));
        awaitRecent(hank, "Recent conversations (1, nothing unread):"); // shown means read

        gina.type("/contacts").await("Contacts (11, 3 online):");
        assertThat(gina.screen()).containsPattern("gina +nick6 +\\S* *6 +online \\(you\\)")
                .containsPattern("hank +nick7 +\\S* *7 +online\\n")
                .containsPattern("ivan +nick8 +\\S* *8 +online\\n")
                .containsPattern("judy +nick9 +\\S* *9 +offline\\n");
        gina.type("/online").await("Online (2): hank, ivan.");

        // judy is not in the group: the server refuses, and the chat says why
        ChatDriver judy = chat("judy");
        judy.type("/groups").await("You are in no groups.");
        judy.type("/msg #" + lunchId + " let me in").await("Not sent to #lunch: you are not a member of this group");
        gina.type("/online").await("Online (3): hank, ivan, judy.");
    }

    @Test
    void aSecondLoginOfTheSameKindKicksTheFirstWhichSaysSoAndExits1() throws Exception {
        ChatDriver first = chat("erin");
        ChatDriver second = chat("erin");
        first.await("*** Kicked: erin logged in on another computer.");
        first.await("Disconnected.");
        assertThat(first.awaitExit()).isEqualTo(ChatSession.EXIT_DISCONNECTED);
        second.type("/online").await("Nobody else is online.");
    }

    @Test
    void quitAndEndOfInputLogOutWithExitCode0() throws Exception {
        ChatDriver kim = chat("kim");
        kim.type("/quit").await("Logged out. Bye.");
        assertThat(kim.awaitExit()).isZero();

        ChatDriver leo = chat("leo");
        leo.endInput();
        assertThat(leo.awaitExit()).isZero();
        assertThat(leo.screen()).endsWith("Logged out. Bye.\n");
    }

    @Test
    void aWrongPasswordOrUnreachableServersExit2WithTheReason() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        int code = new ChatSession(config("alice", "nope"), new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintWriter(err, true), false).run();
        assertThat(code).isEqualTo(ChatSession.EXIT_CANNOT_LOGIN);
        assertThat(err.toString().strip()).isEqualTo("teamtalk chat: login refused for alice: wrong user name or password, "
                + "or the account is disabled");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();

        // the same through the command line
        StringWriter cliErr = new StringWriter();
        CommandLine cli = TeamTalk.commandLine();
        cli.setErr(new PrintWriter(cliErr, true));
        assertThat(cli.execute("chat", "--login", loginUrl(), "--user", "bob", "--password", "wrong")).isEqualTo(2);
        assertThat(cliErr.toString()).contains("login refused for bob");

        // a msg-server address where nothing listens
        StringWriter noServer = new StringWriter();
        cli.setErr(new PrintWriter(noServer, true));
        try (Socket refusing = Ports.refusing()) {
            int port = refusing.getLocalPort();
            assertThat(cli.execute("chat", "--server", "127.0.0.1:" + port, "--user", "bob", "--password", "bob-pw")).isEqualTo(2);
            assertThat(noServer.toString()).contains("teamtalk chat: cannot connect to msg-server").contains(":" + port);
        }

        // direct to the real msg-server works too
        ChatDriver direct = new ChatDriver("bob-direct", ClientConfig.builder().msgServer("127.0.0.1", msgServer.port())
                .user("bob").password("bob-pw").build());
        chats.add(direct);
        direct.await("Logged in as bob (nick2), user id 2, via msg-server 127.0.0.1:" + msgServer.port() + ".");
    }
    @Test
    void groupGovernanceCommandsAnswerAndTheirNoticesShowAsText() throws Exception {
        ManagedChannel admin = NettyChannelBuilder.forAddress("127.0.0.1", dbProxy.controlPort()).usePlaintext().build();
        int gid;
        try {
            gid = DbAdminGrpc.newBlockingStub(admin).withDeadlineAfter(30, TimeUnit.SECONDS)
                    .createGroup(CreateGroupRequest.newBuilder().setName("govern").setType(GroupType.NORMAL)
                            .setCreatorId(3).addAllMemberIds(List.of(3, 4, 11)).build())
                    .getId();
        } finally {
            admin.shutdownNow();
        }
        ChatDriver carol = chat("carol");
        ChatDriver dave = chat("dave");
        ChatDriver leo = chat("leo");
        carol.type("/group govern").await("Talking in #govern");
        dave.type("/group govern").await("Talking in #govern");
        leo.type("/group govern").await("Talking in #govern");

        carol.type("/group admin leo").await("Appointed.");
        dave.await("*** nick3 made nick11 an admin");
        dave.type("/group kick leo").await("Refused: only the owner or an admin of group " + gid + " may remove.");
        carol.type("/group mute dave").await("Muted.");
        dave.await("*** nick3 muted nick4");
        dave.type("hello?").await("Not sent to #govern: you are muted in this group");
        leo.type("/group muted").await("Muted:\n  dave until unmuted");
        leo.type("/group info").await("Owner: carol\nAdmins (1 of at most 10): you\nMembers: 3 of at most 2000");
        leo.type("/group unmute dave").await("Unmuted.");
        dave.type("hello again").awaitMatch(Pattern.compile("sent to #govern \\(msg \\d+\\)"));

        carol.type("/group quit").await("Refused: the owner of group " + gid + " must transfer the group before quitting");
        carol.type("/group transfer leo").await("Transferred.");
        carol.type("/group quit").await("You left the group.");
        dave.await("*** nick3 left the group");
        leo.type("/group dismiss").await("Dismissed.");
        dave.await("*** nick11 dismissed the group");
        dave.type("anyone?").await("Not sent to #govern: the group was dismissed");
    }
}
