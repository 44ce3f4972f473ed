package io.teamtalkj.login;

import io.teamtalkj.pdu.UserCountAction;
import static org.assertj.core.api.Assertions.assertThat;

import com.mogujie.tt.protobuf.IMServer.IMMsgServInfo;
import org.junit.jupiter.api.Test;

class MsgServerRegistryTest {
    private final MsgServerRegistry registry = new MsgServerRegistry();

    static IMMsgServInfo info(String host, int port, int cur, int max) {
        return IMMsgServInfo.newBuilder().setIp1("10.0.0." + port % 250).setIp2("192.168.0." + port % 250).setPort(port)
                .setMaxConnCnt(max).setCurConnCnt(cur).setHostName(host).build();
    }

    private String chosenHost() {
        MsgServerChoice c = registry.choose();
        assertThat(c.code()).isEqualTo(MsgServerChoice.OK);
        return c.server().hostName();
    }

    @Test
    void noneRegisteredIsCode1() {
        MsgServerChoice c = registry.choose();
        assertThat(c.code()).isEqualTo(MsgServerChoice.NO_MSG_SERVER);
        assertThat(c.server()).isNull();
    }

    @Test
    void fewestUsersWinsAndTiesGoToTheFirstRegistered() {
        registry.register("a", "peer-a", info("a", 8000, 5, 100));
        registry.register("b", "peer-b", info("b", 8001, 3, 100));
        registry.register("c", "peer-c", info("c", 8002, 3, 100));
        assertThat(chosenHost()).isEqualTo("b");

        registry.userCountChanged("b", UserCountAction.ADD);
        assertThat(chosenHost()).isEqualTo("c");
        registry.userCountChanged("c", UserCountAction.ADD);
        assertThat(chosenHost()).isEqualTo("b"); // 4 vs 4: b came first

        registry.userCountChanged("a", UserCountAction.REMOVE);
        registry.userCountChanged("a", UserCountAction.REMOVE);
        assertThat(chosenHost()).isEqualTo("a");
        assertThat(registry.totalUsers()).isEqualTo(3 + 4 + 4);
    }

    @Test
    void fullServersAreSkippedAndAllFullIsCode2() {
        registry.register("a", "peer-a", info("a", 8000, 1, 100));
        registry.register("b", "peer-b", info("b", 8001, 0, 0));
        assertThat(chosenHost()).isEqualTo("a"); // b has fewer users but no room

        registry.register("a", "peer-a", info("a", 8000, 100, 100));
        MsgServerChoice full = registry.choose();
        assertThat(full.code()).isEqualTo(MsgServerChoice.ALL_FULL);
        assertThat(full.server()).isNull();

        registry.userCountChanged("a", UserCountAction.REMOVE);
        assertThat(chosenHost()).isEqualTo("a");
    }

    @Test
    void aLaterAnnouncementReplacesTheEntryButKeepsItsPlace() {
        registry.register("a", "peer-a", info("a", 8000, 7, 100));
        registry.register("b", "peer-b", info("b", 8001, 2, 100));
        registry.register("a", "peer-a", info("a2", 9000, 2, 50));
        assertThat(registry.size()).isEqualTo(2);
        MsgServerEntry a = registry.entries().get(0);
        assertThat(a.hostName()).isEqualTo("a2");
        assertThat(a.port()).isEqualTo(9000);
        assertThat(a.curConnCnt()).isEqualTo(2);
        assertThat(a.maxConnCnt()).isEqualTo(50);
        assertThat(chosenHost()).isEqualTo("a2"); // tie with b, but a registered first
    }

    @Test
    void countsNeverGoBelowZeroAndUnknownActionsAreIgnored() {
        registry.register("a", "peer-a", info("a", 8000, 1, 100));
        registry.userCountChanged("a", UserCountAction.REMOVE);
        registry.userCountChanged("a", UserCountAction.REMOVE);
        assertThat(registry.entries().get(0).curConnCnt()).isZero();
        assertThat(registry.userCountChanged("a", 7)).isNull();
        assertThat(registry.entries().get(0).curConnCnt()).isZero();
        registry.userCountChanged("a", UserCountAction.ADD);
        assertThat(registry.entries().get(0).curConnCnt()).isEqualTo(1);
    }

    @Test
    void updatesFromAnUnregisteredLinkAreIgnored() {
        assertThat(registry.userCountChanged("ghost", UserCountAction.ADD)).isNull();
        assertThat(registry.size()).isZero();
    }

    @Test
    void uint32CountsAboveIntMaxStayPositive() {
        registry.register("a", "peer-a", IMMsgServInfo.newBuilder().setIp1("1.1.1.1").setIp2("1.1.1.1").setPort(8000)
                .setMaxConnCnt(-1).setCurConnCnt(Integer.MIN_VALUE).setHostName("big").build());
        MsgServerEntry e = registry.entries().get(0);
        assertThat(e.maxConnCnt()).isEqualTo(4_294_967_295L);
        assertThat(e.curConnCnt()).isEqualTo(2_147_483_648L);
        assertThat(chosenHost()).isEqualTo("big");
    }

    @Test
    void removeForgetsTheLink() {
        registry.register("a", "peer-a", info("a", 8000, 1, 100));
        assertThat(registry.remove("a")).isNotNull();
        assertThat(registry.remove("a")).isNull();
        assertThat(registry.choose().code()).isEqualTo(MsgServerChoice.NO_MSG_SERVER);
    }
}
