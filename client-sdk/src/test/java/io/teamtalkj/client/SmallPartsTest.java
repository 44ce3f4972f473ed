package io.teamtalkj.client;

import io.teamtalkj.pdu.MiniJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Md5, seq numbers, the discovery JSON and the config checks. */
class SmallPartsTest {

    @Test
    void md5HexIsLowercaseAndMatchesKnownDigests() {
        assertThat(Md5.hex("")).isEqualTo("d41d8cd98f00b204e9800998ecf8427e");
        assertThat(Md5.hex("abc")).isEqualTo("900150983cd24fb0d6963f7d28e17f72");
        assertThat(Md5.hex("plain")).isEqualTo("ac7938d40cfc2307e2bf325d28e7884e");
    }

    @Test
    void seqSkipsZeroAndWraps() {
        SeqCounter seqs = new SeqCounter(65534);
        assertThat(seqs.next()).isEqualTo(65535);
        assertThat(seqs.next()).isEqualTo(1);
        assertThat(seqs.next()).isEqualTo(2);
        assertThat(new SeqCounter().next()).isEqualTo(1);
    }

    @Test
    void discoveryReplyLikeTheLoginServers() {
        String body = "{\n  \"backupIP\" : \"10.0.0.2\",\n  \"code\" : 0,\n  \"discovery\" : \"http://127.0.0.1/api/discovery\",\n"
                + "  \"msfsBackup\" : \"http://127.0.0.1:8700/\",\n  \"msfsPrior\" : \"http://127.0.0.1:8700/\",\n"
                + "  \"msg\" : \"\",\n  \"port\" : \"8000\",\n  \"priorIP\" : \"10.0.0.1\"\n}\n";
        InetSocketAddress a = Discovery.parseReply("u", 200, body);
        assertThat(a.getHostString()).isEqualTo("10.0.0.1");
        assertThat(a.getPort()).isEqualTo(8000);
        // a numeric port and an empty priorIP (backupIP used) are accepted too
        a = Discovery.parseReply("u", 200, "{\"code\":0,\"priorIP\":\"\",\"backupIP\":\"10.0.0.2\",\"port\":8001}");
        assertThat(a.getHostString()).isEqualTo("10.0.0.2");
        assertThat(a.getPort()).isEqualTo(8001);
    }

    @Test
    void discoveryErrorsAreClear() {
        assertThatThrownBy(() -> Discovery.parseReply("http://l/msg_server", 200, "{\"code\":1,\"msg\":\"没有msg_server\"}"))
                .isInstanceOf(DiscoveryException.class)
                .hasMessageContaining("code 1").hasMessageContaining("no msg-server available")
                .hasMessageContaining("没有msg_server")
                .satisfies(e -> assertThat(((DiscoveryException) e).code()).isEqualTo(1));
        assertThatThrownBy(() -> Discovery.parseReply("u", 200, "{\"code\":2,\"msg\":\"负载过高\"}"))
                .hasMessageContaining("all msg-servers are full");
        assertThatThrownBy(() -> Discovery.parseReply("u", 503, "")).hasMessageContaining("HTTP 503");
        assertThatThrownBy(() -> Discovery.parseReply("u", 200, "<html>")).hasMessageContaining("unreadable JSON");
        assertThatThrownBy(() -> Discovery.parseReply("u", 200, "{\"code\":0,\"priorIP\":\"1.2.3.4\",\"port\":\"x\"}"))
                .hasMessageContaining("no usable address");
    }

    @Test
    void miniJsonReadsTheWholeGrammar() {
        Object v = MiniJson.parse("{\"a\":[1,-2.5e1,true,false,null,\"x\\\"\\u4e2d\\n\"],\"b\":{}}");
        assertThat(v).isInstanceOf(Map.class);
        Map<?, ?> m = (Map<?, ?>) v;
        assertThat(m.get("a")).isEqualTo(Arrays.asList(1L, -25.0, true, false, null, "x\"中\n"));
        assertThat((Map<?, ?>) m.get("b")).isEmpty();
        assertThatThrownBy(() -> MiniJson.parse("{\"a\":1,}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MiniJson.parse("{\"a\":1} x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MiniJson.parse("{\"a\"")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void configNeedsUserPasswordAndATarget() {
        assertThatThrownBy(() -> ClientConfig.builder().password("p").msgServer("h", 1).build())
                .hasMessageContaining("user");
        assertThatThrownBy(() -> ClientConfig.builder().user("u").msgServer("h", 1).build())
                .hasMessageContaining("password");
        assertThatThrownBy(() -> ClientConfig.builder().user("u").password("p").build())
                .hasMessageContaining("loginUrl or msgServer");
        ClientConfig cfg = ClientConfig.builder().user("u").password("plain").msgServer("h", 1).build();
        assertThat(cfg.passwordMd5()).isEqualTo(Md5.hex("plain"));
        assertThat(cfg.toString()).doesNotContain(Md5.hex("plain"));
        assertThat(cfg.toBuilder().user("v").build().passwordMd5()).isEqualTo(cfg.passwordMd5());
    }
}
