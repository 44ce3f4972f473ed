package io.teamtalkj.dbproxy.handler;

import com.google.protobuf.Parser;
import com.mogujie.tt.protobuf.IMGroup.IMGroupCreateReq;
import com.mogujie.tt.protobuf.IMGroup.IMGroupCreateRsp;
import io.teamtalkj.dbproxy.core.DbContext;
import io.teamtalkj.dbproxy.core.DbHandler;
import io.teamtalkj.pdu.Conversations;
import io.teamtalkj.pdu.Reply;
import io.teamtalkj.dbproxy.storage.GroupRepository;
import io.teamtalkj.dbproxy.storage.GroupRepository.Created;
import io.teamtalkj.dbproxy.storage.GroupRepository.NewGroup;
import io.teamtalkj.dbproxy.storage.GroupRepository.Refused;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Failure;
import java.sql.Connection;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CID_GROUP_CREATE_REQUEST (0x0405): creates a group in one transaction (IMGroup, members, a
 * group session per member), then caches the members and {@code {g:<gid>}msg_id} = "0" in
 * Redis. The creator is added if missing (unless it is user 0, the admin service); duplicate ids
 * are merged; unknown user ids refuse the whole request (see {@link GroupRepository}).
 *
 * <p>Both group types are accepted: msg-server refuses GROUP_TYPE_NORMAL from clients, and the
 * admin service creates normal groups through here.
 */
public final class GroupCreateHandler implements DbHandler<IMGroupCreateReq> {
    private static final Logger log = LoggerFactory.getLogger(GroupCreateHandler.class);

    @Override
    public int commandId() {
        return CommandId.CID_GROUP_CREATE_REQUEST;
    }

    @Override
    public Parser<IMGroupCreateReq> parser() {
        return IMGroupCreateReq.parser();
    }

    @Override
    public long orderingKey(IMGroupCreateReq request) {
        return Conversations.user(request.getUserId());
    }

    @Override
    public Reply handle(IMGroupCreateReq request, DbContext ctx) throws Exception {
        int now = ctx.now();
        NewGroup group = new NewGroup(request.getUserId(), request.getGroupType(), request.getGroupName(),
                request.getGroupAvatar(), request.getMemberIdListList());
        Created created;
        try (Connection c = ctx.storage().connection()) {
            c.setAutoCommit(false);
            try {
                created = GroupRepository.createGroup(c, group, now);
                int limit = ctx.governance().rules().maxMembers();
                if (created.members().size() > limit) {
                    throw new Refused("a group may have at most " + limit + " members (asked for " + created.members().size() + ")");
                }
                c.commit();
            } catch (Refused e) {
                c.rollback();
                log.info("group create by user {} refused: {}", request.getUserId(), e.getMessage());
                return failed(request);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
        GroupRepository.cacheAfterCreate(ctx.storage().redis(), ctx.groupMembers(), created);
        log.info("user {} created {} group {} with {} members", request.getUserId(), request.getGroupType(),
                created.groupId(), created.members().size());
        IMGroupCreateRsp.Builder rsp = start(request).setResultCode(0).setGroupId(created.groupId())
                .addAllUserIdList(created.members());
        return Reply.of(CommandId.CID_GROUP_CREATE_RESPONSE, rsp.build());
    }

    @Override
    public Reply onFailure(IMGroupCreateReq request, Failure failure, String reason) {
        log.warn("group create by user {} failed: {}", request.getUserId(), reason);
        return failed(request);
    }

    private static Reply failed(IMGroupCreateReq request) {
        return Reply.of(CommandId.CID_GROUP_CREATE_RESPONSE, start(request).setResultCode(1).build());
    }

    private static IMGroupCreateRsp.Builder start(IMGroupCreateReq request) {
        IMGroupCreateRsp.Builder rsp = IMGroupCreateRsp.newBuilder().setUserId(request.getUserId())
                .setGroupName(request.getGroupName());
        return rsp;
    }
}
