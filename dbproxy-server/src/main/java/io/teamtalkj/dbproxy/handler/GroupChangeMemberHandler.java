package io.teamtalkj.dbproxy.handler;

import com.google.protobuf.Parser;
import com.mogujie.tt.protobuf.IMBaseDefine.GroupModifyType;
import com.mogujie.tt.protobuf.IMGroup.IMGroupChangeMemberReq;
import com.mogujie.tt.protobuf.IMGroup.IMGroupChangeMemberRsp;
import io.teamtalkj.dbproxy.core.DbContext;
import io.teamtalkj.dbproxy.core.DbHandler;
import io.teamtalkj.pdu.Conversations;
import io.teamtalkj.pdu.Reply;
import io.teamtalkj.dbproxy.storage.GroupRepository;
import io.teamtalkj.dbproxy.storage.GroupRepository.Change;
import io.teamtalkj.dbproxy.storage.GroupRepository.Refused;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Failure;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CID_GROUP_CHANGE_MEMBER_REQUEST (0x0407): adds or removes members in one transaction, then
 * rewrites the Redis member hash before answering. Ordered with the group's messages (group
 * ordering key), so a message stored after the reply already sees the new membership.
 *
 * <p>Permissions (stricter than TeamTalk, which let anyone add to a temporary group): see
 * {@link GroupRepository}. A refused request or an unknown group answers result 1 and changes
 * nothing. The reply lists the members afterwards and the users whose membership actually
 * changed (an already-member added or a non-member removed is not listed).
 */
public final class GroupChangeMemberHandler implements DbHandler<IMGroupChangeMemberReq> {
    private static final Logger log = LoggerFactory.getLogger(GroupChangeMemberHandler.class);

    @Override
    public int commandId() {
        return CommandId.CID_GROUP_CHANGE_MEMBER_REQUEST;
    }

    @Override
    public Parser<IMGroupChangeMemberReq> parser() {
        return IMGroupChangeMemberReq.parser();
    }

    @Override
    public long orderingKey(IMGroupChangeMemberReq request) {
        return Conversations.group(request.getGroupId());
    }

    @Override
    public Reply handle(IMGroupChangeMemberReq request, DbContext ctx) throws Exception {
        Change change;
        try (Connection c = ctx.storage().connection()) {
            c.setAutoCommit(false);
            try {
                change = GroupRepository.change(c, request.getUserId(), request.getGroupId(), request.getChangeType(),
                        request.getMemberIdListList(), ctx.now());
                boolean adding = request.getChangeType() == GroupModifyType.GROUP_MODIFY_TYPE_ADD;
                String denied = ctx.governance().membershipChangeRefusal(c, request.getGroupId(), adding,
                        change.members().size(), adding ? List.of() : change.changed());
                if (denied != null) {
                    throw new Refused(denied);
                }
                c.commit();
            } catch (Refused e) {
                c.rollback();
                log.info("{} on group {} by user {} refused: {}", request.getChangeType(), request.getGroupId(),
                        request.getUserId(), e.getMessage());
                return failed(request);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
        GroupRepository.cacheAfterChange(ctx.storage().redis(), ctx.groupMembers(), change);
        if (request.getChangeType() != GroupModifyType.GROUP_MODIFY_TYPE_ADD && !change.changed().isEmpty()) {
            ctx.governance().roleCache().invalidate(change.groupId());
        }
        if (!change.changed().isEmpty()) {
            log.info("user {} {} {} in group {} (version {})", request.getUserId(), request.getChangeType(),
                    change.changed(), change.groupId(), change.version());
        }
        IMGroupChangeMemberRsp.Builder rsp = start(request).setResultCode(0)
                .addAllCurUserIdList(new TreeSet<>(change.members().keySet()))
                .addAllChgUserIdList(change.changed());
        return Reply.of(CommandId.CID_GROUP_CHANGE_MEMBER_RESPONSE, rsp.build());
    }

    @Override
    public Reply onFailure(IMGroupChangeMemberReq request, Failure failure, String reason) {
        log.warn("{} on group {} by user {} failed: {}", request.getChangeType(), request.getGroupId(),
                request.getUserId(), reason);
        return failed(request);
    }

    private static Reply failed(IMGroupChangeMemberReq request) {
        return Reply.of(CommandId.CID_GROUP_CHANGE_MEMBER_RESPONSE, start(request).setResultCode(1).build());
    }

    private static IMGroupChangeMemberRsp.Builder start(IMGroupChangeMemberReq request) {
        IMGroupChangeMemberRsp.Builder rsp = IMGroupChangeMemberRsp.newBuilder().setUserId(request.getUserId())
                .setChangeType(request.getChangeType()).setGroupId(request.getGroupId());
        return rsp;
    }
}
