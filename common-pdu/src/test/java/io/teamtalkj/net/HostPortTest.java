package io.teamtalkj.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class HostPortTest {
    @Test
    void parsesNamesIpv4AndBracketedIpv6() {
        assertThat(HostPort.parse(" db.example:10600 ")).isEqualTo(new HostPort("db.example", 10600));
        assertThat(HostPort.parse("127.0.0.1:8000").port()).isEqualTo(8000);
        HostPort v6 = HostPort.parse("[::1]:10601");
        assertThat(v6.host()).isEqualTo("::1");
        assertThat(v6).hasToString("[::1]:10601");
    }

    @Test
    void refusesWhatIsNotHostColonPortSayingWhat() {
        assertThatThrownBy(() -> HostPort.parse("localhost")).hasMessage("expected HOST:PORT, got 'localhost'");
        assertThatThrownBy(() -> HostPort.parse(":80")).hasMessageContaining("expected HOST:PORT");
        assertThatThrownBy(() -> HostPort.parse("h:0")).hasMessageContaining("port from 1 to 65535");
        assertThatThrownBy(() -> HostPort.parse("h:65536")).hasMessageContaining("port from 1 to 65535");
        assertThatThrownBy(() -> HostPort.parse("h:http")).hasMessageContaining("got 'h:http'");
        assertThatThrownBy(() -> HostPort.parse("::1:80")).hasMessageContaining("[ADDRESS]:PORT");
    }

    @Test
    void listsAreCommaSeparatedAndEmptyMeansNone() {
        assertThat(HostPort.parseList("")).isEmpty();
        assertThat(HostPort.parseList("  ")).isEmpty();
        assertThat(HostPort.parseList("a:1, b:2")).containsExactly(new HostPort("a", 1), new HostPort("b", 2));
        assertThatThrownBy(() -> HostPort.parseList("a:1,,b:2")).hasMessageContaining("expected HOST:PORT");
    }

    @Test
    void socketAddressIsUnresolvedSoLinksResolveWhenTheyConnect() {
        InetSocketAddress a = new HostPort("db.example", 10600).toSocketAddress();
        assertThat(a.isUnresolved()).isTrue();
        assertThat(a.getHostString()).isEqualTo("db.example");
    }
}
