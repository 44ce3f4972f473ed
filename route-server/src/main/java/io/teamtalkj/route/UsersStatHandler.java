package io.teamtalkj.route;

import com.mogujie.tt.protobuf.IMBaseDefine.UserStat;
import com.mogujie.tt.protobuf.IMBuddy.IMUsersStatReq;
import com.mogujie.tt.protobuf.IMBuddy.IMUsersStatRsp;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Reply;
import io.teamtalkj.pdu.RequestHandler;

/**
 * 0x020a IMUsersStatReq from a msg-server, answered from the presence table with 0x020b
 * IMUsersStatRsp (the registry sends it with the request's seq and attach_data). Each UserStat also says which device
 * classes are connected (tt_online_classes), so a msg-server can still tell "a PC is online"
 * (for file transfer and push decisions) when mobile sessions count as online.
 */
final class UsersStatHandler implements RequestHandler<IMUsersStatReq> {
    private final RouteContext ctx;

    UsersStatHandler(RouteContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Reply handle(IMUsersStatReq req) {
        ctx.stats.recordUsersStatRequest();
        IMUsersStatRsp.Builder rsp = IMUsersStatRsp.newBuilder().setUserId(req.getUserId());
        for (int userId : req.getUserIdListList()) {
            int classes = ctx.presence.classes(userId);
            rsp.addUserStatList(UserStat.newBuilder()
                    .setUserId(userId)
                    .setStatus(ctx.presence.statusOf(classes))
                    .setTtOnlineClasses(classes));
        }
        return Reply.of(CommandId.CID_BUDDY_LIST_USERS_STATUS_RESPONSE, rsp.build());
    }
}
