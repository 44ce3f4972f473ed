package io.teamtalkj.dbproxy.handler;

import com.google.protobuf.Parser;
import com.mogujie.tt.protobuf.IMGroup.IMGroupShieldReq;
import com.mogujie.tt.protobuf.IMGroup.IMGroupShieldRsp;
import io.teamtalkj.dbproxy.core.DbContext;
import io.teamtalkj.dbproxy.core.DbHandler;
import io.teamtalkj.pdu.Conversations;
import io.teamtalkj.pdu.Reply;
import io.teamtalkj.dbproxy.storage.GroupShields;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Failure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CID_GROUP_SHIELD_GROUP_REQUEST (0x0409): a member mutes (1) or unmutes (0) pushes of a group.
 * Stored in TTGroupShield and cached in TeamTalk's {@code group_set_<gid>} hash (see
 * {@link GroupShields}). Non-members and values other than 0/1 get result 1.
 */
public final class GroupShieldHandler implements DbHandler<IMGroupShieldReq> {
    private static final Logger log = LoggerFactory.getLogger(GroupShieldHandler.class);

    @Override
    public int commandId() {
        return CommandId.CID_GROUP_SHIELD_GROUP_REQUEST;
    }

    @Override
    public Parser<IMGroupShieldReq> parser() {
        return IMGroupShieldReq.parser();
    }

    /** The group's key: mute writes and reads of one group are serialized with its messages. */
    @Override
    public long orderingKey(IMGroupShieldReq request) {
        return Conversations.group(request.getGroupId());
    }

    @Override
    public Reply handle(IMGroupShieldReq request, DbContext ctx) throws Exception {
        int status = request.getShieldStatus();
        if (status != 0 && status != 1) {
            log.info("user {} sent shield status {} for group {}", request.getUserId(), status, request.getGroupId());
            return reply(request, 1);
        }
        if (!ctx.groupMembers().isMember(request.getGroupId(), request.getUserId())) {
            log.info("user {} is not a member of group {}: shield refused", request.getUserId(), request.getGroupId());
            return reply(request, 1);
        }
        GroupShields.set(ctx.storage(), request.getGroupId(), request.getUserId(), status, ctx.now());
        return reply(request, 0);
    }

    @Override
    public Reply onFailure(IMGroupShieldReq request, Failure failure, String reason) {
        log.warn("shield of group {} by user {} failed: {}", request.getGroupId(), request.getUserId(), reason);
        return reply(request, 1);
    }

    private static Reply reply(IMGroupShieldReq request, int result) {
        IMGroupShieldRsp.Builder rsp = IMGroupShieldRsp.newBuilder().setUserId(request.getUserId())
                .setGroupId(request.getGroupId()).setResultCode(result);
        return Reply.of(CommandId.CID_GROUP_SHIELD_GROUP_RESPONSE, rsp.build());
    }
}
