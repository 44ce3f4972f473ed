package io.teamtalkj.login;

import static org.assertj.core.api.Assertions.assertThat;

import com.mogujie.tt.protobuf.IMServer.IMMsgServInfo;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MsgServerJsonTest {
    private static final String MSFS = "http://127.0.0.1:8700/";
    private static final String DISCOVERY = "http://127.0.0.1/api/discovery";

    private static MsgServerChoice chosen(String ip1, String ip2, int port) {
        MsgServerRegistry r = new MsgServerRegistry();
        r.register("x", "peer", IMMsgServInfo.newBuilder().setIp1(ip1).setIp2(ip2).setPort(port).setMaxConnCnt(10)
                .setCurConnCnt(0).setHostName("h").build());
        return r.choose();
    }

    @Test
    void successCarriesEveryKeyInOrderWithPortAsAString() {
        byte[] body = MsgServerJson.body(chosen("10.0.0.5", "10.0.0.6", 8000), MSFS, "http://backup:8700/", DISCOVERY);
        assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo(
                "{\"code\":0,\"msg\":\"\",\"priorIP\":\"10.0.0.5\",\"backupIP\":\"10.0.0.6\",\"port\":\"8000\","
                        + "\"msfsPrior\":\"http://127.0.0.1:8700/\",\"msfsBackup\":\"http://backup:8700/\","
                        + "\"discovery\":\"http://127.0.0.1/api/discovery\"}");
    }

    @Test
    void failuresAreTheTwoChineseMessagesInUtf8() {
        MsgServerRegistry r = new MsgServerRegistry();
        assertThat(MsgServerJson.body(r.choose(), MSFS, MSFS, DISCOVERY))
                .isEqualTo("{\"code\":1,\"msg\":\"没有msg_server\"}".getBytes(StandardCharsets.UTF_8));
        r.register("x", "peer", IMMsgServInfo.newBuilder().setIp1("a").setIp2("b").setPort(1).setMaxConnCnt(1)
                .setCurConnCnt(1).setHostName("h").build());
        byte[] full = MsgServerJson.body(r.choose(), MSFS, MSFS, DISCOVERY);
        assertThat(full).isEqualTo("{\"code\":2,\"msg\":\"负载过高\"}".getBytes(StandardCharsets.UTF_8));
        // the exact UTF-8 bytes of 负载过高, so a wrong charset anywhere shows up here
        assertThat(full).containsSequence(0xe8, 0xb4, 0x9f, 0xe8, 0xbd, 0xbd, 0xe8, 0xbf, 0x87, 0xe9, 0xab, 0x98);
    }

    @Test
    void aMsgServerWithWebSocketAddsTheWsUrlKeyLast() {
        MsgServerRegistry r = new MsgServerRegistry();
        r.register("x", "peer", IMMsgServInfo.newBuilder().setIp1("10.0.0.5").setIp2("10.0.0.6").setPort(8000)
                .setMaxConnCnt(10).setCurConnCnt(0).setHostName("h").setWsUrl("wss://10.0.0.5:8003/ws").build());
        assertThat(MsgServerJson.text(r.choose(), MSFS, MSFS, DISCOVERY))
                .endsWith(",\"discovery\":\"http://127.0.0.1/api/discovery\",\"wsUrl\":\"wss://10.0.0.5:8003/ws\"}");
    }

    @Test
    void stringsAreEscaped() {
        StringBuilder sb = new StringBuilder();
        MsgServerJson.string(sb, "a\"b\\c\nd\u0001e\u2028/é");
        assertThat(sb.toString()).isEqualTo("\"a\\\"b\\\\c\\nd\\u0001e\\u2028/é\"");
        String text = MsgServerJson.text(chosen("x\"y", "z", 1), "http://m/\"", "http://m/", "http://d/");
        assertThat(text).contains("\"priorIP\":\"x\\\"y\"", "\"msfsPrior\":\"http://m/\\\"\"");
    }
}
