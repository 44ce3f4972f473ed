package io.teamtalkj.dbproxy.handler;

import com.google.protobuf.Parser;
import com.mogujie.tt.protobuf.IMBaseDefine.UserInfo;
import com.mogujie.tt.protobuf.IMBuddy.IMUsersInfoReq;
import com.mogujie.tt.protobuf.IMBuddy.IMUsersInfoRsp;
import io.teamtalkj.dbproxy.core.DbContext;
import io.teamtalkj.dbproxy.core.DbHandler;
import io.teamtalkj.pdu.Conversations;
import io.teamtalkj.pdu.Reply;
import io.teamtalkj.dbproxy.storage.Users;
import io.teamtalkj.dbproxy.storage.WatermarkPage;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Failure;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CID_BUDDY_LIST_USER_INFO_REQUEST (0x0204): profiles of the listed users, in request order, with
 * one IN query. Unknown ids are left out; users who left (status 3) are included with their
 * status so clients can show them as such. At most {@link #MAX_IDS} distinct ids are served per
 * request (the rest are ignored) and the reply stops before it would exceed a client frame.
 */
public final class UsersInfoHandler implements DbHandler<IMUsersInfoReq> {
    private static final Logger log = LoggerFactory.getLogger(UsersInfoHandler.class);

    /** 500 profiles of typical size (~150 bytes) are ~75 KiB, far below the 400 KiB frame. */
    static final int MAX_IDS = 500;

    @Override
    public int commandId() {
        return CommandId.CID_BUDDY_LIST_USER_INFO_REQUEST;
    }

    @Override
    public Parser<IMUsersInfoReq> parser() {
        return IMUsersInfoReq.parser();
    }

    @Override
    public long orderingKey(IMUsersInfoReq request) {
        return Conversations.user(request.getUserId());
    }

    @Override
    public Reply handle(IMUsersInfoReq req, DbContext ctx) throws Exception {
        Set<Integer> ids = new LinkedHashSet<>();
        for (int id : req.getUserIdListList()) {
            if (ids.size() == MAX_IDS) {
                log.warn("user {} asked for {} profiles; serving the first {}", req.getUserId(),
                        req.getUserIdListCount(), MAX_IDS);
                break;
            }
            ids.add(id);
        }
        Map<Integer, UserInfo> found = ctx.storage().read(c -> Users.byIds(c, ids));
        IMUsersInfoRsp.Builder b = empty(req);
        int budget = WatermarkPage.frameBudget(ctx.config().maxFrameLength, req.getAttachData().size());
        long used = 0;
        for (int id : ids) {
            UserInfo info = found.get(id);
            if (info == null) {
                continue;
            }
            used += info.getSerializedSize() + 4;
            if (used > budget) {
                log.warn("profiles for user {} cut at {} to fit a frame", req.getUserId(), b.getUserInfoListCount());
                break;
            }
            b.addUserInfoList(info);
        }
        return Reply.of(CommandId.CID_BUDDY_LIST_USER_INFO_RESPONSE, b.build());
    }

    private static IMUsersInfoRsp.Builder empty(IMUsersInfoReq req) {
        IMUsersInfoRsp.Builder b = IMUsersInfoRsp.newBuilder().setUserId(req.getUserId());
        return b;
    }

    /** The message has no result field: an empty list tells the client nothing was found. */
    @Override
    public Reply onFailure(IMUsersInfoReq req, Failure failure, String reason) {
        return Reply.of(CommandId.CID_BUDDY_LIST_USER_INFO_RESPONSE, empty(req).build());
    }
}
