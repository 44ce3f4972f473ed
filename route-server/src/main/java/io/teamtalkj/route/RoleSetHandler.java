package io.teamtalkj.route;

import com.mogujie.tt.protobuf.IMServer.IMRoleSet;
import io.netty.channel.ChannelHandlerContext;
import io.teamtalkj.pdu.Pdu;
import io.teamtalkj.pdu.PduHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * 0x0707 IMRoleSet: master=1 when the msg-server relays through this route-server (its active
 * one). Only master links get the status and PC-login notifications this route-server generates,
 * so a msg-server linked to several route-servers hears each notification once.
 */
final class RoleSetHandler implements PduHandler<IMRoleSet> {
    private static final Logger log = LoggerFactory.getLogger(RoleSetHandler.class);

    @Override
    public void handle(ChannelHandlerContext channel, Pdu pdu, IMRoleSet roleSet) {
        RouteLink link = RouteLink.of(channel.channel());
        boolean master = roleSet.getMaster() == 1;
        if (link.master() != master) {
            log.info("{} ({}): this route-server is now its {} route", link, link.remoteAddress(),
                    master ? "active" : "standby");
        }
        link.master(master);
    }
}
