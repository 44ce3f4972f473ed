package io.teamtalkj.msgserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.mogujie.tt.protobuf.IMBaseDefine.ClientType;
import com.mogujie.tt.protobuf.IMBaseDefine.SessionType;
import io.teamtalkj.client.ClientConfig;
import io.teamtalkj.client.ClientListener;
import io.teamtalkj.client.TeamTalkClient;
import io.teamtalkj.dbproxy.DbProxyServer;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A msg-server with two dbproxies on the same database: when one stops, conversations move to the
 * other and every acked message is in the history, with gapless msg_ids.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class DbProxyFailoverIT {
    static TestBed bed;
    static DbProxyServer second;
    static MsgServer server;

    @BeforeAll
    static void start() throws Exception {
        bed = TestBed.start();
        for (int i = 1; i <= 10; i++) {
            bed.user(i, "f" + i, "pw" + i);
        }
        second = DbProxyServer.start(bed.dbConfig);
        MsgServerConfig c = bed.msgConfig("ms-dbfail");
        c.dbProxies = new ArrayList<>(List.of(InetSocketAddress.createUnresolved("127.0.0.1", bed.dbProxy.port()),
                InetSocketAddress.createUnresolved("127.0.0.1", second.port())));
        c.messageRateLimit = 0;
        server = bed.startMsgServer(c);
        Awaitility.await("both dbproxy links up").atMost(Duration.ofSeconds(10)).until(() -> server.db().upCount() >= 2);
    }

    @AfterAll
    static void stop() {
        bed.close();
        second.close();
    }

    @Test
    void conversationsMoveToTheOtherDbproxyAndNothingAckedIsLost() throws Exception {
        List<TeamTalkClient> senders = new ArrayList<>();
        try {
            for (int i = 1; i <= 4; i++) {
                senders.add(TeamTalkClient.create(ClientConfig.builder().msgServer("127.0.0.1", server.port())
                        .user("f" + i).password("pw" + i).clientType(ClientType.CLIENT_TYPE_WINDOWS)
                        .requestTimeout(Duration.ofSeconds(15)).reconnect(false).build(), new ClientListener() { }));
                senders.get(i - 1).connect().get(15, TimeUnit.SECONDS);
            }
            List<Set<Integer>> acked = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                acked.add(new HashSet<>());
            }
            for (int round = 0; round < 40; round++) {
                if (round == 15) {
                    second.close(); // tells its msg-servers to stop using it, then goes away
                }
                for (int i = 0; i < 4; i++) {
                    try {
                        acked.get(i).add(senders.get(i).sendText(10, "r" + round).get(15, TimeUnit.SECONDS).getMsgId());
                    } catch (Exception e) {
                        // a message in flight on the closing link may go unacked: the client would resend it
                    }
                }
            }
            assertThat(server.db().upCount()).isEqualTo(1);
            for (int i = 0; i < 4; i++) {
                Set<Integer> sent = acked.get(i);
                assertThat(sent.size()).as("sender %d: nearly everything acked", i + 1).isGreaterThanOrEqualTo(38);
                List<Integer> stored = new ArrayList<>();
                senders.get(i).history(SessionType.SESSION_TYPE_SINGLE, 10, 0, 100).get(15, TimeUnit.SECONDS)
                        .getMsgListList().forEach(m -> stored.add(m.getMsgId()));
                assertThat(stored).as("every acked message of sender %d is stored", i + 1).containsAll(sent);
                // gapless per conversation: ids 1..n
                assertThat(stored).hasSize(stored.stream().mapToInt(Integer::intValue).max().orElse(0));
            }
        } finally {
            senders.forEach(TeamTalkClient::close);
        }
    }
}
