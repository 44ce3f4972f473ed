package io.teamtalkj.route;

import io.teamtalkj.pdu.ClientClass;
import com.mogujie.tt.protobuf.IMBaseDefine.ServerUserStat;
import com.mogujie.tt.protobuf.IMBaseDefine.UserStatType;
import com.mogujie.tt.protobuf.IMServer.IMOnlineUserInfo;
import io.netty.channel.ChannelHandlerContext;
import io.teamtalkj.pdu.Pdu;
import io.teamtalkj.pdu.PduHandler;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * 0x0708 IMOnlineUserInfo: a msg-server's connections, one entry per connection, sent when its
 * link comes up. Each frame sets the connection counts of the users it names on this link (so a
 * snapshot that overlaps updates already applied counts nothing twice); a large snapshot may come
 * in several frames, each naming whole users.
 */
final class OnlineSnapshotHandler implements PduHandler<IMOnlineUserInfo> {
    private static final Logger log = LoggerFactory.getLogger(OnlineSnapshotHandler.class);

    private final RouteContext ctx;

    OnlineSnapshotHandler(RouteContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void handle(ChannelHandlerContext channel, Pdu pdu, IMOnlineUserInfo snapshot) {
        RouteLink link = RouteLink.of(channel.channel());
        ctx.stats.recordSnapshot();
        if (snapshot.hasTtServerName() && !snapshot.getTtServerName().isBlank()) {
            ctx.links.rename(link, snapshot.getTtServerName());
        }
        Map<Integer, int[]> counts = new LinkedHashMap<>();
        Map<Integer, int[]> contacts = new LinkedHashMap<>();
        for (ServerUserStat s : snapshot.getUserStatListList()) {
            if (s.getStatus() == UserStatType.USER_STATUS_OFFLINE) {
                continue;
            }
            int[] c = counts.computeIfAbsent(s.getUserId(), id -> new int[2]);
            c[ClientClass.of(s.getClientType()).bit == ClientClass.PC.bit ? 0 : 1]++;
            if (s.getTtContactIdsCount() > 0) {
                contacts.putIfAbsent(s.getUserId(), Presence.sortedDistinct(s.getTtContactIdsList(), s.getUserId()));
            }
        }
        for (Map.Entry<Integer, int[]> e : counts.entrySet()) {
            int userId = e.getKey();
            ctx.notifier.changed(ctx.presence.set(link, userId, e.getValue()[0], e.getValue()[1],
                    contacts.get(userId)));
        }
        log.info("{} ({}): snapshot of {} connections, {} users; {} users on this link", link, link.remoteAddress(),
                snapshot.getUserStatListCount(), counts.size(), link.userCount());
    }
}
