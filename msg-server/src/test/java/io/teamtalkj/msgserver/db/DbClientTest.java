package io.teamtalkj.msgserver.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.EventLoopGroup;
import io.teamtalkj.net.EventLoops;
import io.teamtalkj.net.PduLink;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Pdu;
import io.teamtalkj.testing.Ports;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class DbClientTest {
    @Test
    void withNoDbproxyLinkUpACallFailsAtOnceAsNotSent() throws Exception {
        EventLoopGroup group = EventLoops.newGroup("dbclient-test", 1);
        try (Socket refusing = Ports.refusing();
             DbClient db = new DbClient("t", List.of(InetSocketAddress.createUnresolved("127.0.0.1",
                     refusing.getLocalPort())), group, PduLink.Settings.DEFAULT, Duration.ofSeconds(10))) {
            CompletableFuture<Pdu> call = db.call(CommandId.CID_MSG_DATA, new byte[0], 1);
            assertThat(call).as("failed before returning, not after the 10 s timeout").isCompletedExceptionally();
            assertThatThrownBy(call::get).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(DbNotSentException.class).hasMessageContaining("no dbproxy link is up");
            assertThat(db.inFlight()).isZero();
        } finally {
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
        }
    }
}
