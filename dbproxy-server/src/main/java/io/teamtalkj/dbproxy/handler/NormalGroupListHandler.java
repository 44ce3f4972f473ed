package io.teamtalkj.dbproxy.handler;

import com.google.protobuf.Parser;
import com.mogujie.tt.protobuf.IMBaseDefine.GroupType;
import com.mogujie.tt.protobuf.IMBaseDefine.GroupVersionInfo;
import com.mogujie.tt.protobuf.IMGroup.IMNormalGroupListReq;
import com.mogujie.tt.protobuf.IMGroup.IMNormalGroupListRsp;
import io.teamtalkj.dbproxy.core.DbContext;
import io.teamtalkj.dbproxy.core.DbHandler;
import io.teamtalkj.pdu.Conversations;
import io.teamtalkj.pdu.Reply;
import io.teamtalkj.dbproxy.storage.GroupRepository;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Failure;
import java.sql.Connection;

/**
 * CID_GROUP_NORMAL_LIST_REQUEST (0x0401): the fixed (GROUP_TYPE_NORMAL) groups the user is an
 * active member of, with their versions, in one query. Temporary groups reach clients through
 * recent sessions instead, as in TeamTalk.
 */
public final class NormalGroupListHandler implements DbHandler<IMNormalGroupListReq> {
    @Override
    public int commandId() {
        return CommandId.CID_GROUP_NORMAL_LIST_REQUEST;
    }

    @Override
    public Parser<IMNormalGroupListReq> parser() {
        return IMNormalGroupListReq.parser();
    }

    @Override
    public long orderingKey(IMNormalGroupListReq request) {
        return Conversations.user(request.getUserId());
    }

    @Override
    public Reply handle(IMNormalGroupListReq request, DbContext ctx) throws Exception {
        IMNormalGroupListRsp.Builder rsp = start(request);
        try (Connection c = ctx.storage().connection()) {
            for (GroupRepository.GroupVersion g : GroupRepository.listGroups(c, request.getUserId(), GroupType.GROUP_TYPE_NORMAL)) {
                rsp.addGroupVersionList(GroupVersionInfo.newBuilder().setGroupId(g.groupId()).setVersion(g.version()));
            }
        }
        return Reply.of(CommandId.CID_GROUP_NORMAL_LIST_RESPONSE, rsp.build());
    }

    /** No result field: TeamTalk always answered, so a failure answers with an empty list. */
    @Override
    public Reply onFailure(IMNormalGroupListReq request, Failure failure, String reason) {
        return Reply.of(CommandId.CID_GROUP_NORMAL_LIST_RESPONSE, start(request).build());
    }

    private static IMNormalGroupListRsp.Builder start(IMNormalGroupListReq request) {
        IMNormalGroupListRsp.Builder rsp = IMNormalGroupListRsp.newBuilder().setUserId(request.getUserId());
        return rsp;
    }
}
