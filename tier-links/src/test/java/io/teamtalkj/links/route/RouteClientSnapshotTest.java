package io.teamtalkj.links.route;

import static org.assertj.core.api.Assertions.assertThat;

import com.mogujie.tt.protobuf.IMBaseDefine.ClientType;
import com.mogujie.tt.protobuf.IMBaseDefine.ServerUserStat;
import com.mogujie.tt.protobuf.IMServer.IMOnlineUserInfo;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Pdu;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouteClientSnapshotTest {
    @Test
    void anEmptyRecordStillSendsOneFrameNamingTheServer() throws Exception {
        List<Pdu> frames = RouteClient.snapshotFrames("msg-1", List.of());
        assertThat(frames).hasSize(1);
        assertThat(frames.get(0).commandId()).isEqualTo(CommandId.CID_OTHER_ONLINE_USER_INFO);
        IMOnlineUserInfo info = frames.get(0).parse(IMOnlineUserInfo.parser());
        assertThat(info.getTtServerName()).isEqualTo("msg-1");
        assertThat(info.getUserStatListCount()).isZero();
    }

    @Test
    void aLargeRecordIsSplitIntoFramesOfWholeUsers() throws Exception {
        List<RouteClient.UserCopy> users = new ArrayList<>();
        int[] contacts = new int[300];
        for (int i = 0; i < contacts.length; i++) {
            contacts[i] = 1_000_000 + i;
        }
        for (int u = 1; u <= 2000; u++) {
            int[] counts = new int[ClientType.values().length];
            counts[0] = 1; // Windows
            if (u % 2 == 0) {
                counts[3] = 1; // Android
            }
            users.add(new RouteClient.UserCopy(u, counts, contacts));
        }
        List<Pdu> frames = RouteClient.snapshotFrames("msg-1", users);
        assertThat(frames.size()).isGreaterThan(5);
        Map<Integer, Integer> connections = new HashMap<>();
        Map<Integer, Integer> contactLists = new HashMap<>();
        for (Pdu f : frames) {
            assertThat(f.frameLength()).isLessThanOrEqualTo(RouteClient.SNAPSHOT_FRAME_BUDGET + 16 + 4096);
            IMOnlineUserInfo info = f.parse(IMOnlineUserInfo.parser());
            assertThat(info.getTtServerName()).isEqualTo("msg-1");
            java.util.Set<Integer> inThisFrame = new java.util.HashSet<>();
            for (ServerUserStat s : info.getUserStatListList()) {
                inThisFrame.add(s.getUserId());
                connections.merge(s.getUserId(), 1, Integer::sum);
                if (s.getTtContactIdsCount() > 0) {
                    assertThat(s.getTtContactIdsCount()).isEqualTo(300);
                    contactLists.merge(s.getUserId(), 1, Integer::sum);
                }
            }
            for (int u : inThisFrame) {
                assertThat(connections.get(u)).as("user %d's entries sit in one frame", u)
                        .isEqualTo((int) info.getUserStatListList().stream().filter(s -> s.getUserId() == u).count());
            }
        }
        assertThat(connections).hasSize(2000);
        assertThat(connections.get(1)).isEqualTo(1);
        assertThat(connections.get(2)).isEqualTo(2);
        assertThat(contactLists.values()).as("contacts carried once per user").containsOnly(1);
        assertThat(contactLists).hasSize(2000);
    }
}
