package io.teamtalkj.dbproxy.handler;

import com.google.protobuf.Parser;
import com.mogujie.tt.protobuf.IMBaseDefine.GroupInfo;
import com.mogujie.tt.protobuf.IMBaseDefine.GroupVersionInfo;
import com.mogujie.tt.protobuf.IMGroup.IMGroupInfoListReq;
import com.mogujie.tt.protobuf.IMGroup.IMGroupInfoListRsp;
import io.teamtalkj.dbproxy.core.DbContext;
import io.teamtalkj.dbproxy.core.DbHandler;
import io.teamtalkj.pdu.Conversations;
import io.teamtalkj.pdu.Reply;
import io.teamtalkj.dbproxy.storage.GroupRepository;
import io.teamtalkj.dbproxy.storage.GroupRepository.GroupRow;
import io.teamtalkj.dbproxy.storage.GroupShields;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Failure;
import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CID_GROUP_INFO_REQUEST (0x0403): info of the requested groups whose stored version is newer
 * than the version the client has (one query for the rows; members from the Redis member hash,
 * reloaded from MySQL if Redis lost it; the requester's push mute from {@code group_set_<gid>}).
 *
 * <p>Visibility (TeamTalk answered for any group id): a temporary group is shown only to its
 * members, since its member list is private to the chat; a fixed (normal) group is company-wide
 * and shown to anyone. User 0 (internal) sees every group. Unknown, deleted and hidden groups
 * are simply left out, as are groups whose version the client already has.
 */
public final class GroupInfoHandler implements DbHandler<IMGroupInfoListReq> {
    private static final Logger log = LoggerFactory.getLogger(GroupInfoHandler.class);

    /** Groups answered per request; keeps the reply under the clients' 400 KiB frame limit. */
    static final int MAX_GROUPS = 500;

    @Override
    public int commandId() {
        return CommandId.CID_GROUP_INFO_REQUEST;
    }

    @Override
    public Parser<IMGroupInfoListReq> parser() {
        return IMGroupInfoListReq.parser();
    }

    @Override
    public long orderingKey(IMGroupInfoListReq request) {
        return Conversations.user(request.getUserId());
    }

    @Override
    public Reply handle(IMGroupInfoListReq request, DbContext ctx) throws Exception {
        int user = request.getUserId();
        Map<Integer, Integer> known = new LinkedHashMap<>();
        for (GroupVersionInfo v : request.getGroupVersionListList()) {
            if (known.size() >= MAX_GROUPS) {
                log.warn("user {} asked for {} groups; answering the first {}", user,
                        request.getGroupVersionListCount(), MAX_GROUPS);
                break;
            }
            known.merge(v.getGroupId(), v.getVersion(), Math::min);
        }
        Map<Integer, GroupRow> rows;
        try (Connection c = ctx.storage().connection()) {
            rows = GroupRepository.findLiveGroups(c, known.keySet());
        }
        IMGroupInfoListRsp.Builder rsp = start(request);
        for (Map.Entry<Integer, Integer> e : known.entrySet()) {
            GroupRow g = rows.get(e.getKey());
            if (g == null || Integer.toUnsignedLong(g.version()) <= Integer.toUnsignedLong(e.getValue())) {
                continue;
            }
            Map<Integer, Integer> members = ctx.groupMembers().members(g.id());
            if (g.isTemporary() && user != 0 && !members.containsKey(user)) {
                log.debug("group {} hidden from non-member {}", g.id(), user);
                continue;
            }
            int shield = user == 0 ? 0 : GroupShields.statuses(ctx.storage(), g.id(), List.of(user)).get(user);
            rsp.addGroupInfoList(GroupInfo.newBuilder()
                    .setGroupId(g.id())
                    .setVersion(g.version())
                    .setGroupName(g.name())
                    .setGroupAvatar(g.avatar())
                    .setGroupCreatorId(g.creator())
                    .setGroupType(g.groupType())
                    .setShieldStatus(shield)
                    .addAllGroupMemberList(new TreeSet<>(members.keySet())));
        }
        return Reply.of(CommandId.CID_GROUP_INFO_RESPONSE, rsp.build());
    }

    /** No result field: an empty list reads as "nothing newer", and the client asks again later. */
    @Override
    public Reply onFailure(IMGroupInfoListReq request, Failure failure, String reason) {
        return Reply.of(CommandId.CID_GROUP_INFO_RESPONSE, start(request).build());
    }

    private static IMGroupInfoListRsp.Builder start(IMGroupInfoListReq request) {
        IMGroupInfoListRsp.Builder rsp = IMGroupInfoListRsp.newBuilder().setUserId(request.getUserId());
        return rsp;
    }
}
