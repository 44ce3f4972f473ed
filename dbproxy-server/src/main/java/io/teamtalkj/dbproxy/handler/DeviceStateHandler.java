package io.teamtalkj.dbproxy.handler;

import com.google.protobuf.Parser;
import io.teamtalkj.dbproxy.core.DbContext;
import io.teamtalkj.dbproxy.core.DbHandler;
import io.teamtalkj.dbproxy.storage.PhoneStates;
import io.teamtalkj.pdu.Conversations;
import io.teamtalkj.pdu.PushCommandId;
import io.teamtalkj.pdu.Reply;
import io.teamtalkj.pdu.push.DeviceStateReq;

/**
 * 0x0822 DeviceStateReq (msg-server, no answer): a phone connection logged in, its app went to the
 * background or came back, or it went away; kept in {@link PhoneStates} so whichever server
 * decides a push can tell the user's active devices from inactive ones. Ordered with the user's
 * token updates.
 */
public final class DeviceStateHandler implements DbHandler<DeviceStateReq> {
    @Override
    public int commandId() {
        return PushCommandId.CID_INTERNAL_DEVICE_STATE_REQ;
    }

    @Override
    public Parser<DeviceStateReq> parser() {
        return DeviceStateReq.parser();
    }

    @Override
    public long orderingKey(DeviceStateReq request) {
        return Conversations.user(request.getUserId());
    }

    @Override
    public Reply handle(DeviceStateReq req, DbContext ctx) {
        var redis = ctx.storage().redis();
        switch (req.getState()) {
            case DISCONNECTED -> PhoneStates.disconnected(redis, req.getUserId(), req.getConnectionId());
            case FOREGROUND, BACKGROUND -> {
                boolean foreground = req.getState() == DeviceStateReq.State.FOREGROUND;
                if (req.getLogin()) {
                    PhoneStates.connected(redis, req.getUserId(), req.getConnectionId(), req.getDeviceId());
                } else {
                    PhoneStates.appState(redis, req.getUserId(), req.getConnectionId(), req.getDeviceId(), foreground);
                }
            }
        }
        return Reply.NONE;
    }
}
