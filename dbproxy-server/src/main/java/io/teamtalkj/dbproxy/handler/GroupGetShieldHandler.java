package io.teamtalkj.dbproxy.handler;

import com.google.protobuf.Parser;
import com.mogujie.tt.protobuf.IMBaseDefine.ShieldStatus;
import com.mogujie.tt.protobuf.IMServer.IMGroupGetShieldReq;
import com.mogujie.tt.protobuf.IMServer.IMGroupGetShieldRsp;
import io.teamtalkj.dbproxy.core.DbContext;
import io.teamtalkj.dbproxy.core.DbHandler;
import io.teamtalkj.pdu.Conversations;
import io.teamtalkj.pdu.Reply;
import io.teamtalkj.dbproxy.storage.GroupShields;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Failure;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CID_OTHER_GET_SHIELD_REQ (0x0711): msg-server asks, before pushing a group message, which of
 * the listed users muted the group. One HMGET on {@code group_set_<gid>} (MySQL only if Redis
 * lost the hash). Users never set are answered 0 (not muted).
 */
public final class GroupGetShieldHandler implements DbHandler<IMGroupGetShieldReq> {
    private static final Logger log = LoggerFactory.getLogger(GroupGetShieldHandler.class);

    @Override
    public int commandId() {
        return CommandId.CID_OTHER_GET_SHIELD_REQ;
    }

    @Override
    public Parser<IMGroupGetShieldReq> parser() {
        return IMGroupGetShieldReq.parser();
    }

    @Override
    public long orderingKey(IMGroupGetShieldReq request) {
        return Conversations.group(request.getGroupId());
    }

    @Override
    public Reply handle(IMGroupGetShieldReq request, DbContext ctx) throws Exception {
        Set<Integer> users = new LinkedHashSet<>(request.getUserIdList());
        IMGroupGetShieldRsp.Builder rsp = start(request);
        if (!users.isEmpty()) {
            Map<Integer, Integer> statuses = GroupShields.statuses(ctx.storage(), request.getGroupId(), users);
            for (int user : users) {
                rsp.addShieldStatusList(ShieldStatus.newBuilder().setUserId(user).setGroupId(request.getGroupId())
                        .setShieldStatus(statuses.getOrDefault(user, 0)));
            }
        }
        return Reply.of(CommandId.CID_OTHER_GET_SHIELD_RSP, rsp.build());
    }

    /**
     * No result field. An empty list makes msg-server push to nobody for this message, which is
     * safer than pushing to users who muted the group.
     */
    @Override
    public Reply onFailure(IMGroupGetShieldReq request, Failure failure, String reason) {
        log.warn("shield lookup of group {} failed: {}", request.getGroupId(), reason);
        return Reply.of(CommandId.CID_OTHER_GET_SHIELD_RSP, start(request).build());
    }

    private static IMGroupGetShieldRsp.Builder start(IMGroupGetShieldReq request) {
        IMGroupGetShieldRsp.Builder rsp = IMGroupGetShieldRsp.newBuilder().setGroupId(request.getGroupId());
        return rsp;
    }
}
