package io.teamtalkj.msgserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.mogujie.tt.protobuf.IMBaseDefine.ClientType;
import io.teamtalkj.login.LoginServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Two msg-servers register with a login-server, which spreads clients between them. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LoginServerSpreadIT {
    static TestBed bed;
    static LoginServer login;
    static MsgServer ms1;
    static MsgServer ms2;

    @BeforeAll
    static void start() throws Exception {
        bed = TestBed.start();
        for (int i = 1; i <= 6; i++) {
            bed.user(i, "s" + i, "pw" + i);
        }
        login = TestBed.startLoginServer();
        ms1 = bed.startMsgServer(withLogin(bed.msgConfig("ms-a")));
        ms2 = bed.startMsgServer(withLogin(bed.msgConfig("ms-b")));
        await(() -> login.registry().size() == 2);
    }

    static MsgServerConfig withLogin(MsgServerConfig c) {
        c.loginServers = new ArrayList<>(List.of(InetSocketAddress.createUnresolved("127.0.0.1", login.msgServerPort())));
        return c;
    }

    @AfterAll
    static void stop() {
        bed.close();
        login.close();
    }

    @Test
    void clientsAreSpreadOverBothMsgServersAndCountsFollowLogouts() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        List<RawClient> clients = new ArrayList<>();
        Map<RawClient, Integer> portOf = new HashMap<>();
        Map<Integer, Integer> perPort = new HashMap<>();
        try {
            for (int i = 1; i <= 6; i++) {
                String json = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + login.httpPort() + "/msg_server"))
                        .build(), HttpResponse.BodyHandlers.ofString()).body();
                assertThat(json).contains("\"code\":0");
                Matcher m = Pattern.compile("\"port\":\"(\\d+)\"").matcher(json);
                assertThat(m.find()).as(json).isTrue();
                int port = Integer.parseInt(m.group(1));
                assertThat(port).isIn(ms1.port(), ms2.port());
                RawClient client = RawClient.loggedIn(port, "s" + i, "pw" + i, ClientType.CLIENT_TYPE_WINDOWS);
                clients.add(client);
                portOf.put(client, port);
                perPort.merge(port, 1, Integer::sum);
                long expected = i;
                await(() -> login.registry().totalUsers() == expected);
            }
            assertThat(perPort).containsEntry(ms1.port(), 3).containsEntry(ms2.port(), 3);

            // three users leave ms-a: the next client goes there
            int closed = 0;
            for (RawClient c : new ArrayList<>(clients)) {
                if (closed < 3 && portOf.get(c) == ms1.port()) {
                    c.close();
                    clients.remove(c);
                    closed++;
                }
            }
            await(() -> login.registry().totalUsers() == 3);
            String json = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + login.httpPort() + "/msg_server"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
            assertThat(json).contains("\"port\":\"" + ms1.port() + "\"");
        } finally {
            for (RawClient c : clients) {
                c.close();
            }
        }
    }

    static void await(BooleanSupplier condition) {
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(condition::getAsBoolean);
    }
}
