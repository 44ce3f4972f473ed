package io.teamtalkj.msgserver.session;

import io.teamtalkj.pdu.ClientClass;
import static org.assertj.core.api.Assertions.assertThat;

import com.mogujie.tt.protobuf.IMBaseDefine.ClientType;
import com.mogujie.tt.protobuf.IMBaseDefine.UserStatType;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionPartsTest {
    static ClientSession session(int user, ClientType type) {
        ClientSession s = ClientSession.attach(new EmbeddedChannel());
        s.beginLogin();
        s.authenticated(user, type, UserStatType.USER_STATUS_ONLINE);
        return s;
    }

    @Test
    void deviceClassesFollowTheHighNibble() {
        assertThat(ClientClass.of(ClientType.CLIENT_TYPE_WINDOWS)).isEqualTo(ClientClass.PC);
        assertThat(ClientClass.of(ClientType.CLIENT_TYPE_MAC)).isEqualTo(ClientClass.PC);
        assertThat(ClientClass.of(ClientType.CLIENT_TYPE_IOS)).isEqualTo(ClientClass.MOBILE);
        assertThat(ClientClass.of(ClientType.CLIENT_TYPE_ANDROID)).isEqualTo(ClientClass.MOBILE);
        assertThat(ClientClass.PC.admittedBy(0)).isTrue();
        assertThat(ClientClass.PC.admittedBy(2)).isFalse();
    }

    @Test
    void theRegistryKeepsOneConnectionPerDeviceClassAndCounts() {
        SessionRegistry r = new SessionRegistry();
        ClientSession pc1 = session(1, ClientType.CLIENT_TYPE_WINDOWS);
        ClientSession phone = session(1, ClientType.CLIENT_TYPE_ANDROID);
        ClientSession pc2 = session(1, ClientType.CLIENT_TYPE_MAC);
        assertThat(r.add(pc1)).isEmpty();
        assertThat(r.add(phone)).isEmpty();
        assertThat(r.add(pc2)).containsExactly(pc1);
        assertThat(r.sessions(1)).containsExactlyInAnyOrder(phone, pc2);
        assertThat(r.connectionCount()).isEqualTo(2);
        assertThat(r.remove(pc1)).as("already displaced").isFalse();
        assertThat(r.removeClass(1, ClientClass.PC)).containsExactly(pc2);
        assertThat(r.connectionCount()).isEqualTo(1);
        assertThat(r.all()).containsExactly(phone);
        assertThat(r.remove(phone)).isTrue();
        assertThat(r.isOnline(1)).isFalse();
        assertThat(r.connectionCount()).isZero();
        assertThat(r.userCount()).isZero();
    }

    @Test
    void theRateWindowAllowsTheLimitPerSecond() {
        RateWindow w = new RateWindow();
        int allowed = 0;
        for (int i = 0; i < 30; i++) {
            allowed += w.tryAcquire(5_000, 20) ? 1 : 0;
        }
        assertThat(allowed).isEqualTo(20);
        assertThat(w.tryAcquire(5_999, 20)).isFalse();
        assertThat(w.tryAcquire(6_000, 20)).as("a new second").isTrue();
        assertThat(w.tryAcquire(6_001, 0)).as("0 = unlimited").isTrue();
    }

    @Test
    void unackedDeliveriesExpireAndAcksRemoveThem() {
        UnackedDeliveries u = new UnackedDeliveries();
        long single = UnackedDeliveries.key(false, 5, 1);
        long group = UnackedDeliveries.key(true, 5, 1);
        assertThat(single).isNotEqualTo(group);
        u.delivered(single, 0);
        u.delivered(group, 0);
        u.delivered(UnackedDeliveries.key(false, 5, 2), 10);
        assertThat(u.acked(single)).isTrue();
        assertThat(u.acked(single)).isFalse();
        assertThat(u.expire(12, 10)).isEqualTo(1);
        assertThat(u.size()).isEqualTo(1);
        for (int i = 0; i < UnackedDeliveries.MAX_TRACKED + 10; i++) {
            u.delivered(UnackedDeliveries.key(false, 9, i), 0);
        }
        assertThat(u.size()).isEqualTo(UnackedDeliveries.MAX_TRACKED);
        assertThat(List.of(u.size())).isNotEmpty();
    }

    @Test
    void aSessionMovesThroughItsStates() {
        ClientSession s = ClientSession.attach(new EmbeddedChannel());
        assertThat(s.beginLogin()).isTrue();
        assertThat(s.beginLogin()).as("second login ignored").isFalse();
        assertThat(s.kick()).as("not authenticated yet").isFalse();
        s.authenticated(3, ClientType.CLIENT_TYPE_IOS, UserStatType.USER_STATUS_LEAVE);
        assertThat(s.isAuthenticated()).isTrue();
        assertThat(s.kick()).isTrue();
        assertThat(s.state()).isEqualTo(ClientSession.State.KICKED);
        assertThat(ClientSession.of(s.channel())).isSameAs(s);
    }
}
