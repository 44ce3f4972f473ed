package io.teamtalkj.msgserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class MsgServerConfigTest {
    @Test
    void defaultsAreTeamTalks() {
        MsgServerConfig c = new MsgServerConfig().validate();
        assertThat(c.port).isEqualTo(8000);
        assertThat(c.messageRateLimit).isEqualTo(20);
        assertThat(c.pcIdleTimeout).isEqualTo(Duration.ofSeconds(120));
        assertThat(c.mobileIdleTimeout).isEqualTo(Duration.ofSeconds(300));
        assertThat(c.unauthenticatedTimeout).isEqualTo(Duration.ofSeconds(15));
        assertThat(c.receiverAckTimeout).isEqualTo(Duration.ofSeconds(15));
        assertThat(c.fileServers).extracting(a -> a.getHostString() + ":" + a.getPort()).containsExactly("127.0.0.1:8601");
    }

    @Test
    void addressListsParseAndRefuseNonsense() {
        assertThat(MsgServerConfig.addresses("")).isEmpty();
        assertThat(MsgServerConfig.addresses(" a:1 , b:65535")).extracting(a -> a.getHostString() + ":" + a.getPort())
                .containsExactly("a:1", "b:65535");
        for (String bad : List.of("a", "a:", ":1", "a:x", "a:0", "a:70000")) {
            assertThatThrownBy(() -> MsgServerConfig.addresses(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void badSettingsAreRefused() {
        MsgServerConfig noDb = new MsgServerConfig();
        noDb.dbProxies = List.of();
        assertThatThrownBy(noDb::validate).hasMessageContaining("dbproxy");
        MsgServerConfig timers = new MsgServerConfig();
        timers.linkTimeout = Duration.ofSeconds(1);
        assertThatThrownBy(timers::validate).hasMessageContaining("link timeout");
        MsgServerConfig rate = new MsgServerConfig();
        rate.messageRateLimit = -1;
        assertThatThrownBy(rate::validate).hasMessageContaining("rate limit");
        MsgServerConfig grace = new MsgServerConfig();
        grace.slowReaderGrace = Duration.ofMillis(-1);
        assertThatThrownBy(grace::validate).hasMessageContaining("slow reader grace");
        MsgServerConfig queued = new MsgServerConfig();
        queued.maxQueuedBytes = 1024 * 1024;
        assertThatThrownBy(queued::validate).hasMessageContaining("high water mark");
    }
}
