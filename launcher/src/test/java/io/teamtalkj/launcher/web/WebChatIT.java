package io.teamtalkj.launcher.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.mogujie.tt.protobuf.IMMessage.IMMsgData;
import io.teamtalkj.client.ClientConfig;
import io.teamtalkj.client.ClientListener;
import io.teamtalkj.client.TeamTalkClient;
import io.teamtalkj.client.TeamTalkText;
import io.teamtalkj.launcher.cluster.ClusterPorts;
import io.teamtalkj.launcher.cluster.DemoData;
import io.teamtalkj.launcher.cluster.LocalCluster;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * The web chat in two headless Chromium sessions against one in-process cluster (seeded demo data:
 * alice and bob in the browsers, carol on a TCP SDK client): sign-in, messages both ways, unread
 * badges, history on scroll, a group message, a message from the TCP client, and the msg-servers
 * stopped and started again while messages are being sent. Two msg-servers: discovery spreads the
 * users, so messages also cross msg-servers through the route-server. The tests run in order on one cluster
 * and the same two browsers (each step builds on the last), and a failing step saves screenshots of
 * both browsers under target/web-screenshots.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(WebChatIT.Screenshots.class)
class WebChatIT {
    static LocalCluster cluster;
    static Path dataDir;
    static Browser alice;
    static Browser bob;
    static TeamTalkClient carol;
    static final List<IMMsgData> carolGot = new CopyOnWriteArrayList<>();
    static int aliceId;
    static int bobId;
    static int carolId;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Browser.available(), "chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)");
        dataDir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "webchat-");
        LocalCluster.Options o = new LocalCluster.Options();
        o.portBase = ClusterPorts.FREE_PORTS;
        o.dataDir = dataDir;
        o.msgServers = 2; // discovery spreads the users: messages cross msg-servers through the route-server
        o.routeServers = 1;
        o.messageRateLimit = 0;
        cluster = LocalCluster.start(o);
        assertThat(cluster.loginServer().servesWebChat()).as("the web module is on the classpath").isTrue();
        cluster.seedIfEmpty(new PrintWriter(new StringWriter()));
        alice = new Browser("alice");
        bob = new Browser("bob");
        carol = TeamTalkClient.create(ClientConfig.builder().loginUrl(cluster.loginUrl()).user("carol")
                .password(DemoData.USERS.get("carol")).build(), new ClientListener() {
                    @Override
                    public void onMessage(IMMsgData msg) {
                        carolGot.add(msg);
                    }
                });
        carolId = carol.connectAndWait(Duration.ofSeconds(20)).getUserInfo().getUserId();
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {alice, bob, carol, cluster}) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception e) {
                    // keep closing the rest
                }
            }
        }
    }

    @Test
    @Order(1)
    void twoUsersSignInAndSeeEachOtherOnline() {
        StringWriter banner = new StringWriter();
        cluster.describe(new PrintWriter(banner, true));
        assertThat(banner.toString()).as("teamtalk cluster prints the one URL to open")
                .contains("Web chat: open http://127.0.0.1:" + cluster.loginServer().httpPort() + "/ in a browser");
        alice.open(cluster.webChatUrl());
        assertThat(alice.find("#login-screen").isDisplayed()).isTrue();
        alice.signIn("alice", DemoData.USERS.get("alice"));
        bob.open(cluster.webChatUrl());
        bob.signIn("bob", DemoData.USERS.get("bob"));
        assertThat(alice.text("#me")).isEqualTo("Alice");
        aliceId = alice.userId("Alice");
        bobId = alice.userId("Bob");
        alice.contactsTab();
        // departments arrive with their own request, possibly after the users
        alice.await("departments listed", () -> alice.all(".dept").stream().map(e -> e.getText()).toList()
                .containsAll(List.of("ENGINEERING", "SALES")));
        alice.await("bob shown online", () -> alice.find(".contact[data-user-id='" + bobId + "'] .presence")
                .getAttribute("class").contains("online"));
        alice.await("dave shown offline", () -> alice.find(".contact[data-user-id='" + alice.userId("Dave")
                + "'] .presence").getAttribute("class").contains("offline"));
    }

    @Test
    @Order(2)
    void messagesBothWaysWithUnreadBadgeThatClearsOnOpen() {
        alice.openContact(bobId);
        alice.type("hello bob");
        alice.await("stored", () -> "stored".equals(alice.delivery("hello bob")));

        bob.chatsTab();
        String fromAlice = "u" + aliceId;
        bob.await("unread badge 1", () -> bob.unread(fromAlice) == 1);
        alice.type("are you there?");
        bob.await("unread badge 2", () -> bob.unread(fromAlice) == 2);
        bob.openSession(fromAlice);
        bob.await("both messages shown", () -> bob.count("hello bob") == 1 && bob.count("are you there?") == 1);
        bob.await("badge cleared", () -> bob.unread(fromAlice) == 0);

        bob.type("hi alice");
        alice.await("reply shown live", () -> alice.count("hi alice") == 1);
        alice.chatsTab();
        assertThat(alice.unread("u" + bobId)).as("open conversation: read at once").isZero();
        assertThat(bob.delivery("hi alice")).isEqualTo("stored");
    }

    @Test
    @Order(3)
    void aTcpSdkClientsMessagesArriveAndHistoryLoadsOnScrollUp() throws Exception {
        for (int i = 1; i <= 45; i++) {
            carol.sendText(bobId, "carol " + i).get(10, TimeUnit.SECONDS);
        }
        String fromCarol = "u" + carolId;
        bob.chatsTab();
        bob.await("45 unread from carol", () -> bob.unread(fromCarol) == 45);
        bob.openSession(fromCarol);
        bob.await("the newest page", () -> bob.count("carol 45") == 1);
        int firstPage = bob.messageTexts().size();
        assertThat(firstPage).as("one page of 20 (or two if it did not fill the window)").isIn(20, 40);
        bob.scrollMessagesToTop();
        bob.await("an older page", () -> bob.messageTexts().size() > firstPage);
        bob.scrollMessagesToTop();
        bob.await("all 45, start reached", () -> bob.messageTexts().size() == 45 && !bob.all(".history-start").isEmpty());
        assertThat(bob.messageTexts().get(0)).isEqualTo("carol 1");

        carol.sendText(bobId, "live from the terminal").get(10, TimeUnit.SECONDS);
        bob.await("live message in the open conversation", () -> bob.count("live from the terminal") == 1);
        bob.type("got it, carol");
        Awaitility.await("carol's TCP client gets the web reply").atMost(Duration.ofSeconds(20)).until(() ->
                carolGot.stream().anyMatch(m -> "got it, carol".equals(TeamTalkText.decode(m.getMsgData()))));
    }

    @Test
    @Order(4)
    void aGroupMessageReachesBothBrowsersAndTheTcpClient() {
        int lunch = alice.groupId(DemoData.GROUP);
        alice.openGroup(lunch);
        alice.find("#group-info-toggle").click();
        alice.await("3 members listed", () -> alice.all("#group-info .member").size() == 3);
        alice.type("lunch at noon?");
        alice.await("stored", () -> "stored".equals(alice.delivery("lunch at noon?")));
        bob.chatsTab();
        bob.await("group unread badge", () -> bob.unread("g" + lunch) == 1);
        bob.openSession("g" + lunch);
        bob.await("group message shown once", () -> bob.count("lunch at noon?") == 1);
        Awaitility.await("carol gets the group message").atMost(Duration.ofSeconds(20)).until(() ->
                carolGot.stream().anyMatch(m -> "lunch at noon?".equals(TeamTalkText.decode(m.getMsgData()))));
    }

    @Test
    @Order(5)
    void anImageGoesThroughTheImageStoreAndShowsInline() throws Exception {
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(40, 30, java.awt.image.BufferedImage.TYPE_INT_RGB);
        img.setRGB(5, 5, 0xff0000);
        Path png = dataDir.resolve("red-dot.png");
        javax.imageio.ImageIO.write(img, "png", png.toFile());
        alice.openContact(bobId);
        alice.find("#composer-image").sendKeys(png.toString());
        alice.await("the image is stored and shown", () -> alice.imagesLoaded() == 1
                && "stored".equals(alice.find("#messages .message.mine:last-child").getAttribute("data-delivery")));
        bob.chatsTab();
        bob.await("last message shown as [image]", () -> bob.find(".session[data-key='u" + aliceId + "'] .last")
                .getText().equals("[image]"));
        bob.openSession("u" + aliceId);
        bob.await("the image loads inline from the image store", () -> bob.imagesLoaded() == 1);
        assertThat(bob.find("#messages img.inline-image").getAttribute("src"))
                .startsWith("http://127.0.0.1:" + cluster.fileServer().httpPort() + "/");
    }

    @Test
    @Order(6)
    void stoppedThenRestartedMsgServersLoseNoMessage() throws Exception {
        alice.openContact(bobId);
        bob.openSession("u" + aliceId);
        for (int i = 0; i < cluster.msgServers().size(); i++) {
            cluster.stopMsgServer(i);
        }
        alice.await("reconnecting shown", () -> alice.text("#status").startsWith("reconnecting"));
        bob.await("reconnecting shown", () -> bob.text("#status").startsWith("reconnecting"));
        alice.type("sent while the servers were down");
        bob.type("me too");
        alice.await("waiting to be sent", () -> "sending".equals(alice.delivery("sent while the servers were down")));
        bob.await("waiting to be sent", () -> "sending".equals(bob.delivery("me too")));

        for (int i = 0; i < cluster.msgServers().size(); i++) {
            cluster.startMsgServerAgain(i);
        }
        alice.await("online again", () -> "online".equals(alice.text("#status")));
        bob.await("online again", () -> "online".equals(bob.text("#status")));
        alice.await("stored after the reconnect", () -> "stored".equals(alice.delivery("sent while the servers were down")));
        bob.await("stored after the reconnect", () -> "stored".equals(bob.delivery("me too")));
        bob.await("alice's message arrives once", () -> bob.count("sent while the servers were down") == 1);
        alice.await("bob's message arrives once", () -> alice.count("me too") == 1);
        assertThat(alice.count("sent while the servers were down")).isEqualTo(1);
        assertThat(bob.count("me too")).isEqualTo(1);
        // what was said before the outage is still there, once
        assertThat(bob.count("hello bob")).isEqualTo(1);
        assertThat(bob.count("hi alice")).isEqualTo(1);
        bob.type("welcome back");
        alice.await("live delivery works again", () -> alice.count("welcome back") == 1);
    }

    @Test
    @Order(7)
    void signOutReturnsToTheLoginScreen() {
        alice.find("#sign-out").click();
        alice.await("login screen", () -> alice.find("#login-screen").isDisplayed() && !alice.find("#main-screen").isDisplayed());
        bob.await("alice shown offline", () -> {
            bob.contactsTab();
            return bob.find(".contact[data-user-id='" + aliceId + "'] .presence").getAttribute("class").contains("offline");
        });
    }

    /** Saves what both browsers show when a step fails (after every step with -Dwebchat.screenshots=always). */
    static final class Screenshots implements TestWatcher {
        @Override
        public void testSuccessful(ExtensionContext context) {
            if ("always".equals(System.getProperty("webchat.screenshots"))) {
                testFailed(context, null);
            }
        }

        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            String test = context.getRequiredTestMethod().getName();
            for (Browser b : new Browser[] {alice, bob}) {
                if (b == null) {
                    continue;
                }
                try {
                    b.screenshot(Path.of("target", "web-screenshots", test + "-" + b.name + ".png").toAbsolutePath());
                } catch (Exception e) {
                    System.err.println("no screenshot of " + b.name + ": " + e);
                }
            }
        }
    }
}
