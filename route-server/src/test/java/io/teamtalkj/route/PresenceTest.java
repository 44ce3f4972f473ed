package io.teamtalkj.route;

import io.teamtalkj.pdu.ClientClass;
import static org.assertj.core.api.Assertions.assertThat;

import com.mogujie.tt.protobuf.IMBaseDefine.ClientType;
import com.mogujie.tt.protobuf.IMBaseDefine.UserStatType;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.List;
import org.junit.jupiter.api.Test;

class PresenceTest {
    private final RouteLink a = new RouteLink(1, new EmbeddedChannel());
    private final RouteLink b = new RouteLink(2, new EmbeddedChannel());
    private static final int PC = ClientClass.PC.bit;
    private static final int MOBILE = ClientClass.MOBILE.bit;

    @Test
    void deviceClassFollowsTeamTalksMobileBit() {
        assertThat(ClientClass.of(ClientType.CLIENT_TYPE_WINDOWS).bit).isEqualTo(PC);
        assertThat(ClientClass.of(ClientType.CLIENT_TYPE_MAC).bit).isEqualTo(PC);
        assertThat(ClientClass.of(ClientType.CLIENT_TYPE_IOS).bit).isEqualTo(MOBILE);
        assertThat(ClientClass.of(ClientType.CLIENT_TYPE_ANDROID).bit).isEqualTo(MOBILE);
        assertThat(ClientClass.fromEnvelopeClass(0)).isEqualTo(ClientClass.ANY);
        assertThat(ClientClass.fromEnvelopeClass(1)).isEqualTo(PC);
        assertThat(ClientClass.fromEnvelopeClass(2)).isEqualTo(MOBILE);
    }

    @Test
    void connectionsAreCountedPerLinkAndClass() {
        Presence p = new Presence(true);
        StatusChange first = p.connect(a, 7, PC, new int[] {8, 9});
        assertThat(first.classesBefore()).isZero();
        assertThat(first.classesAfter()).isEqualTo(PC);
        assertThat(first.arrival()).isTrue();
        assertThat(first.contacts()).containsExactly(8, 9);

        p.connect(b, 7, MOBILE, new int[0]);
        p.connect(a, 7, PC, new int[0]); // a second PC connection during a kick: counted, not merged
        UserPresence u = p.get(7);
        assertThat(u.linkCount()).isEqualTo(2);
        assertThat(u.pcOn(u.indexOf(a))).isEqualTo(2);
        assertThat(u.mobileOn(u.indexOf(b))).isEqualTo(1);
        assertThat(u.classes()).isEqualTo(PC | MOBILE);
        assertThat(u.contacts()).as("an update without contacts keeps the known ones").containsExactly(8, 9);
        assertThat(p.connections()).isEqualTo(3);
        assertThat(p.pcConnections()).isEqualTo(2);
        assertThat(p.mobileConnections()).isEqualTo(1);
        assertThat(a.users).containsExactly(7);
        assertThat(a.pcConnections).isEqualTo(2);
        assertThat(b.mobileConnections).isEqualTo(1);

        StatusChange stillPc = p.disconnect(a, 7, PC);
        assertThat(stillPc.classesBefore()).isEqualTo(PC | MOBILE);
        assertThat(stillPc.classesAfter()).isEqualTo(PC | MOBILE);
        StatusChange lastPc = p.disconnect(a, 7, PC);
        assertThat(lastPc.pcBefore()).isTrue();
        assertThat(lastPc.pcAfter()).isFalse();
        assertThat(lastPc.arrival()).isFalse();
        assertThat(a.users).isEmpty();
        assertThat(p.get(7).linkCount()).isEqualTo(1);

        assertThat(p.disconnect(a, 7, PC)).as("nothing left to disconnect").isNull();
        StatusChange gone = p.disconnect(b, 7, MOBILE);
        assertThat(gone.classesAfter()).isZero();
        assertThat(gone.contacts()).as("contacts of a user who left come from before").containsExactly(8, 9);
        assertThat(p.get(7)).isNull();
        assertThat(p.connections()).isZero();
        assertThat(p.connectedUsers()).isZero();
    }

    @Test
    void newContactsReplaceOldOnes() {
        Presence p = new Presence(true);
        p.connect(a, 1, PC, new int[] {2, 3});
        p.connect(b, 1, MOBILE, new int[] {4});
        assertThat(p.get(1).contacts()).containsExactly(4);
    }

    @Test
    void mobileCountsAsOnlineOnlyWhenConfigured() {
        Presence counting = new Presence(true);
        Presence teamtalk = new Presence(false);
        for (Presence p : List.of(counting, teamtalk)) {
            p.connect(a, 1, MOBILE, new int[0]);
            p.connect(a, 2, PC, new int[0]);
        }
        assertThat(counting.status(1)).isEqualTo(UserStatType.USER_STATUS_ONLINE);
        assertThat(teamtalk.status(1)).isEqualTo(UserStatType.USER_STATUS_OFFLINE);
        assertThat(counting.status(2)).isEqualTo(UserStatType.USER_STATUS_ONLINE);
        assertThat(teamtalk.status(2)).isEqualTo(UserStatType.USER_STATUS_ONLINE);
        assertThat(counting.status(3)).isEqualTo(UserStatType.USER_STATUS_OFFLINE);
        assertThat(counting.onlineUsers()).isEqualTo(2);
        assertThat(teamtalk.onlineUsers()).isEqualTo(1);
        assertThat(teamtalk.connectedUsers()).isEqualTo(2);
        assertThat(teamtalk.pcUsers()).isEqualTo(1);
    }

    @Test
    void snapshotEntriesSetCountsSoRepeatsDoNotDoubleCount() {
        Presence p = new Presence(true);
        p.connect(a, 5, PC, new int[0]); // an update that raced the snapshot
        StatusChange c = p.set(a, 5, 1, 1, new int[] {6});
        assertThat(c.classesAfter()).isEqualTo(PC | MOBILE);
        p.set(a, 5, 1, 1, new int[0]);
        UserPresence u = p.get(5);
        assertThat(u.pcOn(0)).isEqualTo(1);
        assertThat(u.mobileOn(0)).isEqualTo(1);
        assertThat(u.contacts()).containsExactly(6);
        assertThat(p.connections()).isEqualTo(2);
        assertThat(p.set(a, 5, 1, 1, new int[0])).as("no change, nothing to notify").isNull();
    }

    @Test
    void removingALinkTakesItsUsersOffline() {
        Presence p = new Presence(true);
        p.connect(a, 1, PC, new int[0]);
        p.connect(a, 2, MOBILE, new int[0]);
        p.connect(a, 3, PC, new int[0]);
        p.connect(b, 3, MOBILE, new int[0]);
        List<StatusChange> changes = p.removeLink(a);
        assertThat(changes).extracting(StatusChange::userId).containsExactlyInAnyOrder(1, 2, 3);
        assertThat(p.get(1)).isNull();
        assertThat(p.get(2)).isNull();
        assertThat(p.get(3).classes()).isEqualTo(MOBILE);
        assertThat(p.connections()).isEqualTo(1);
        assertThat(p.pcUsers()).isZero();
        assertThat(a.users).isEmpty();
        assertThat(a.userCount).isZero();
    }

    @Test
    void sortedDistinctDropsDuplicatesAndSelf() {
        assertThat(Presence.sortedDistinct(List.of(5, 3, 5, 9, 1, 3), 9)).containsExactly(1, 3, 5);
        assertThat(Presence.sortedDistinct(new int[] {4, 4, 2, 0}, 3)).containsExactly(2, 4);
    }
}
