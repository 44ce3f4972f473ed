package io.teamtalkj.launcher.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterPortsTest {
    /** Every port of the layout with as many msg-servers as it has room for and 9 route-servers. */
    static List<Integer> all(ClusterPorts p) {
        List<Integer> ports = new ArrayList<>(List.of(p.loginHttp(), p.loginMetrics(), p.loginLinks(), p.fileClients(),
                p.fileMsgServers(), p.fileMetrics(), p.imageStore(), p.dbProxy(), p.dbProxyControl(), p.dbProxyMetrics(),
                p.mariaDb(), p.redis()));
        for (int i = 0; i < ClusterPorts.MAX_MSG_SERVERS; i++) {
            ports.addAll(List.of(p.msgServer(i), p.msgServerControl(i), p.msgServerMetrics(i)));
        }
        for (int i = 0; i < 9; i++) {
            ports.addAll(List.of(p.routeServer(i), p.routeControl(i), p.routeMetrics(i)));
        }
        return ports;
    }

    @Test
    void theLayoutSpansBaseToBasePlusTheLargestOffsetWithoutOverlaps() {
        List<Integer> ports = all(new ClusterPorts(8000));
        assertThat(Collections.min(ports)).isEqualTo(8000);
        assertThat(Collections.max(ports)).isEqualTo(8000 + ClusterPorts.LARGEST_OFFSET);
        assertThat(ports).doesNotHaveDuplicates();
    }

    @Test
    void theOtherBaseSharesNoPort() {
        for (int base : new int[] {1024, 8000, 9000, 60000, 65535 - 3000}) {
            ClusterPorts ports = new ClusterPorts(base);
            List<Integer> other = all(new ClusterPorts(ports.otherBase()));
            assertThat(other).as("base %d and %d", base, ports.otherBase()).doesNotContainAnyElementsOf(all(ports));
        }
        assertThat(new ClusterPorts(8000).otherBase()).isEqualTo(9000);
    }

    @Test
    void aBaseHasRoomForEightMsgServersFreePortsForNine() {
        LocalCluster.Options o = new LocalCluster.Options();
        o.msgServers = ClusterPorts.MAX_MSG_SERVERS + 1;
        assertThatThrownBy(o::validate).hasMessageContaining("msg-servers must be 1..8 with a port base");
        o.portBase = ClusterPorts.FREE_PORTS;
        o.validate();
    }

    @Test
    void freePortsLayOutNothing() {
        assertThat(all(new ClusterPorts(ClusterPorts.FREE_PORTS))).containsOnly(0);
        assertThatThrownBy(() -> new ClusterPorts(80)).hasMessageContaining("port base must be");
    }
}
