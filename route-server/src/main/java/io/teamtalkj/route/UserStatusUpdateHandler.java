package io.teamtalkj.route;

import io.teamtalkj.pdu.ClientClass;
import com.mogujie.tt.protobuf.IMBaseDefine.UserStatType;
import com.mogujie.tt.protobuf.IMServer.IMUserStatusUpdate;
import io.netty.channel.ChannelHandlerContext;
import io.teamtalkj.pdu.Pdu;
import io.teamtalkj.pdu.PduHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * 0x070a IMUserStatusUpdate: one connection of a user came up (ONLINE, with the user's contacts
 * in tt_contact_ids) or went away (OFFLINE) on the sending msg-server. LEAVE is never sent by
 * msg-servers (TeamTalk did not propagate it) and is ignored.
 */
final class UserStatusUpdateHandler implements PduHandler<IMUserStatusUpdate> {
    private static final Logger log = LoggerFactory.getLogger(UserStatusUpdateHandler.class);

    private final RouteContext ctx;

    UserStatusUpdateHandler(RouteContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void handle(ChannelHandlerContext channel, Pdu pdu, IMUserStatusUpdate update) {
        RouteLink link = RouteLink.of(channel.channel());
        ctx.stats.recordStatusUpdate();
        link.statusUpdates.increment();
        int userId = update.getUserId();
        int deviceClass = ClientClass.of(update.getClientType()).bit;
        if (update.getUserStatus() == UserStatType.USER_STATUS_ONLINE_VALUE) {
            int[] contacts = Presence.sortedDistinct(update.getTtContactIdsList(), userId);
            ctx.notifier.changed(ctx.presence.connect(link, userId, deviceClass, contacts));
        } else if (update.getUserStatus() == UserStatType.USER_STATUS_OFFLINE_VALUE) {
            StatusChange change = ctx.presence.disconnect(link, userId, deviceClass);
            if (change == null) {
                log.debug("{}: OFFLINE for user {} ({}) that had no such connection", link, userId,
                        update.getClientType());
            }
            ctx.notifier.changed(change);
        } else {
            log.debug("{}: ignoring status {} of user {}", link, update.getUserStatus(), userId);
        }
    }
}
